import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, decideSignIn, type MembershipState, type PendingInvitation, type Provider, type SignInPolicy } from './policy.ts';
import type { MembershipRole } from './schema.ts';

const SCHOOL = 'Breslov University';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '11111111-2222-4333-8444-555555555555';
const PROVIDERS: Provider[] = ['google_oidc', 'microsoft_oidc', 'magic_link'];

// ---- the matrix: every combination, checked against the rules as the issue states them --------

type DomainRule = 'none' | 'match, address inside' | 'match, address outside' | 'verification, vouched' | 'verification, not vouched';
type Entra = 'any tenant' | 'tenant listed, same' | 'tenant listed, other';
type Case = {
  provider: Provider;
  providerAllowed: boolean;
  verified: boolean;
  domainRule: DomainRule;
  entra: Entra;
  membership: MembershipState;
  invitation: PendingInvitation;
  autoProvision: boolean;
  staffDomain: boolean;
};

const MEMBERSHIPS: MembershipState[] = [null, { status: 'active', role: 'student' }, { status: 'active', role: 'admin' }, { status: 'invited', role: 'student' }, { status: 'removed', role: 'instructor' }];
const INVITATIONS: PendingInvitation[] = [null, { id: 'inv-1', role: 'instructor' }, { id: 'inv-2', role: 'student' }];
const DOMAIN_RULES: DomainRule[] = ['none', 'match, address inside', 'match, address outside', 'verification, vouched', 'verification, not vouched'];
const ENTRAS: Entra[] = ['any tenant', 'tenant listed, same', 'tenant listed, other'];

function* cases(): Generator<Case> {
  for (const provider of PROVIDERS)
    for (const providerAllowed of [true, false])
      for (const verified of [true, false])
        for (const domainRule of DOMAIN_RULES)
          for (const entra of ENTRAS)
            for (const membership of MEMBERSHIPS)
              for (const invitation of INVITATIONS)
                for (const autoProvision of [true, false])
                  for (const staffDomain of [true, false]) yield { provider, providerAllowed, verified, domainRule, entra, membership, invitation, autoProvision, staffDomain };
}

function run(c: Case) {
  const email = c.domainRule === 'match, address outside' ? 'pat@gmail.com' : 'pat@breslov.edu';
  const policy: SignInPolicy = {
    ...DEFAULT_POLICY,
    allowedProviders: c.providerAllowed ? PROVIDERS : PROVIDERS.filter((p) => p !== c.provider),
    allowedDomains: c.domainRule.startsWith('match') ? ['breslov.edu'] : [],
    requireDomainMatch: c.domainRule.startsWith('match'),
    requireDomainVerification: c.domainRule.startsWith('verification'),
    autoProvision: c.autoProvision,
    domainRoleMap: c.staffDomain ? { 'breslov.edu': 'instructor' } : {},
    entraTenantIds: c.entra === 'any tenant' ? [] : [TENANT],
  };
  const attempt = {
    provider: c.provider,
    email,
    emailVerified: c.verified,
    domainVerified: c.domainRule !== 'verification, not vouched',
    entraTenantId: c.entra === 'tenant listed, other' ? OTHER_TENANT : TENANT,
  };
  return decideSignIn(policy, SCHOOL, attempt, c.membership, c.invitation);
}

/** The rules, in the order a person meets them. */
function expected(c: Case): { refused: RegExp } | { role: MembershipRole; via: string } {
  if (!c.providerAllowed) return { refused: /does not offer sign-in with/ };
  if (!c.verified) return { refused: /email address is not verified/ };
  if (c.provider === 'microsoft_oidc' && c.entra === 'tenant listed, other') return { refused: /only accepts Microsoft accounts from its own organisation/ };
  if (c.domainRule === 'match, address outside') return { refused: /only accepts email addresses at breslov\.edu/ };
  if (c.domainRule === 'verification, not vouched') return { refused: /needs .* to confirm that breslov\.edu belongs/ };
  const active = c.membership?.status === 'active' ? c.membership.role : null;
  if (c.invitation) {
    const higher = active === 'admin' || (active === 'instructor' && c.invitation.role !== 'admin') || (active === 'student' && c.invitation.role === 'student');
    return { role: higher ? active! : c.invitation.role, via: 'invitation' };
  }
  if (active) return { role: active, via: 'membership' };
  if (c.membership?.status === 'removed') return { refused: /membership of Breslov University has ended/ };
  if (!c.autoProvision) return { refused: /is not a member of Breslov University\. Ask a school admin for an invitation/ };
  return { role: c.staffDomain ? 'instructor' : 'student', via: 'auto_provision' };
}

describe('decideSignIn: the policy matrix', () => {
  it('provider × verified × domain rules × Entra tenants × membership × invitation × auto_provision × domain roles', () => {
    let count = 0;
    const wrong: string[] = [];
    for (const c of cases()) {
      count++;
      const got = run(c);
      const want = expected(c);
      const ok = 'refused' in want ? !got.allowed && want.refused.test(got.reason) : got.allowed && got.role === want.role && got.via === want.via;
      if (!ok) wrong.push(`${JSON.stringify(c)} → ${JSON.stringify(got)}, wanted ${'refused' in want ? want.refused : JSON.stringify(want)}`);
    }
    expect(count).toBe(3 * 2 * 2 * 5 * 3 * 5 * 3 * 2 * 2);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('never hands out owner through sign-in, whatever the stored domain map says', () => {
    const policy = { ...DEFAULT_POLICY, domainRoleMap: { 'breslov.edu': 'owner' as const } };
    const decision = decideSignIn(policy, SCHOOL, { provider: 'magic_link', email: 'pat@breslov.edu', emailVerified: true, domainVerified: true }, null);
    expect(decision).toEqual({ allowed: true, role: 'student', via: 'auto_provision' });
  });

  it('an invitation does not get around the provider, verification, tenant or domain rules', () => {
    const invitation = { id: 'inv', role: 'instructor' as const };
    const strict: SignInPolicy = { ...DEFAULT_POLICY, allowedProviders: ['microsoft_oidc'], entraTenantIds: [TENANT], autoProvision: false };
    const attempt = { provider: 'microsoft_oidc' as const, email: 'pat@breslov.edu', emailVerified: true, domainVerified: true, entraTenantId: TENANT };
    expect(decideSignIn(strict, SCHOOL, attempt, null, invitation)).toMatchObject({ allowed: true, role: 'instructor', via: 'invitation' });
    expect(decideSignIn(strict, SCHOOL, { ...attempt, provider: 'magic_link' }, null, invitation).allowed).toBe(false);
    expect(decideSignIn(strict, SCHOOL, { ...attempt, emailVerified: false }, null, invitation).allowed).toBe(false);
    expect(decideSignIn(strict, SCHOOL, { ...attempt, entraTenantId: OTHER_TENANT }, null, invitation).allowed).toBe(false);
    expect(decideSignIn({ ...strict, requireDomainMatch: true, allowedDomains: ['other.edu'] }, SCHOOL, attempt, null, invitation).allowed).toBe(false);
  });

  it('refusals are sentences that name the school and say what to do', () => {
    const refused = decideSignIn({ ...DEFAULT_POLICY, autoProvision: false }, SCHOOL, { provider: 'magic_link', email: 'Pat@Example.com', emailVerified: true, domainVerified: true }, null);
    expect(refused).toEqual({ allowed: false, reason: 'pat@example.com is not a member of Breslov University. Ask a school admin for an invitation.' });
  });
});
