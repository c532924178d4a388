import { type Env, FileTokenKeysSchema } from '../../../platform/env.ts';
import { Unavailable } from '../../../platform/errors.ts';
import { fromBase64Url } from './base64url.ts';

/**
 * The HMAC keys download links are signed with, from FILE_TOKEN_KEYS (`{"kid":"base64-secret",…}`).
 * The FIRST key signs new links; every listed key verifies. To rotate: put the new key first,
 * deploy, and remove the old key once its links are past their 5 minutes.
 */
export type TokenKeys = { signingKid: string; keys: ReadonlyMap<string, CryptoKey> };

/**
 * DEVELOPMENT ONLY, NOT A SECRET: used when FILE_TOKEN_KEYS is unset and ENVIRONMENT is
 * development or test, so `npm run dev` and the tests need no set-up. Production never
 * falls back to it: without FILE_TOKEN_KEYS downloads answer 503.
 */
export const DEVELOPMENT_FILE_TOKEN_KEYS = JSON.stringify({ 'dev-not-secret': btoa('lectern development download key: not a secret, never used in production') });

const cache = new Map<string, Promise<TokenKeys>>();
let warned = false;

export function fileTokenKeys(env: Pick<Env, 'FILE_TOKEN_KEYS' | 'ENVIRONMENT'>): Promise<TokenKeys> {
  let source = env.FILE_TOKEN_KEYS?.trim();
  if (!source) {
    if (env.ENVIRONMENT === 'production') {
      console.error('[media] FILE_TOKEN_KEYS is not set: download links cannot be signed or checked. Set it with `wrangler secret put FILE_TOKEN_KEYS` (see .dev.vars.example).');
      throw new Unavailable('Downloads are not available on this site right now: it has not been given its signing keys yet. The operator has been told; try again later.');
    }
    if (!warned && env.ENVIRONMENT === 'development') console.warn('[media] FILE_TOKEN_KEYS is not set: download links are signed with the built-in DEVELOPMENT key.');
    warned = true;
    source = DEVELOPMENT_FILE_TOKEN_KEYS;
  }
  let keys = cache.get(source);
  if (!keys) {
    keys = importKeys(source);
    cache.set(source, keys);
  }
  return keys;
}

async function importKeys(source: string): Promise<TokenKeys> {
  let parsed: Record<string, string>;
  try {
    parsed = FileTokenKeysSchema.parse(JSON.parse(source));
  } catch {
    // assertEnv refuses to start with malformed keys; this is for contexts built without it.
    console.error('[media] FILE_TOKEN_KEYS is not valid JSON of key id → base64 secret (32+ bytes).');
    throw new Unavailable('Downloads are not available on this site right now: its signing keys are misconfigured. The operator has been told.');
  }
  const entries = Object.entries(parsed);
  const keys = new Map<string, CryptoKey>();
  for (const [kid, secret] of entries) {
    const raw = fromBase64Url(secret.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), { canonical: false })!;
    keys.set(kid, await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']));
  }
  return { signingKid: entries[0]![0], keys };
}
