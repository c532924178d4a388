import type { Env } from '../../platform/env.ts';
import { fileTokenKeys } from './downloads/token-keys.ts';

/**
 * Generic HMAC-signed, expiring tokens for URLs the Worker serves itself (video playback).
 * A token is `v1.<kid>.<claims>.<signature>`: the claims are base64url JSON with a purpose,
 * issue and expiry time; the signature is HMAC-SHA256 over everything before it, checked in
 * constant time by WebCrypto. Keys are FILE_TOKEN_KEYS through the same keyring as download
 * links (downloads/token-keys.ts: the first key signs, every key verifies, a development
 * key outside production), so one rotation covers both.
 */

export type TokenClaims = Record<string, unknown> & {
  /** What the token may be used for; checked on verify so a download token cannot play video. */
  pur: string;
  /** Expiry, Unix seconds. */
  exp: number;
  /** Issued at, Unix seconds. */
  iat: number;
};

type KeyEnv = Pick<Env, 'FILE_TOKEN_KEYS' | 'ENVIRONMENT'>;

const VERSION = 'v1';

/** Signs `claims` (which must carry pur, iat and exp) with the current key. */
export async function signToken(env: KeyEnv, claims: TokenClaims): Promise<string> {
  const { signingKid, keys } = await fileTokenKeys(env);
  const body = `${VERSION}.${signingKid}.${toBase64Url(new TextEncoder().encode(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign('HMAC', keys.get(signingKid)!, new TextEncoder().encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

export type VerifyFailure = 'malformed' | 'unknown_key' | 'bad_signature' | 'expired' | 'wrong_purpose' | 'too_long_lived';

/**
 * The claims of a genuine, unexpired token for `purpose`, or why not. `maxTtlSeconds`
 * refuses tokens minted with a lifetime longer than the caller allows, even if signed.
 */
export async function verifyToken(
  env: KeyEnv,
  token: string,
  expect: { purpose: string; now: Date; maxTtlSeconds: number },
): Promise<{ ok: true; claims: TokenClaims } | { ok: false; reason: VerifyFailure }> {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION || token.length > 4096) return { ok: false, reason: 'malformed' };
  const [, kid, payload, sig] = parts as [string, string, string, string];
  const { keys } = await fileTokenKeys(env);
  const key = keys.get(kid);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const signature = fromBase64Url(sig);
  if (!signature) return { ok: false, reason: 'malformed' };
  // crypto.subtle.verify compares in constant time.
  const genuine = await crypto.subtle.verify('HMAC', key, signature, new TextEncoder().encode(`${VERSION}.${kid}.${payload}`));
  if (!genuine) return { ok: false, reason: 'bad_signature' };
  let claims: TokenClaims;
  try {
    const bytes = fromBase64Url(payload);
    if (!bytes) return { ok: false, reason: 'malformed' };
    claims = JSON.parse(new TextDecoder().decode(bytes)) as TokenClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims !== 'object' || claims === null || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.pur !== expect.purpose) return { ok: false, reason: 'wrong_purpose' };
  if (claims.exp - claims.iat > expect.maxTtlSeconds) return { ok: false, reason: 'too_long_lived' };
  if (Math.floor(expect.now.getTime() / 1000) >= claims.exp) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
