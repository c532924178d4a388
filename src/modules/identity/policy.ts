import { hasRole } from './roles.ts';
import type { IDENTITY_PROVIDERS, MembershipRole } from './schema.ts';

export type Provider = (typeof IDENTITY_PROVIDERS)[number];

export type SignInPolicy = {
  allowedProviders: Provider[];
  allowedDomains: string[];
  requireDomainMatch: boolean;
  requireDomainVerification: boolean;
  autoProvision: boolean;
  domainRoleMap: Record<string, MembershipRole>;
  entraTenantIds: string[];
};

/** A school without a policy row: every method, anyone may join as a student. */
export const DEFAULT_POLICY: SignInPolicy = {
  allowedProviders: ['google_oidc', 'microsoft_oidc', 'magic_link'],
  allowedDomains: [],
  requireDomainMatch: false,
  requireDomainVerification: false,
  autoProvision: true,
  domainRoleMap: {},
  entraTenantIds: [],
};

export const PROVIDER_NAMES: Record<Provider, string> = {
  google_oidc: 'Google',
  microsoft_oidc: 'Microsoft',
  magic_link: 'an email link',
};

export type SignInAttempt = {
  provider: Provider;
  email: string;
  emailVerified: boolean;
  /** The provider vouches the address's domain belongs to the account (Google `hd`, an Entra work tenant, or owning the inbox). */
  domainVerified: boolean;
  entraTenantId?: string | null;
};

export type MembershipState = { status: 'active' | 'invited' | 'removed'; role: MembershipRole } | null;

/** A pending, unexpired invitation for the address signing in. */
export type PendingInvitation = { id: string; role: MembershipRole } | null;

/**
 * How an allowed sign-in gets its membership: it already has one (`membership`), it accepts
 * an invitation (`invitation`: membership created or re-activated with the invited role, or
 * kept at the higher of the two for an active member), or it joins by `auto_provision`.
 */
export type SignInDecision =
  | { allowed: true; role: MembershipRole; via: 'membership' | 'invitation' | 'auto_provision' }
  | { allowed: false; reason: string };

/**
 * The one place a school's sign-in policy is applied; every sign-in path (magic link,
 * Google, Microsoft, invitation acceptance) asks it. Provider, verified email, Entra tenant
 * and domain rules bind everyone, invited or not; an invitation only stands in for
 * auto-provisioning and for a removed membership. Refusals are sentences for the person
 * trying to sign in.
 */
export function decideSignIn(
  policy: SignInPolicy,
  schoolName: string,
  attempt: SignInAttempt,
  membership: MembershipState,
  invitation: PendingInvitation = null,
): SignInDecision {
  const email = attempt.email.trim().toLowerCase();
  const domain = email.slice(email.lastIndexOf('@') + 1);
  const via = PROVIDER_NAMES[attempt.provider];
  if (!policy.allowedProviders.includes(attempt.provider)) {
    return { allowed: false, reason: `${schoolName} does not offer sign-in with ${via}. Choose another way to sign in.` };
  }
  if (!attempt.emailVerified) {
    return { allowed: false, reason: `Your ${via} account's email address is not verified. Verify it with ${via}, then try again.` };
  }
  if (attempt.provider === 'microsoft_oidc' && policy.entraTenantIds.length > 0 && !policy.entraTenantIds.includes(attempt.entraTenantId ?? '')) {
    return { allowed: false, reason: `${schoolName} only accepts Microsoft accounts from its own organisation. Sign in with your ${schoolName} work account.` };
  }
  const domainAllowed = policy.allowedDomains.map((d) => d.toLowerCase()).includes(domain);
  if (policy.requireDomainMatch && !domainAllowed) {
    const list = policy.allowedDomains.join(', ') || 'no domains yet';
    return { allowed: false, reason: `${schoolName} only accepts email addresses at ${list}. Sign in with one of those addresses.` };
  }
  if (policy.requireDomainVerification && !attempt.domainVerified) {
    return { allowed: false, reason: `${schoolName} needs ${via} to confirm that ${domain} belongs to your organisation, and it did not. Use your organisation account.` };
  }
  if (invitation) {
    const keep = membership?.status === 'active' && hasRole(membership.role, invitation.role);
    return { allowed: true, role: keep ? membership.role : invitation.role, via: 'invitation' };
  }
  if (membership?.status === 'active') return { allowed: true, role: membership.role, via: 'membership' };
  if (membership?.status === 'removed') {
    return { allowed: false, reason: `Your membership of ${schoolName} has ended. Ask a school admin if you need access again.` };
  }
  if (!policy.autoProvision) {
    return { allowed: false, reason: `${email} is not a member of ${schoolName}. Ask a school admin for an invitation.` };
  }
  // The policy editor never stores owner in the map; a hand-edited row must not mint owners either.
  const mapped = policy.domainRoleMap[domain];
  return { allowed: true, role: mapped && mapped !== 'owner' ? mapped : 'student', via: 'auto_provision' };
}
