import { describe, expect, it } from 'vitest';
import { brandFrom, DEFAULT_BRAND, publicBrand } from './brand.ts';

const SCHOOL = 'a6f1c1d2-0b7e-4a43-9d0e-5b1f4b2b0001';
const logo = { key: `schools/${SCHOOL}/brand/logo-v1`, contentType: 'image/png', version: 'v1', sizeBytes: 68 };

describe('brandFrom', () => {
  it('falls back to safe defaults for anything that is not a hex colour', () => {
    expect(brandFrom({ primaryColor: 'red;}</style><script>', accentColor: '#ABCDEF', tagline: '  ' })).toEqual({
      ...DEFAULT_BRAND,
      accentColor: '#abcdef',
    });
    expect(brandFrom(null)).toEqual(DEFAULT_BRAND);
  });

  it('reads rows written before the brand had a background, text colour, font or images', () => {
    expect(brandFrom({ primaryColor: '#B42318', accentColor: '#175cd3', tagline: 'Training for the Acme team.' })).toEqual({
      primaryColor: '#b42318',
      accentColor: '#175cd3',
      backgroundColor: '#f9fafb',
      textColor: '#111827',
      font: 'system',
      tagline: 'Training for the Acme team.',
      logo: null,
      favicon: null,
    });
  });

  it('keeps only fonts from the list: a stored font name never becomes CSS', () => {
    expect(brandFrom({ font: 'serif' }).font).toBe('serif');
    expect(brandFrom({ font: "x;}</style><script>alert(1)</script>" }).font).toBe('system');
    expect(brandFrom({ font: 'toString' }).font).toBe('system');
  });

  it('keeps an image only when it is one the brand editor could have stored', () => {
    expect(brandFrom({ logo }).logo).toEqual(logo);
    expect(brandFrom({ logo: { ...logo, contentType: 'image/svg+xml' } }).logo).toBeNull();
    expect(brandFrom({ logo: { ...logo, key: `schools/${SCHOOL}/covers/logo-v1` } }).logo).toBeNull();
    expect(brandFrom({ logo: { ...logo, key: `schools/${SCHOOL}/brand/favicon-v1` } }).logo).toBeNull();
    expect(brandFrom({ logo: { ...logo, version: '../x' } }).logo).toBeNull();
    expect(brandFrom({ logo: { ...logo, sizeBytes: -1 } }).logo).toBeNull();
    expect(brandFrom({ favicon: { ...logo, key: `schools/${SCHOOL}/brand/favicon-v1`, contentType: 'image/x-icon' } }).favicon).not.toBeNull();
    expect(brandFrom({ favicon: { ...logo, key: `schools/${SCHOOL}/brand/favicon-v1`, contentType: 'image/jpeg' } }).favicon).toBeNull();
  });

  it('trims the tagline and caps it at 160 characters', () => {
    expect(brandFrom({ tagline: `  ${'a'.repeat(200)} ` }).tagline).toHaveLength(160);
  });
});

describe('publicBrand', () => {
  it('gives image URLs with the version as a cache-buster, and never an R2 key', () => {
    const view = publicBrand(brandFrom({ logo }));
    expect(view.logoUrl).toBe('/brand/logo?v=v1');
    expect(view.faviconUrl).toBeNull();
    expect(JSON.stringify(view)).not.toContain('schools/');
    expect(publicBrand(brandFrom({ logo }), 'http://breslov.localhost:8787').logoUrl).toBe('http://breslov.localhost:8787/brand/logo?v=v1');
  });
});
