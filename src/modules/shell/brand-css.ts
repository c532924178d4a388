import type { Brand } from '../tenancy/schema.ts';

/** Relative luminance per WCAG 2.x, for picking readable text on the brand colour. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const v = parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Black or white, whichever contrasts more with the background colour. */
export function readableOn(hex: string): '#000000' | '#ffffff' {
  const l = luminance(hex);
  return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#000000' : '#ffffff';
}

/** The CSS variables the client styles itself with. Colours are validated hex by brandFrom(). */
export function brandCss(brand: Brand): string {
  return `:root{--brand-primary:${brand.primaryColor};--brand-accent:${brand.accentColor};--brand-on-primary:${readableOn(brand.primaryColor)}}`;
}
