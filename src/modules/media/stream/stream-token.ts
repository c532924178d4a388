import type { Env } from '../../../platform/env.ts';
import { Unavailable } from '../../../platform/errors.ts';
import { fromBase64Url, toBase64Url } from '../signed-token.ts';
import { streamOf } from './binding.ts';

/** A Stream signed-URL token never outlives this, whatever mints it. */
export const STREAM_TOKEN_MAX_TTL_SECONDS = 60 * 60;

type TokenEnv = Pick<Env, 'STREAM' | 'STREAM_SIGNING_KEY_ID' | 'STREAM_SIGNING_KEY_JWK'>;

/**
 * A signed-URL token for a video that requires signed URLs, expiring within the hour.
 *
 * With a Stream signing key configured, the Worker signs the JWT itself (RS256, Stream's
 * recommended way): the expiry is exactly ours and no API call is made per view. Without
 * one it asks the binding (`video(uid).generateToken()`), which takes no expiry argument;
 * the token's own `exp` is read back and a token valid for longer than an hour is refused
 * rather than handed out (the /token API defaults to one hour; miniflare's simulator
 * issues six).
 */
export async function mintStreamToken(env: TokenEnv, uid: string, now: Date, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const ttl = Math.min(ttlSeconds, STREAM_TOKEN_MAX_TTL_SECONDS);
  const iat = Math.floor(now.getTime() / 1000);
  if (env.STREAM_SIGNING_KEY_ID && env.STREAM_SIGNING_KEY_JWK) {
    const exp = iat + ttl;
    return { token: await signWithKey(env.STREAM_SIGNING_KEY_ID, env.STREAM_SIGNING_KEY_JWK, { sub: uid, kid: env.STREAM_SIGNING_KEY_ID, exp, nbf: iat - 60 }), expiresAt: new Date(exp * 1000) };
  }
  const token = await streamOf(env).video(uid).generateToken();
  const exp = tokenExpiry(token);
  if (exp === null || exp - iat > STREAM_TOKEN_MAX_TTL_SECONDS + 60) {
    console.error(`[stream] generateToken() returned a token expiring ${exp === null ? 'at an unknown time' : `in ${exp - iat}s`}; set STREAM_SIGNING_KEY_ID and STREAM_SIGNING_KEY_JWK so tokens expire within the hour`);
    throw new Unavailable('Video playback is not configured correctly on this deployment. The operator has been told.');
  }
  return { token, expiresAt: new Date(exp * 1000) };
}

/** `exp` from a JWT's payload (or, as the simulator issues, base64 JSON), unverified: it is our own token. */
export function tokenExpiry(token: string): number | null {
  const parts = token.split('.');
  const payload = parts.length === 3 ? parts[1]! : token;
  const bytes = fromBase64Url(payload.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  if (!bytes) return null;
  try {
    const exp = Number((JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown }).exp);
    return Number.isFinite(exp) ? exp : null;
  } catch {
    return null;
  }
}

const signingKeys = new Map<string, Promise<CryptoKey>>();

/** The JWK as Stream's `POST /stream/keys` returns it: base64 of the JSON key. */
async function signWithKey(kid: string, jwkBase64: string, claims: Record<string, unknown>): Promise<string> {
  let key = signingKeys.get(jwkBase64);
  if (!key) {
    key = (async () => {
      const jwk = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(jwkBase64), (c) => c.charCodeAt(0)))) as JsonWebKey;
      return crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    })();
    signingKeys.set(jwkBase64, key);
    key.catch(() => signingKeys.delete(jwkBase64));
  }
  const enc = (value: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(value)));
  const body = `${enc({ alg: 'RS256', kid })}.${enc(claims)}`;
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await key, new TextEncoder().encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}
