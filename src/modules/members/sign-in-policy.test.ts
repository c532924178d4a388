import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { ACME, BRESLOV } from '../../../test/workers/fixtures.ts';
import { toHttpError } from '../../platform/http-errors.ts';
import { Forbidden, Invalid } from '../../platform/errors.ts';
import { DEFAULT_POLICY } from '../identity/policy.ts';
import { loadSignInPolicy } from '../identity/sign-in.ts';
import { getSignInPolicy, updateSignInPolicy } from './sign-in-policy.ts';
import { addMember, auditOf, ctxAs, demoMember, schoolDbOf, withPolicy } from './testing.ts';

const owner = demoMember(BRESLOV, 'owner');
const WITH_GOOGLE = { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' };
const valid = {
  allowedProviders: ['magic_link', 'google_oidc'],
  allowedDomains: ['breslov.test', 'staff.breslov.test'],
  requireDomainMatch: true,
  requireDomainVerification: false,
  autoProvision: false,
  domainRoleMap: { 'staff.breslov.test': 'instructor' },
  entraTenantIds: [],
};

/** The message the admin would see for this input (the HTTP mapping of the thrown error). */
async function refusal(input: unknown, actor = owner.actor) {
  try {
    await updateSignInPolicy({ ctx: ctxAs(BRESLOV, actor, { env: WITH_GOOGLE }), input });
  } catch (err) {
    const mapped = toHttpError(err);
    expect(mapped.status).toBe(400);
    expect(err instanceof ZodError || err instanceof Invalid).toBe(true);
    return mapped.message;
  }
  throw new Error('the policy was accepted');
}

describe('getSignInPolicy', () => {
  it('returns the stored policy and the methods this deployment offers', async () => {
    const ctx = ctxAs(BRESLOV, owner.actor);
    expect(await getSignInPolicy({ ctx })).toEqual({ ...DEFAULT_POLICY, availableProviders: ['magic_link'] });
    const withCreds = ctxAs(BRESLOV, owner.actor, { env: { ...WITH_GOOGLE, MICROSOFT_CLIENT_ID: 'm', MICROSOFT_CLIENT_SECRET: 's' } });
    expect((await getSignInPolicy({ ctx: withCreds })).availableProviders).toEqual(['google_oidc', 'microsoft_oidc', 'magic_link']);
  });

  it('returns the defaults when the school never stored a policy', async () => {
    await withPolicy(ACME, {}, async () => {
      await env.SCHOOL_ACME.prepare('DELETE FROM school_auth_policies WHERE school_id = ?').bind(ACME.id).run();
      const { availableProviders, ...policy } = await getSignInPolicy({ ctx: ctxAs(ACME, demoMember(ACME, 'owner').actor) });
      expect(policy).toEqual(DEFAULT_POLICY);
      expect(availableProviders).toEqual(['magic_link']);
    });
  });

  it('is for admins and owners', async () => {
    await expect(getSignInPolicy({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'instructor').actor) })).rejects.toBeInstanceOf(Forbidden);
    const admin = await addMember(BRESLOV, 'admin');
    expect(await getSignInPolicy({ ctx: ctxAs(BRESLOV, admin.actor) })).toHaveProperty('allowedProviders');
  });
});

describe('updateSignInPolicy', () => {
  it('stores a normalised policy, answers with it, and audits before and after', () =>
    withPolicy(BRESLOV, {}, async () => {
      const before = await loadSignInPolicy({ schoolDb: schoolDbOf(BRESLOV) });
      const admin = await addMember(BRESLOV, 'admin', { email: `admin-${crypto.randomUUID().slice(0, 6)}@staff.breslov.test` });
      const input = { ...valid, allowedDomains: [' Breslov.TEST', '@staff.breslov.test', 'breslov.test'], entraTenantIds: ['72F988BF-86F1-41AF-91AB-2D7CD011DB47'] };
      const saved = await updateSignInPolicy({ ctx: ctxAs(BRESLOV, admin.actor, { env: WITH_GOOGLE }), input });
      const after = { ...valid, entraTenantIds: ['72f988bf-86f1-41af-91ab-2d7cd011db47'] };
      expect(saved).toEqual({ ...after, availableProviders: ['google_oidc', 'magic_link'] });
      expect(await getSignInPolicy({ ctx: ctxAs(BRESLOV, admin.actor) })).toEqual({ ...after, availableProviders: ['magic_link'] });
      expect(await auditOf(BRESLOV, BRESLOV.id)).toContainEqual({
        actorUserId: admin.userId,
        action: 'sign_in_policy.updated',
        entityType: 'sign_in_policy',
        entityId: BRESLOV.id,
        metadata: { before: { ...DEFAULT_POLICY, ...pick(before) }, after },
      });
    }));

  it('refuses an empty provider list, or one with no method this deployment offers', async () => {
    expect(await refusal({ ...valid, allowedProviders: [] })).toBe('allowedProviders: Choose at least one way to sign in; with none, nobody could sign in.');
    expect(await refusal({ ...valid, allowedProviders: ['carrier_pigeon'] })).toMatch(/Unknown sign-in method/);
    expect(await refusal({ ...valid, allowedProviders: ['microsoft_oidc'] })).toMatch(/None of the chosen sign-in methods is set up on this deployment.*Google, an email link/);
  });

  it('refuses malformed domains, too many of them, owner in the domain map and bad tenant ids', async () => {
    expect(await refusal({ ...valid, allowedDomains: ['https://breslov.test'] })).toMatch(/allowedDomains\.0: Enter a domain such as example\.edu/);
    expect(await refusal({ ...valid, allowedDomains: ['breslov'] })).toMatch(/Enter a domain/);
    expect(await refusal({ ...valid, allowedDomains: Array.from({ length: 51 }, (_, i) => `d${i}.breslov.test`) })).toMatch(/at most 50 domains/);
    expect(await refusal({ ...valid, domainRoleMap: { 'staff.breslov.test': 'owner' } })).toMatch(/admin, instructor or student role \(never owner\)/);
    expect(await refusal({ ...valid, domainRoleMap: { 'not a domain': 'student' } })).toMatch(/"not a domain" is not a domain/);
    expect(await refusal({ ...valid, entraTenantIds: ['contoso'] })).toMatch(/tenant id looks like/);
    expect(await refusal({ ...valid, autoProvision: undefined })).toMatch(/autoProvision must be true or false/);
  });

  it('refuses settings that would lock out the admin saving them', async () => {
    const message = await refusal({ ...valid, allowedDomains: ['other.edu'] });
    expect(message).toBe(
      'These settings would stop you (owner@breslov.test) from signing in: Breslov University only accepts email addresses at other.edu. Sign in with one of those addresses. Keep a method and a domain you can use.',
    );
    expect(await refusal({ ...valid, allowedDomains: [], requireDomainMatch: true })).toMatch(/would stop you/);
  });

  it('is for admins and owners', async () => {
    await expect(updateSignInPolicy({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'instructor').actor), input: valid })).rejects.toBeInstanceOf(Forbidden);
  });
});

function pick(p: typeof DEFAULT_POLICY) {
  const { allowedProviders, allowedDomains, requireDomainMatch, requireDomainVerification, autoProvision, domainRoleMap, entraTenantIds } = p;
  return { allowedProviders, allowedDomains, requireDomainMatch, requireDomainVerification, autoProvision, domainRoleMap, entraTenantIds };
}
