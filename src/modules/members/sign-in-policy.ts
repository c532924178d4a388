import type { Env } from '../../platform/env.ts';
import { Invalid } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditLogs } from '../audit/schema.ts';
import { requireRole } from '../identity/actor.ts';
import { decideSignIn, PROVIDER_NAMES, type Provider, type SignInPolicy } from '../identity/policy.ts';
import { IDENTITY_PROVIDERS, schoolAuthPolicies } from '../identity/schema.ts';
import { oauthCredentials } from '../identity/oauth/providers.ts';
import { loadSignInPolicy } from '../identity/sign-in.ts';
import { auditValues } from '../audit/record.ts';
import { SignInPolicyInput } from './validation.ts';

/**
 * Sign-in methods this deployment can offer: magic links always, an OAuth provider only when
 * its credentials are configured. Same source as the sign-in page (oauthCredentials), so a
 * policy can never name a method the page would not show.
 */
export function availableProviders(env: Env): Provider[] {
  const configured = oauthCredentials(env);
  return IDENTITY_PROVIDERS.filter(
    (provider) => provider === 'magic_link' || (provider === 'google_oidc' && !!configured.google) || (provider === 'microsoft_oidc' && !!configured.microsoft),
  );
}

/** Exactly the policy fields, whatever else the stored row carries. */
function policyFields(p: SignInPolicy): SignInPolicy {
  return {
    allowedProviders: p.allowedProviders,
    allowedDomains: p.allowedDomains,
    requireDomainMatch: p.requireDomainMatch,
    requireDomainVerification: p.requireDomainVerification,
    autoProvision: p.autoProvision,
    domainRoleMap: p.domainRoleMap,
    entraTenantIds: p.entraTenantIds,
  };
}

/** GET /api/admin/sign-in-policy: the school's policy (the defaults if it never set one). */
export async function getSignInPolicy({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  return { ...policyFields(await loadSignInPolicy(ctx)), availableProviders: availableProviders(ctx.env) };
}

/**
 * PUT /api/admin/sign-in-policy: replaces the policy. Every field is required, so a client
 * that forgets one cannot silently drop a restriction. Refused when it would leave no method
 * this deployment offers, or when it would stop the admin saving it from signing in.
 */
export async function updateSignInPolicy({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const next: SignInPolicy = SignInPolicyInput.parse(input);
  const offered = availableProviders(ctx.env);
  const usable = next.allowedProviders.filter((p) => offered.includes(p));
  if (usable.length === 0) {
    const names = offered.map((p) => PROVIDER_NAMES[p]).join(', ');
    throw new Invalid(`None of the chosen sign-in methods is set up on this deployment, so nobody could sign in. Include one of: ${names}.`);
  }
  // Would the person saving this still get in? Checked for each usable method with the most
  // favourable answer a provider could give (we cannot know their Google or Microsoft account).
  const tries = usable.map((provider) =>
    decideSignIn(
      next,
      ctx.school.name,
      { provider, email: actor.user.email, emailVerified: true, domainVerified: true, entraTenantId: next.entraTenantIds[0] ?? null },
      { status: 'active', role: actor.membership.role },
    ),
  );
  const refusal = tries.every((t) => !t.allowed) ? tries[0] : null;
  if (refusal && !refusal.allowed) {
    throw new Invalid(`These settings would stop you (${actor.user.email}) from signing in: ${refusal.reason} Keep a method and a domain you can use.`);
  }

  const before = policyFields(await loadSignInPolicy(ctx));
  const { db, withSchool } = ctx.schoolDb;
  await db.batch([
    db
      .insert(schoolAuthPolicies)
      .values(withSchool({ ...next, updatedAt: ctx.now }))
      .onConflictDoUpdate({ target: schoolAuthPolicies.schoolId, set: { ...next, updatedAt: ctx.now } }),
    db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, {
        actorUserId: actor.user.id,
        action: 'sign_in_policy.updated',
        entityType: 'sign_in_policy',
        entityId: ctx.school.id,
        metadata: { before, after: next },
        now: ctx.now,
      }),
    ),
  ]);
  return { ...next, availableProviders: offered };
}
