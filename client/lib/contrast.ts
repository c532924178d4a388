// WCAG 2.x colour maths, the client's one copy: the brand editor's live warnings, the on-colour
// for brand colours and the fallback brand all use it. The Worker's copy is
// src/modules/shell/brand-css.ts (the client cannot import from src/); a test there proves the
// two agree on every pair it tries.

/** Relative luminance of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio of two #rrggbb colours: 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white, whichever contrasts more with `hex`; the same rule as the Worker's readableOn(). */
export function onColorFor(hex: string): '#000000' | '#ffffff' {
  return contrastRatio(hex, '#000000') > contrastRatio(hex, '#ffffff') ? '#000000' : '#ffffff';
}

/** `a` moved `share` of the way towards `b` (the Worker's mix()). */
export function mix(a: string, b: string, share: number): string {
  const channel = (i: number) =>
    Math.round(parseInt(a.slice(i, i + 2), 16) * (1 - share) + parseInt(b.slice(i, i + 2), 16) * share)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

/** Card and field background for a page (the Worker's surfaceFor()): white under dark text, else a lift of the page. */
export function surfaceFor(backgroundColor: string, textColor: string): string {
  return relativeLuminance(textColor) <= relativeLuminance(backgroundColor) ? '#ffffff' : mix(backgroundColor, textColor, 0.08);
}
