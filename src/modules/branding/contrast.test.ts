import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// The client's copy of the formula (client/lib/contrast.ts): pure, so it runs here too.
import * as client from '../../../client/lib/contrast.ts';
import { brandCss, contrastRatio, readableOn, surfaceFor } from '../shell/brand-css.ts';
import { DEFAULT_BRAND } from './brand.ts';
import { brandWarnings } from './warnings.ts';

const hex = fc.integer({ min: 0, max: 0xffffff }).map((n) => `#${n.toString(16).padStart(6, '0')}`);

describe('WCAG contrast ratio', () => {
  it.each([
    ['#000000', '#ffffff', 21],
    ['#ffffff', '#000000', 21],
    ['#777777', '#ffffff', 4.48],
    ['#767676', '#ffffff', 4.54],
    ['#1f4e79', '#1f4e79', 1],
  ])('%s on %s is %s:1', (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 2);
    expect(client.contrastRatio(a, b)).toBeCloseTo(ratio, 2);
  });

  it('the client and the Worker agree on every pair (ratio, on-colour, surface)', () => {
    fc.assert(
      fc.property(hex, hex, (a, b) => {
        expect(client.contrastRatio(a, b)).toBeCloseTo(contrastRatio(a, b), 10);
        expect(client.onColorFor(a)).toBe(readableOn(a));
        expect(client.surfaceFor(a, b)).toBe(surfaceFor({ backgroundColor: a, textColor: b }));
      }),
      { numRuns: 1000 },
    );
  });

  it('black or white on any brand colour passes AA (so the on-primary check can never fire)', () => {
    fc.assert(fc.property(hex, (colour) => contrastRatio(colour, readableOn(colour)) >= 4.5), { numRuns: 1000 });
  });
});

describe('brand warnings', () => {
  it('Lectern’s default brand has none', () => {
    expect(brandWarnings(DEFAULT_BRAND)).toEqual([]);
  });

  it('warns (with the ratio) when text on the background is under 4.5:1, and when the brand colour is under 3:1 on it', () => {
    expect(brandWarnings({ ...DEFAULT_BRAND, textColor: '#777777', backgroundColor: '#ffffff' })).toEqual([
      { field: 'textColor', against: 'backgroundColor', ratio: 4.47, minimum: 4.5, message: expect.stringContaining('4.47:1') },
    ]);
    expect(brandWarnings({ ...DEFAULT_BRAND, textColor: '#767676', backgroundColor: '#ffffff' })).toEqual([]);
    expect(brandWarnings({ ...DEFAULT_BRAND, primaryColor: '#fafafa' }).map((w) => [w.field, w.against, w.minimum])).toEqual([['primaryColor', 'backgroundColor', 3]]);
  });
});

describe('brandCss', () => {
  it('writes every variable the client reads, with the font as a stack from the list', () => {
    const css = brandCss({ ...DEFAULT_BRAND, font: 'serif', backgroundColor: '#101010', textColor: '#f0f0f0' });
    expect(css).toMatch(/^:root\{.*\}$/);
    for (const name of ['--brand-primary:#1f4e79', '--brand-accent:#f2a900', '--brand-on-primary:#ffffff', '--brand-background:#101010', '--brand-text:#f0f0f0', '--brand-font:Charter']) {
      expect(css).toContain(name);
    }
    // Light text on a dark page: the surface is lifted from the page, not white.
    expect(css).toContain('--brand-surface:#222222');
    expect(brandCss(DEFAULT_BRAND)).toContain('--brand-surface:#ffffff');
    expect(css).not.toContain('<');
  });
});
