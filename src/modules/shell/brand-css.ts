import { BRAND_FONTS, type BrandLook } from '../branding/brand.ts';

// WCAG 2.x colour maths for the brand. The client has its own copy of the formula in
// client/lib/contrast.ts (it cannot import from src/); src/modules/branding/contrast.test.ts
// proves the two agree.

/** Relative luminance per WCAG 2.x of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG 2.x contrast ratio of two #rrggbb colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white, whichever contrasts more with the background colour (always at least 4.58:1). */
export function readableOn(hex: string): '#000000' | '#ffffff' {
  return contrastRatio(hex, '#000000') > contrastRatio(hex, '#ffffff') ? '#000000' : '#ffffff';
}

/** `a` moved `share` of the way towards `b`, as #rrggbb. */
export function mix(a: string, b: string, share: number): string {
  const channel = (i: number) => {
    const value = Math.round(parseInt(a.slice(i, i + 2), 16) * (1 - share) + parseInt(b.slice(i, i + 2), 16) * share);
    return value.toString(16).padStart(2, '0');
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/**
 * Cards and fields sit on a surface. Dark text on a light page gets white surfaces (as Lectern
 * always had); light text on a dark page gets a surface a little lighter than the page, so the
 * body text stays readable on both.
 */
export function surfaceFor(look: Pick<BrandLook, 'backgroundColor' | 'textColor'>): string {
  return luminance(look.textColor) <= luminance(look.backgroundColor) ? '#ffffff' : mix(look.backgroundColor, look.textColor, 0.08);
}

/**
 * The CSS variables the client styles itself with. Colours are validated hex (brandFrom(), the
 * zod input) and the font is a stack from our own list, never text a person typed.
 */
export function brandCss(look: BrandLook): string {
  const vars = {
    '--brand-primary': look.primaryColor,
    '--brand-accent': look.accentColor,
    '--brand-on-primary': readableOn(look.primaryColor),
    '--brand-background': look.backgroundColor,
    '--brand-text': look.textColor,
    '--brand-surface': surfaceFor(look),
    '--brand-font': BRAND_FONTS[look.font].stack,
  };
  return `:root{${Object.entries(vars).map(([name, value]) => `${name}:${value}`).join(';')}}`;
}
