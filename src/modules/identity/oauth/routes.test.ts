import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACME, BRESLOV, hostOf } from '../../../../test/workers/fixtures.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import { STATE_REFUSED } from './callback.ts';
import { cookieFrom, googleClaims, interceptProviders, type Providers, send, signInThrough, startSignIn } from './fake-providers.ts';
import { HANDOFF_REFUSED } from './service.ts';

const breslov = hostOf(BRESLOV);
const acme = hostOf(ACME);
let providers: Providers;

beforeEach(() => {
  providers = interceptProviders();
});
afterEach(() => {
  // Only the two token endpoints were ever asked for anything (and they were intercepted).
  expect(providers.requests.every((url) => url === 'https://oauth2.googleapis.com/token' || url === 'https://login.microsoftonline.com/common/oauth2/v2.0/token')).toBe(true);
  providers.restore();
});

async function expectRefusalPage(res: Response, status: number, message: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('text/html');
  // The plain page escapes the message the way http-errors.ts does.
  expect(await res.text()).toContain(message.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`));
}

async function stateRow(authorizeUrl: string) {
  const state = new URL(authorizeUrl).searchParams.get('state')!;
  return env.PLATFORM_DB.prepare('SELECT * FROM auth_states WHERE id = ?').bind(await sha256Hex(state)).first<Record<string, unknown>>();
}

describe('GET /api/auth/methods', () => {
  it('offers only magic links when no provider has credentials', async () => {
    const res = await send(`http://${breslov}/api/auth/methods`, {}, {});
    expect(await res.json()).toEqual({ methods: [{ id: 'magic_link', label: 'Email me a sign-in link' }] });
  });

  it('offers configured providers the policy allows, with where to start', async () => {
    const res = await send(`http://${breslov}/api/auth/methods`);
    expect(await res.json()).toEqual({
      methods: [
        { id: 'google_oidc', label: 'Continue with Google', startUrl: '/auth/google/start' },
        { id: 'microsoft_oidc', label: 'Continue with Microsoft', startUrl: '/auth/microsoft/start' },
        { id: 'magic_link', label: 'Email me a sign-in link' },
      ],
    });
  });

  it('leaves out a provider with half its credentials, and tells the operator', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await send(`http://${breslov}/api/auth/methods`, {}, { GOOGLE_CLIENT_ID: 'only-the-id', MICROSOFT_CLIENT_ID: 'id', MICROSOFT_CLIENT_SECRET: 'secret' });
    expect(((await res.json()) as { methods: { id: string }[] }).methods.map((m) => m.id)).toEqual(['microsoft_oidc', 'magic_link']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('only one of GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET is set'));
    logged.mockRestore();
  });

  it('does not exist on the apex or the auth host', async () => {
    expect((await send('http://localhost/api/auth/methods')).status).toBe(404);
    expect((await send('http://auth.localhost/api/auth/methods')).status).toBe(404);
  });
});

describe('GET /auth/<provider>/start', () => {
  it('records a hashed, single-use state with PKCE and sends the browser to Google', async () => {
    const { res, location, flowCookie } = await startSignIn(breslov, 'google', '/courses/x?tab=1#top');
    expect(res.status).toBe(302);
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('redirect_uri')).toBe('http://auth.localhost/auth/google/callback');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(flowCookie).toBe(`lectern_oauth_flow=${url.searchParams.get('state')}`);
    const row = (await stateRow(location))!;
    expect(row).toMatchObject({ provider: 'google_oidc', school_id: BRESLOV.id, hostname: breslov, return_to: '/courses/x?tab=1#top', used_at: null });
    expect(Number(row.expires_at) - Number(row.created_at)).toBe(10 * 60 * 1000);
    expect(JSON.stringify(row)).not.toContain(url.searchParams.get('state'));
  });

  it('sends the browser to Microsoft Entra, keeping the request’s port on the auth host', async () => {
    const res = await send(`http://${breslov}:8787/auth/microsoft/start`);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin + url.pathname).toBe('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(url.searchParams.get('redirect_uri')).toBe('http://auth.localhost:8787/auth/microsoft/callback');
  });

  it('is rate-limited per client address, with the refusal logged', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await send(`http://${breslov}/auth/google/start`, { headers: { 'cf-connecting-ip': ip, accept: 'application/json' } })).status);
    expect(statuses.slice(0, 10).every((status) => status === 302)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(await env.SCHOOL_BRESLOV.prepare('SELECT count(*) AS n FROM rate_limit_logs WHERE bucket = ? AND key = ?').bind('oauth_start', `ip:${ip}`).first('n')).toBe(1);
  });

  it('stores a safe returnTo, never an off-site one', async () => {
    for (const evil of ['//evil.com', '/\\evil.com', 'https://evil.com', '/.//evil.com', 'javascript:alert(1)']) {
      expect((await stateRow((await startSignIn(breslov, 'google', evil)).location))?.return_to).toBe('/');
    }
  });

  it('is not offered without credentials, off school hosts, or when the policy leaves it out', async () => {
    expect((await send(`http://${breslov}/auth/google/start`, {}, {})).status).toBe(404);
    expect((await send('http://auth.localhost/auth/google/start')).status).toBe(404);
    await env.SCHOOL_ACME.prepare(`UPDATE school_auth_policies SET allowed_providers = '["magic_link","microsoft_oidc"]' WHERE school_id = ?`).bind(ACME.id).run();
    try {
      const res = await send(`http://${acme}/auth/google/start`, { headers: { accept: 'text/html' } });
      await expectRefusalPage(res, 403, 'Acme Academy does not offer sign-in with Google');
    } finally {
      await env.SCHOOL_ACME.prepare(`UPDATE school_auth_policies SET allowed_providers = '["google_oidc","microsoft_oidc","magic_link"]' WHERE school_id = ?`).bind(ACME.id).run();
    }
  });
});

describe('GET /auth/<provider>/callback: the state', () => {
  const callback = (provider: string, query: string) => send(`http://auth.localhost/auth/${provider}/callback?${query}`, { headers: { accept: 'text/html' } });

  it('exists only on the auth host', async () => {
    const { location } = await startSignIn(breslov, 'google');
    const onSchoolHost = providers.consent(location, googleClaims()).replace('auth.localhost', breslov);
    expect((await send(onSchoolHost)).status).toBe(404);
  });

  it('rejects a missing or unknown state with a page that says to start again', async () => {
    for (const query of ['code=x', 'code=x&state=', 'code=x&state=not-a-state-we-made']) {
      await expectRefusalPage(await callback('google', query), 400, STATE_REFUSED);
    }
    expect(providers.requests).toEqual([]);
  });

  it('rejects an expired state', async () => {
    const { location } = await startSignIn(breslov, 'google');
    const state = new URL(location).searchParams.get('state')!;
    await env.PLATFORM_DB.prepare('UPDATE auth_states SET expires_at = ? WHERE id = ?').bind(Date.now() - 1, await sha256Hex(state)).run();
    await expectRefusalPage(await send(providers.consent(location, googleClaims()), { headers: { accept: 'text/html' } }), 400, STATE_REFUSED);
    expect(providers.requests).toEqual([]);
  });

  it('rejects a reused state (the provider redirect replayed)', async () => {
    const { location } = await startSignIn(breslov, 'google');
    const callbackUrl = providers.consent(location, googleClaims());
    expect((await send(callbackUrl)).status).toBe(302);
    await expectRefusalPage(await send(callbackUrl, { headers: { accept: 'text/html' } }), 400, STATE_REFUSED);
    expect(providers.requests).toHaveLength(1);
  });

  it('rejects a state minted for the other provider, without using it up', async () => {
    const { location } = await startSignIn(breslov, 'google');
    const googleCallback = providers.consent(location, googleClaims());
    const crossed = googleCallback.replace('/auth/google/callback', '/auth/microsoft/callback');
    await expectRefusalPage(await send(crossed, { headers: { accept: 'text/html' } }), 400, STATE_REFUSED);
    expect(providers.requests).toEqual([]);
    expect(new URL((await send(googleCallback)).headers.get('location')!).pathname).toBe('/auth/handoff');
  });

  it('sends the person back to the school’s sign-in page when they cancel at the provider', async () => {
    const { location } = await startSignIn(breslov, 'google', '/courses/x');
    const state = new URL(location).searchParams.get('state')!;
    const res = await callback('google', `error=access_denied&state=${state}`);
    const next = new URL(res.headers.get('location')!);
    expect(next.origin + next.pathname).toBe(`http://${breslov}/sign-in`);
    expect(next.searchParams.get('error')).toBe('Google did not complete the sign-in. Try again, or choose another way to sign in.');
    expect(next.searchParams.get('returnTo')).toBe('/courses/x');
  });

  it('explains a code the provider refuses on the school’s sign-in page', async () => {
    const { location } = await startSignIn(breslov, 'google');
    const state = new URL(location).searchParams.get('state')!;
    const next = new URL((await callback('google', `code=forged&state=${state}`)).headers.get('location')!);
    expect(next.searchParams.get('error')).toMatch(/^Google did not accept this sign-in \(invalid_grant\)/);
  });
});

describe('GET /auth/handoff', () => {
  it('is single use: a replayed code gets the error page', async () => {
    const { next, start, handoff } = await signInThrough(providers, 'google', googleClaims(), { host: breslov });
    expect(handoff!.status).toBe(302);
    const replay = await send(next.href, { headers: { accept: 'text/html', cookie: start.flowCookie } });
    await expectRefusalPage(replay, 400, HANDOFF_REFUSED);
    expect(cookieFrom(replay, 'lectern_session')).toBeUndefined();
  });

  it('is bound to its school and host: Acme cannot redeem Breslov’s code', async () => {
    const start = await startSignIn(breslov, 'google');
    const next = new URL((await send(providers.consent(start.location, googleClaims()))).headers.get('location')!);
    const atAcme = await send(`http://${acme}/auth/handoff${next.search}`, { headers: { accept: 'text/html', cookie: start.flowCookie } });
    await expectRefusalPage(atAcme, 400, HANDOFF_REFUSED);
    // Acme's attempt did not burn it: the right host still can.
    expect((await send(next.href, { headers: { cookie: start.flowCookie } })).status).toBe(302);
  });

  it('is bound to the browser that started the sign-in (login CSRF)', async () => {
    const attacker = await startSignIn(breslov, 'google');
    const next = new URL((await send(providers.consent(attacker.location, googleClaims()))).headers.get('location')!);
    const victim = await startSignIn(breslov, 'google');
    for (const cookie of [undefined, victim.flowCookie]) {
      const res = await send(next.href, { headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
      await expectRefusalPage(res, 400, HANDOFF_REFUSED);
    }
  });

  it('expires within a minute', async () => {
    const start = await startSignIn(breslov, 'google');
    const next = new URL((await send(providers.consent(start.location, googleClaims()))).headers.get('location')!);
    // The stored hash covers the code and the browser binding (the state in the flow cookie).
    const codeHash = await sha256Hex(`${next.searchParams.get('code')}.${start.flowCookie.split('=')[1]}`);
    const row = await env.PLATFORM_DB.prepare('SELECT created_at, expires_at FROM auth_handoffs WHERE code_hash = ?').bind(codeHash).first<{ created_at: number; expires_at: number }>();
    expect(row!.expires_at - row!.created_at).toBeLessThanOrEqual(60_000);
    await env.PLATFORM_DB.prepare('UPDATE auth_handoffs SET expires_at = ? WHERE code_hash = ?').bind(Date.now() - 1, codeHash).run();
    await expectRefusalPage(await send(next.href, { headers: { accept: 'text/html', cookie: start.flowCookie } }), 400, HANDOFF_REFUSED);
  });
});
