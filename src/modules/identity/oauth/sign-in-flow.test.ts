import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACME, BRESLOV, hostOf } from '../../../../test/workers/fixtures.ts';
import { cookieFrom, entraClaims, googleClaims, interceptProviders, type Providers, send, signInThrough, TENANT_A, TENANT_B } from './fake-providers.ts';

const breslov = hostOf(BRESLOV);
const acme = hostOf(ACME);
let providers: Providers;

beforeEach(() => {
  providers = interceptProviders();
});
afterEach(() => providers.restore());

const me = async (host: string, cookie: string | undefined) => send(`http://${host}/api/me`, { headers: cookie ? { cookie } : {} });

async function linksOf(email: string) {
  const { results } = await env.PLATFORM_DB.prepare(
    'SELECT l.provider, l.issuer, l.external_id FROM identity_links l JOIN users u ON u.id = l.user_id WHERE u.email = ?',
  )
    .bind(email)
    .all<{ provider: string; issuer: string; external_id: string }>();
  return results;
}

/** Where a refused sign-in lands: the school's sign-in page, with the reason. */
function refusal(result: Awaited<ReturnType<typeof signInThrough>>, host = breslov) {
  expect(result.callback.status).toBe(302);
  expect(result.next.origin + result.next.pathname).toBe(`http://${host}/sign-in`);
  expect(result.handoff).toBeNull();
  return result.next.searchParams.get('error');
}

describe.each([
  { provider: 'google' as const, claims: googleClaims, issuerOf: () => 'https://accounts.google.com', subjectOf: (c: Record<string, unknown>) => c.sub },
  { provider: 'microsoft' as const, claims: entraClaims, issuerOf: (c: Record<string, unknown>) => c.tid, subjectOf: (c: Record<string, unknown>) => c.oid },
])('$provider sign-in, end to end', ({ provider, claims: makeClaims, issuerOf, subjectOf }) => {
  it('ends with a session cookie valid on the school host and worthless on Acme', async () => {
    const claims = makeClaims();
    const result = await signInThrough(providers, provider, claims, { host: breslov, returnTo: '/courses/x?tab=1#top' });
    expect(result.callback.headers.get('referrer-policy')).toBe('no-referrer');
    expect(result.next.origin + result.next.pathname).toBe(`http://${breslov}/auth/handoff`);
    const handoff = result.handoff!;
    expect(handoff.status).toBe(302);
    expect(handoff.headers.get('location')).toBe('/courses/x?tab=1#top');
    expect(handoff.headers.get('referrer-policy')).toBe('no-referrer');
    expect(handoff.headers.getSetCookie().find((c) => c.startsWith('lectern_session='))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
    expect(cookieFrom(handoff, 'lectern_oauth_flow')).toBe('lectern_oauth_flow=');

    const mine = await me(breslov, result.session);
    expect(mine.status).toBe(200);
    expect(await mine.json()).toMatchObject({ user: { email: claims.email }, role: 'student', school: { slug: 'breslov' } });
    expect((await me(acme, result.session)).status).toBe(401);
    // The person is known by issuer + subject (Entra: tenant id + object id), never by email.
    expect(await linksOf(claims.email as string)).toEqual([{ provider: `${provider}_oidc`, issuer: issuerOf(claims), external_id: subjectOf(claims) }]);
  });

  it('recognises a returning person by subject even when their address changed', async () => {
    const claims = makeClaims();
    const first = await signInThrough(providers, provider, claims, { host: breslov });
    const firstUser = ((await (await me(breslov, first.session)).json()) as { user: { id: string } }).user.id;
    const again = await signInThrough(providers, provider, { ...claims, email: `renamed-${crypto.randomUUID()}@example.test` }, { host: breslov });
    expect(((await (await me(breslov, again.session)).json()) as { user: { id: string } }).user.id).toBe(firstUser);
    expect(again.session).not.toBe(first.session);
  });
});

describe('identity rules', () => {
  it('refuses an unverified Google address, and creates nobody', async () => {
    const claims = googleClaims({ email_verified: false });
    expect(refusal(await signInThrough(providers, 'google', claims, { host: breslov }))).toBe(
      'Your Google account’s email address is not verified. Verify it with Google, then try again.',
    );
    expect(await env.PLATFORM_DB.prepare('SELECT id FROM users WHERE email = ?').bind(claims.email).first()).toBeNull();
  });

  it('counts an Entra address as verified only with xms_edov, or from a tenant the policy lists', async () => {
    const unproven = entraClaims({ xms_edov: undefined });
    expect(refusal(await signInThrough(providers, 'microsoft', unproven, { host: breslov }))).toMatch(/^Your Microsoft account’s email address is not verified/);
    const usernameOnly = entraClaims({ email: undefined, preferred_username: `u-${crypto.randomUUID()}@contoso.test`, xms_edov: true });
    expect(refusal(await signInThrough(providers, 'microsoft', usernameOnly, { host: breslov }))).toMatch(/not verified/);
    await withAcmeTenants([TENANT_A], async () => {
      const listed = await signInThrough(providers, 'microsoft', entraClaims({ xms_edov: undefined, tid: TENANT_A }), { host: acme });
      expect((await me(acme, listed.session)).status).toBe(200);
    });
  });

  it('refuses a foreign Entra tenant when the school names its tenants', async () => {
    await withAcmeTenants([TENANT_A], async () => {
      const foreign = await signInThrough(providers, 'microsoft', entraClaims({ tid: TENANT_B }), { host: acme });
      expect(refusal(foreign, acme)).toBe('Acme Academy only accepts Microsoft accounts from its own organisation. Sign in with your Acme Academy work account.');
      const own = await signInThrough(providers, 'microsoft', entraClaims({ tid: TENANT_A }), { host: acme });
      expect((await me(acme, own.session)).status).toBe(200);
    });
  });

  it('does not merge the same address from Google and then Microsoft', async () => {
    const email = `both-${crypto.randomUUID()}@example.test`;
    const google = await signInThrough(providers, 'google', googleClaims({ email }), { host: breslov });
    expect((await me(breslov, google.session)).status).toBe(200);
    const microsoft = await signInThrough(providers, 'microsoft', entraClaims({ email }), { host: breslov });
    expect(refusal(microsoft)).toBe(`${email} already signs in with Google. Use Google to sign in.`);
    expect((await linksOf(email)).map((l) => l.provider)).toEqual(['google_oidc']);
  });

  it('refuses ID tokens for another client, expired ones, and a Microsoft issuer that is not the tenant', async () => {
    const cases = [
      { provider: 'google' as const, claims: googleClaims({ aud: 'someone-else' }), why: 'it was issued to another application' },
      { provider: 'google' as const, claims: googleClaims({ aud: ['someone-else', 'google-client-id.apps.example'] }), why: 'it was issued to another application' },
      { provider: 'google' as const, claims: googleClaims({ exp: Math.floor(Date.now() / 1000) - 600 }), why: 'it has expired' },
      { provider: 'google' as const, claims: googleClaims({ iss: 'https://evil.example' }), why: 'unexpected issuer' },
      { provider: 'microsoft' as const, claims: entraClaims({ iss: `https://login.microsoftonline.com/${TENANT_B}/v2.0` }), why: 'unexpected issuer' },
    ];
    for (const { provider, claims, why } of cases) {
      expect(refusal(await signInThrough(providers, provider, claims, { host: breslov }))).toContain(`(${why})`);
    }
  });

  it('replaces the session the browser had before (no fixation)', async () => {
    const before = await signInThrough(providers, 'google', googleClaims(), { host: breslov });
    const claims = googleClaims();
    const start = await send(`http://${breslov}/auth/google/start`, { headers: { cookie: before.session! } });
    const flow = cookieFrom(start, 'lectern_oauth_flow')!;
    const next = (await send(providers.consent(start.headers.get('location')!, claims))).headers.get('location')!;
    const handoff = await send(next, { headers: { cookie: `${before.session}; ${flow}` } });
    expect((await me(breslov, before.session)).status).toBe(401);
    expect(await (await me(breslov, cookieFrom(handoff, 'lectern_session'))).json()).toMatchObject({ user: { email: claims.email } });
  });
});

async function withAcmeTenants(tenants: string[], body: () => Promise<void>) {
  const update = 'UPDATE school_auth_policies SET entra_tenant_ids = ? WHERE school_id = ?';
  await env.SCHOOL_ACME.prepare(update).bind(JSON.stringify(tenants), ACME.id).run();
  try {
    await body();
  } finally {
    await env.SCHOOL_ACME.prepare(update).bind('[]', ACME.id).run();
  }
}
