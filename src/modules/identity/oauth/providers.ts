import { Google, MicrosoftEntraId } from 'arctic';
import { z } from 'zod';
import type { Env } from '../../../platform/env.ts';
import { PROVIDER_NAMES } from '../policy.ts';

/** The OAuth providers, by the name they have in URLs (`/auth/google/start`). */
export const OAUTH_PROVIDERS = { google: 'google_oidc', microsoft: 'microsoft_oidc' } as const;
export type OAuthSlug = keyof typeof OAUTH_PROVIDERS;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[OAuthSlug];
export const OAUTH_SLUGS = ['google', 'microsoft'] as const satisfies readonly OAuthSlug[];

export const providerName = (slug: OAuthSlug) => PROVIDER_NAMES[OAUTH_PROVIDERS[slug]];

export const OAUTH_SCOPES = ['openid', 'email', 'profile'];

export type OAuthCredentials = {
  google?: { clientId: string; clientSecret: string };
  microsoft?: { clientId: string; clientSecret: string; tenant: string };
};

// An empty string is how `wrangler secret` and .dev.vars spell "not set".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const OAuthEnv = z.object({
  GOOGLE_CLIENT_ID: optional(z.string().trim()),
  GOOGLE_CLIENT_SECRET: optional(z.string().trim()),
  MICROSOFT_CLIENT_ID: optional(z.string().trim()),
  MICROSOFT_CLIENT_SECRET: optional(z.string().trim()),
  // A tenant id, a verified domain, or one of common / organizations / consumers.
  MICROSOFT_TENANT: optional(z.string().trim().regex(/^[A-Za-z0-9.-]+$/, 'MICROSOFT_TENANT must be a tenant id, a domain, or "common"')),
});

const parsed = new WeakMap<object, OAuthCredentials>();

/**
 * Provider credentials are optional secrets: a provider is offered only when both its client
 * id and secret are set. Half a pair or a malformed value is an operator mistake, logged once
 * per isolate; the provider is then simply not offered rather than failing every sign-in.
 */
export function oauthCredentials(env: Env): OAuthCredentials {
  const hit = parsed.get(env);
  if (hit) return hit;
  const result = OAuthEnv.safeParse(env);
  const credentials: OAuthCredentials = {};
  if (!result.success) {
    console.error(`[oauth] provider secrets are malformed, OAuth sign-in is off: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  } else {
    const vars = result.data;
    if (vars.GOOGLE_CLIENT_ID && vars.GOOGLE_CLIENT_SECRET) {
      credentials.google = { clientId: vars.GOOGLE_CLIENT_ID, clientSecret: vars.GOOGLE_CLIENT_SECRET };
    } else if (vars.GOOGLE_CLIENT_ID || vars.GOOGLE_CLIENT_SECRET) {
      console.error('[oauth] only one of GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET is set; Google sign-in is off');
    }
    if (vars.MICROSOFT_CLIENT_ID && vars.MICROSOFT_CLIENT_SECRET) {
      credentials.microsoft = { clientId: vars.MICROSOFT_CLIENT_ID, clientSecret: vars.MICROSOFT_CLIENT_SECRET, tenant: vars.MICROSOFT_TENANT ?? 'common' };
    } else if (vars.MICROSOFT_CLIENT_ID || vars.MICROSOFT_CLIENT_SECRET) {
      console.error('[oauth] only one of MICROSOFT_CLIENT_ID / MICROSOFT_CLIENT_SECRET is set; Microsoft sign-in is off');
    }
  }
  parsed.set(env, credentials);
  return credentials;
}

/**
 * The one registered redirect URI per provider: the auth host, with the scheme and port of
 * the request that asked (so http://…localhost:8787 works in development).
 */
export function callbackUrl(requestOrigin: string, platformDomain: string, slug: OAuthSlug): string {
  return `${hostOrigin(requestOrigin, `auth.${platformDomain}`)}/auth/${slug}/callback`;
}

/** `hostname` with the scheme and port of `requestOrigin`. */
export function hostOrigin(requestOrigin: string, hostname: string): string {
  const { protocol, port } = new URL(requestOrigin);
  return `${protocol}//${hostname}${port ? `:${port}` : ''}`;
}

export type OAuthClient = Pick<Google, 'createAuthorizationURL' | 'validateAuthorizationCode'>;

export function oauthClient(slug: OAuthSlug, credentials: OAuthCredentials, redirectUri: string): OAuthClient | null {
  if (slug === 'google') {
    const google = credentials.google;
    return google ? new Google(google.clientId, google.clientSecret, redirectUri) : null;
  }
  const entra = credentials.microsoft;
  return entra ? new MicrosoftEntraId(entra.tenant, entra.clientId, entra.clientSecret, redirectUri) : null;
}
