import type { School } from './school';

// The Worker normally injects the brand into <style id="lectern-brand"> before first paint.
// Only when that did not happen (vite dev, vite preview, a cached shell) does the client apply
// the brand itself, with the same rule for the text colour on the primary.

/** Black or white, whichever contrasts more with `hex`; the same rule as the Worker's readableOn(). */
export function onColorFor(hex: string): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(hex);
  const withWhite = 1.05 / (luminance + 0.05);
  const withBlack = (luminance + 0.05) / 0.05;
  return withBlack > withWhite ? '#000000' : '#ffffff';
}

function relativeLuminance(hex: string): number {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function brandWasInjected(doc: Document): boolean {
  return (doc.getElementById('lectern-brand')?.textContent ?? '').trim() !== '';
}

export function applyBrandFallback(doc: Document, school: School): void {
  const root = doc.documentElement.style;
  root.setProperty('--brand-primary', school.brand.primaryColor);
  root.setProperty('--brand-accent', school.brand.accentColor);
  root.setProperty('--brand-on-primary', onColorFor(school.brand.primaryColor));
  doc.title = school.name;
  doc.querySelector('meta[name="theme-color"]')?.setAttribute('content', school.brand.primaryColor);
  const description = school.brand.tagline ?? school.profile.headline;
  if (description) doc.querySelector('meta[name="description"]')?.setAttribute('content', description);
}
