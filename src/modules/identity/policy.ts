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

export type SignInDecision =
  | { allowed: true; role: MembershipRole; newMember: boolean }
  | { allowed: false; reason: string };

/**
 * The one place a school's sign-in policy is applied; every sign-in path (magic link,
 * Google, Microsoft, invitation acceptance) asks it. Refusals are sentences for the person
 * trying to sign in.
 */
export function decideSignIn(policy: SignInPolicy, schoolName: string, attempt: SignInAttempt, membership: MembershipState): SignInDecision {
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
  if (membership?.status === 'active') return { allowed: true, role: membership.role, newMember: false };
  if (membership?.status === 'removed') {
    return { allowed: false, reason: `Your membership of ${schoolName} has ended. Ask a school admin if you need access again.` };
  }
  if (!policy.autoProvision) {
    return { allowed: false, reason: `${email} is not a member of ${schoolName}. Ask a school admin for an invitation.` };
  }
  return { allowed: true, role: policy.domainRoleMap[domain] ?? 'student', newMember: true };
}
