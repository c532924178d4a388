import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindingForSlug, checkSlug, RESERVED_SLUGS } from '../../src/modules/tenancy/slug.ts';
import { OperatorError } from './cli.ts';
import { parseCreateSchoolInput } from './school-input.ts';

const SLUG_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-'.split('');
const slugLike = (min: number, max: number) => fc.array(fc.constantFrom(...SLUG_CHARS), { minLength: min, maxLength: max }).map((chars) => chars.join(''));
const wellFormed = (slug: string) => !slug.startsWith('-') && !slug.endsWith('-') && !slug.includes('--');

describe('slug rules', () => {
  it('accepts every well-formed 3–40 character slug that is not reserved', () => {
    fc.assert(
      fc.property(slugLike(3, 40).filter(wellFormed), (slug) => {
        expect(checkSlug(slug).ok).toBe(!RESERVED_SLUGS.has(slug));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects slugs that are too short or too long', () => {
    fc.assert(
      fc.property(fc.oneof(slugLike(0, 2), slugLike(41, 60)), (slug) => {
        expect(checkSlug(slug).ok).toBe(false);
      }),
    );
  });

  it('rejects any character outside a-z, 0-9 and "-"', () => {
    const bad = fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }).filter((text) => /[^a-z0-9-]/.test(text.trim()));
    fc.assert(fc.property(slugLike(2, 20), bad, slugLike(0, 20), (before, middle, after) => {
      fc.pre(/[^a-z0-9-]/.test(`${before}${middle}${after}`.trim()));
      expect(checkSlug(`${before}${middle}${after}`).ok).toBe(false);
    }));
  });

  it('rejects leading, trailing and doubled hyphens, and every reserved name', () => {
    for (const slug of ['-acme', 'acme-', 'ac--me']) expect(checkSlug(slug).ok).toBe(false);
    for (const slug of RESERVED_SLUGS) expect(checkSlug(slug)).toMatchObject({ ok: false, reason: expect.stringContaining('reserved') });
  });

  it('maps distinct valid slugs to distinct bindings', () => {
    fc.assert(
      fc.property(slugLike(3, 20).filter(wellFormed), slugLike(3, 20).filter(wellFormed), (a, b) => {
        fc.pre(a !== b);
        expect(bindingForSlug(a)).not.toBe(bindingForSlug(b));
      }),
    );
  });
});

describe('school:create input', () => {
  const base = { slug: 'gamma', name: 'Gamma School', isPublic: false };

  it('normalises what it accepts', () => {
    expect(parseCreateSchoolInput({ ...base, name: '  Gamma School ', primaryColor: '#AABBCC' })).toEqual({
      slug: 'gamma',
      name: 'Gamma School',
      isPublic: false,
      brand: { primaryColor: '#aabbcc' },
    });
  });

  it.each([
    [{ ...base, slug: 'Gamma' }, /lower-case/],
    [{ ...base, slug: 'ab' }, /3 to 40/],
    [{ ...base, slug: 'admin' }, /reserved/],
    [{ ...base, name: '   ' }, /cannot be empty/],
    [{ ...base, name: 'x'.repeat(121) }, /at most 120/],
    [{ ...base, name: 'Two\nlines' }, /control characters/],
    [{ ...base, accentColor: 'red' }, /--accent-color must be a colour/],
    // The slug is checked first, whatever else is wrong.
    [{ ...base, slug: 'x', name: '' }, /3 to 40/],
  ])('rejects %o', (input, message) => {
    expect(() => parseCreateSchoolInput(input)).toThrow(OperatorError);
    expect(() => parseCreateSchoolInput(input)).toThrow(message);
  });

  it('accepts any name of 1 to 120 printable characters', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }).filter((name) => name.trim() !== '' && !/[\u0000-\u001f\u007f]/.test(name)), (name) => {
        expect(parseCreateSchoolInput({ ...base, name }).name).toBe(name.trim());
      }),
    );
  });
});
