import { z } from 'zod';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import type { TokenKeys } from './token-keys.ts';

/**
 * A download token: `base64url(payload JSON) + "." + base64url(HMAC-SHA256(key, first part))`.
 * The payload binds the link to one school, one user, one download and one download_tokens
 * row, for one purpose, until `exp`; `kid` names the key that signed it (rotation). The
 * signature covers the payload exactly as sent, so changing any field, the key id or a single
 * character is caught; both parts must be canonical base64url, so no two spellings pass.
 */
export const TokenPayload = z
  .object({
    v: z.literal(1),
    kid: z.string().min(1).max(32),
    school: z.string().min(1).max(100),
    user: z.string().min(1).max(100),
    object: z.object({ download: z.string().min(1).max(100), token: z.string().min(1).max(100) }).strict(),
    purpose: z.literal('download'),
    /** Expiry, Unix seconds. */
    exp: z.number().int().positive(),
  })
  .strict();
export type TokenPayload = z.infer<typeof TokenPayload>;

export type TokenRefusal = 'malformed' | 'unknown_key' | 'bad_signature';

const encoder = new TextEncoder();
const MAX_TOKEN_LENGTH = 2048;

export async function signDownloadToken(keys: TokenKeys, claims: Omit<TokenPayload, 'v' | 'kid' | 'purpose'>): Promise<string> {
  const payload: TokenPayload = { v: 1, kid: keys.signingKid, school: claims.school, user: claims.user, object: claims.object, purpose: 'download', exp: claims.exp };
  const body = toBase64Url(encoder.encode(JSON.stringify(payload)));
  const signature = await crypto.subtle.sign('HMAC', keys.keys.get(keys.signingKid)!, encoder.encode(body));
  return `${body}.${toBase64Url(new Uint8Array(signature))}`;
}

/**
 * The payload of a token one of `keys` signed, or why not. Says nothing about expiry, school
 * or use: those are the redeemer's checks (see redeem.ts). The comparison of signatures is
 * crypto.subtle.verify's, which is constant-time.
 */
export async function verifyDownloadToken(keys: TokenKeys, token: string): Promise<{ ok: true; payload: TokenPayload } | { ok: false; reason: TokenRefusal }> {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [body, sig] = parts as [string, string];
  const payloadBytes = fromBase64Url(body);
  const signature = fromBase64Url(sig);
  if (!payloadBytes || !signature || signature.byteLength !== 32) return { ok: false, reason: 'malformed' };
  let payload: TokenPayload;
  try {
    payload = TokenPayload.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(payloadBytes)));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const key = keys.keys.get(payload.kid);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const genuine = await crypto.subtle.verify('HMAC', key, signature, encoder.encode(body));
  if (!genuine) return { ok: false, reason: 'bad_signature' };
  return { ok: true, payload };
}
