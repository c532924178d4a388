// Test support only (imported by *.test.ts, never by the Worker): Google and Microsoft as
// the OAuth tests see them. Outbound fetch is intercepted; nothing reaches the internet.
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';
import { app } from '../../../app.ts';

export const SECRETS = {
  GOOGLE_CLIENT_ID: 'google-client-id.apps.example',
  GOOGLE_CLIENT_SECRET: 'google-secret',
  MICROSOFT_CLIENT_ID: '5b2c1f0e-9a7d-4c3b-8e6f-2d1a0b9c8e7f',
  MICROSOFT_CLIENT_SECRET: 'microsoft-secret',
};
export const TENANT_A = '11111111-2222-4333-8444-555555555555';
export const TENANT_B = '99999999-8888-4777-8666-555555555555';

const TOKEN_ENDPOINTS: Record<string, 'google' | 'microsoft'> = {
  'https://oauth2.googleapis.com/token': 'google',
  'https://login.microsoftonline.com/common/oauth2/v2.0/token': 'microsoft',
};

/** The Worker with provider secrets set (or others, to test configuration). */
export function send(url: string, init: RequestInit = {}, vars: Record<string, string> = SECRETS): Promise<Response> {
  return Promise.resolve(app.fetch(new Request(url, { redirect: 'manual', ...init }), { ...env, ...vars }, createExecutionContext()));
}

const base64url = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** JWT-shaped and unsigned: arctic's decodeIdToken reads claims without checking signatures. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

export function googleClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: 'https://accounts.google.com', aud: SECRETS.GOOGLE_CLIENT_ID, sub: crypto.randomUUID(), email: `g-${crypto.randomUUID()}@gmail.test`, email_verified: true, name: 'Gabi Google', exp: inAnHour(), ...over };
}

export function entraClaims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const tid = (over.tid as string | undefined) ?? TENANT_A;
  return { iss: `https://login.microsoftonline.com/${tid}/v2.0`, aud: SECRETS.MICROSOFT_CLIENT_ID, tid, oid: crypto.randomUUID(), email: `m-${crypto.randomUUID()}@contoso.test`, xms_edov: true, name: 'Mika Microsoft', exp: inAnHour(), ...over };
}

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

type Grant = { provider: 'google' | 'microsoft'; challenge: string; redirectUri: string; claims: Record<string, unknown> };

/**
 * Replaces fetch for the test: the token endpoints answer like the real ones (codes are single
 * use, PKCE and redirect URI are checked, client credentials must match); any other URL fails.
 */
export function interceptProviders() {
  const grants = new Map<string, Grant>();
  const requests: string[] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    requests.push(request.url);
    const provider = TOKEN_ENDPOINTS[request.url];
    if (!provider || request.method !== 'POST') throw new Error(`a test tried to reach ${request.method} ${request.url}`);
    const body = new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer()));
    const grant = grants.get(body.get('code') ?? '');
    grants.delete(body.get('code') ?? '');
    const id = provider === 'google' ? SECRETS.GOOGLE_CLIENT_ID : SECRETS.MICROSOFT_CLIENT_ID;
    const secret = provider === 'google' ? SECRETS.GOOGLE_CLIENT_SECRET : SECRETS.MICROSOFT_CLIENT_SECRET;
    const ok =
      grant?.provider === provider &&
      request.headers.get('authorization') === `Basic ${btoa(`${id}:${secret}`)}` &&
      body.get('redirect_uri') === grant.redirectUri &&
      (await s256(body.get('code_verifier') ?? '')) === grant.challenge;
    if (!grant || !ok) return Response.json({ error: 'invalid_grant', error_description: 'bad code' }, { status: 400 });
    return Response.json({ access_token: 'at', token_type: 'Bearer', expires_in: 3600, id_token: unsignedJwt(grant.claims) });
  });
  return {
    requests,
    /** The person consents at the provider: returns the callback URL the provider redirects to. */
    consent(authorizeUrl: string, claims: Record<string, unknown>): string {
      const url = new URL(authorizeUrl);
      const provider = url.hostname === 'accounts.google.com' ? 'google' : 'microsoft';
      const code = `code-${crypto.randomUUID()}`;
      const redirectUri = url.searchParams.get('redirect_uri')!;
      grants.set(code, { provider, challenge: url.searchParams.get('code_challenge')!, redirectUri, claims });
      return `${redirectUri}?${new URLSearchParams({ code, state: url.searchParams.get('state')! })}`;
    },
    restore: () => spy.mockRestore(),
  };
}

/** `name=value` for the Set-Cookie named `name` in a response, to send back as a Cookie. */
export function cookieFrom(res: Response, name: string): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0];
}

export type Providers = ReturnType<typeof interceptProviders>;

/** A browser on `host` clicks "Continue with …": the start response, where it goes, and the flow cookie. */
export async function startSignIn(host: string, provider: 'google' | 'microsoft', returnTo?: string) {
  const query = returnTo === undefined ? '' : `?${new URLSearchParams({ returnTo })}`;
  const res = await send(`http://${host}/auth/${provider}/start${query}`, { headers: { accept: 'text/html' } });
  return { res, location: res.headers.get('location') ?? '', flowCookie: cookieFrom(res, 'lectern_oauth_flow') ?? '' };
}

/**
 * The whole journey in one browser: start on `host`, consent at the provider with `claims`,
 * the callback on the auth host, then (if it sent us to a handoff) the handoff on the school host.
 */
export async function signInThrough(providers: Providers, provider: 'google' | 'microsoft', claims: Record<string, unknown>, options: { host: string; returnTo?: string }) {
  const start = await startSignIn(options.host, provider, options.returnTo);
  const callback = await send(providers.consent(start.location, claims), { headers: { accept: 'text/html' } });
  const next = new URL(callback.headers.get('location') ?? 'http://invalid/');
  const handoff = next.pathname === '/auth/handoff' ? await send(next.href, { headers: { accept: 'text/html', cookie: start.flowCookie } }) : null;
  return { start, callback, next, handoff, session: handoff ? cookieFrom(handoff, 'lectern_session') : undefined };
}
