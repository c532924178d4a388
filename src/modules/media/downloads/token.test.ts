import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { signDownloadToken, type TokenPayload, verifyDownloadToken } from './token.ts';
import { DEVELOPMENT_FILE_TOKEN_KEYS, fileTokenKeys } from './token-keys.ts';

const secret = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const OLD = secret();
const NEW = secret();
const keysOf = (keys: Record<string, string>) => fileTokenKeys({ FILE_TOKEN_KEYS: JSON.stringify(keys), ENVIRONMENT: 'test' });

const enc = (v: unknown) => toBase64Url(new TextEncoder().encode(JSON.stringify(v)));
const dec = (part: string) => JSON.parse(new TextDecoder().decode(fromBase64Url(part)!)) as TokenPayload;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const claims = fc.record({
  school: fc.uuid(),
  user: fc.uuid(),
  object: fc.record({ download: fc.uuid(), token: fc.uuid() }),
  exp: fc.integer({ min: 1_700_000_000, max: 2_100_000_000 }),
});

/** One change to a valid token that does not re-sign it. */
type Mutation =
  | { kind: 'char'; part: 0 | 1; at: number; to: number }
  | { kind: 'bit'; part: 0 | 1; at: number; bit: number }
  | { kind: 'field'; field: 'v' | 'kid' | 'school' | 'user' | 'download' | 'token' | 'purpose' | 'exp'; value: string | number }
  | { kind: 'kid' }
  | { kind: 'swapSchool'; school: string }
  | { kind: 'shape'; how: 'truncate' | 'append' | 'extraDot' | 'dropDot' | 'padding' | 'swapParts'; n: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('char' as const), part: fc.constantFrom(0 as const, 1 as const), at: fc.nat(), to: fc.integer({ min: 1, max: 63 }) }),
  fc.record({ kind: fc.constant('bit' as const), part: fc.constantFrom(0 as const, 1 as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('field' as const),
    field: fc.constantFrom('v' as const, 'kid' as const, 'school' as const, 'user' as const, 'download' as const, 'token' as const, 'purpose' as const, 'exp' as const),
    value: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 2 ** 40 })),
  }),
  fc.constant({ kind: 'kid' as const }),
  fc.record({ kind: fc.constant('swapSchool' as const), school: fc.uuid() }),
  fc.record({ kind: fc.constant('shape' as const), how: fc.constantFrom('truncate' as const, 'append' as const, 'extraDot' as const, 'dropDot' as const, 'padding' as const, 'swapParts' as const), n: fc.integer({ min: 1, max: 20 }) }),
);

/** Applies a mutation; null when it happens to change nothing (then there is nothing to reject). */
function mutate(token: string, m: Mutation): string | null {
  const [body, sig] = token.split('.') as [string, string];
  const parts = [body, sig];
  switch (m.kind) {
    case 'char': {
      const text = parts[m.part]!;
      const i = m.at % text.length;
      const to = B64URL[(B64URL.indexOf(text[i]!) + m.to) % 64]!;
      parts[m.part] = text.slice(0, i) + to + text.slice(i + 1);
      return parts.join('.');
    }
    case 'bit': {
      const bytes = fromBase64Url(parts[m.part]!)!;
      bytes[m.at % bytes.length]! ^= 1 << m.bit;
      parts[m.part] = toBase64Url(bytes);
      return parts.join('.');
    }
    case 'field': {
      const p = dec(body) as Record<string, unknown> & { object: Record<string, unknown> };
      if (m.field === 'download' || m.field === 'token') {
        if (p.object[m.field] === m.value) return null;
        p.object[m.field] = m.value;
      } else {
        if (p[m.field] === m.value) return null;
        p[m.field] = m.value;
      }
      return `${enc(p)}.${sig}`;
    }
    case 'kid': {
      const p = dec(body);
      return `${enc({ ...p, kid: p.kid === 'k-new' ? 'k-old' : 'k-new' })}.${sig}`;
    }
    case 'swapSchool': {
      const p = dec(body);
      return p.school === m.school ? null : `${enc({ ...p, school: m.school })}.${sig}`;
    }
    case 'shape': {
      if (m.how === 'truncate') return token.slice(0, Math.max(0, token.length - m.n));
      if (m.how === 'append') return token + 'A'.repeat(m.n);
      if (m.how === 'extraDot') return `${token}.${'A'.repeat(m.n)}`;
      if (m.how === 'dropDot') return body + sig;
      if (m.how === 'padding') return `${body}.${sig}${'='.repeat(1 + (m.n % 2))}`;
      return `${sig}.${body}`;
    }
  }
}

describe('download tokens', () => {
  it('a signed token verifies and carries its claims', async () => {
    const keys = await keysOf({ 'k-new': NEW, 'k-old': OLD });
    const token = await signDownloadToken(keys, { school: 's1', user: 'u1', object: { download: 'd1', token: 't1' }, exp: 1_900_000_000 });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const res = await verifyDownloadToken(keys, token);
    expect(res).toEqual({ ok: true, payload: { v: 1, kid: 'k-new', school: 's1', user: 'u1', object: { download: 'd1', token: 't1' }, purpose: 'download', exp: 1_900_000_000 } });
  });

  it('rejects every single-field mutation of valid tokens (10,000 cases)', async () => {
    const keys = await keysOf({ 'k-new': NEW, 'k-old': OLD });
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(claims, mutation, async (c, m) => {
        const token = await signDownloadToken(keys, c);
        const forged = mutate(token, m);
        fc.pre(forged !== null && forged !== token);
        checked++;
        const res = await verifyDownloadToken(keys, forged!);
        expect(res.ok, `${m.kind} → ${forged}`).toBe(false);
      }),
      { numRuns: 10_000 },
    );
    expect(checked).toBeGreaterThan(9_000);
  });

  it('keeps verifying links signed with a rotated-out signing key while it is listed, and rejects unknown key ids', async () => {
    const before = await keysOf({ 'k-old': OLD });
    const during = await keysOf({ 'k-new': NEW, 'k-old': OLD });
    const after = await keysOf({ 'k-new': NEW });
    const oldLink = await signDownloadToken(before, { school: 's', user: 'u', object: { download: 'd', token: 't' }, exp: 1_900_000_000 });
    const newLink = await signDownloadToken(during, { school: 's', user: 'u', object: { download: 'd', token: 't' }, exp: 1_900_000_000 });
    expect(dec(newLink.split('.')[0]!).kid).toBe('k-new');
    expect((await verifyDownloadToken(during, oldLink)).ok).toBe(true);
    expect((await verifyDownloadToken(after, newLink)).ok).toBe(true);
    expect(await verifyDownloadToken(after, oldLink)).toEqual({ ok: false, reason: 'unknown_key' });
    // Same key id, different secret: a forged key is not a known key.
    const impostor = await keysOf({ 'k-new': secret() });
    expect(await verifyDownloadToken(impostor, newLink)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('uses the labelled development key only outside production', async () => {
    const dev = await fileTokenKeys({ ENVIRONMENT: 'test' });
    expect(dev.signingKid).toBe(Object.keys(JSON.parse(DEVELOPMENT_FILE_TOKEN_KEYS))[0]);
    expect(() => fileTokenKeys({ ENVIRONMENT: 'production' })).toThrow(/not available/);
    await expect(fileTokenKeys({ ENVIRONMENT: 'production', FILE_TOKEN_KEYS: '{"k":"short"}' })).rejects.toThrow(/misconfigured/);
  });
});
