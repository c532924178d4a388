import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingForSlug, checkSlug, RESERVED_SLUGS } from './slug.ts';

const validSlug = fc
  .stringMatching(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .filter((s) => s.length >= 3 && s.length <= 40 && !RESERVED_SLUGS.has(s));

describe('checkSlug', () => {
  it('accepts 3–40 lower-case letters, digits and single inner hyphens', () => {
    fc.assert(
      fc.property(validSlug, (slug) => {
        expect(checkSlug(slug)).toEqual({ ok: true, slug });
      }),
    );
  });

  it.each([
    ['ab', 'must be 3 to 40'],
    ['a'.repeat(41), 'must be 3 to 40'],
    ['Breslov', 'lower-case'],
    ['bres_lov', 'lower-case'],
    ['-acme', 'start or end'],
    ['acme-', 'start or end'],
    ['ac--me', 'contain "--"'],
    ['www', 'reserved'],
    ['auth', 'reserved'],
    ['api', 'reserved'],
    ['admin', 'reserved'],
  ])('rejects %j with a reason', (slug, reason) => {
    const result = checkSlug(slug);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
  });

  it('gives every valid slug its own binding name', () => {
    fc.assert(
      fc.property(validSlug, validSlug, (a, b) => {
        expect(bindingForSlug(a)).toMatch(/^SCHOOL_[A-Z0-9_]+$/);
        if (a !== b) expect(bindingForSlug(a)).not.toBe(bindingForSlug(b));
      }),
    );
  });
});
