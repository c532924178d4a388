import { onColorFor, surfaceFor } from './contrast';
import type { School } from './school';

// The Worker normally injects the brand into <style id="lectern-brand"> before first paint.
// Only when that did not happen (vite dev, vite preview, a cached shell) does the client apply
// the brand itself, with the same rules for the derived colours.

export { onColorFor } from './contrast';

export function brandWasInjected(doc: Document): boolean {
  return (doc.getElementById('lectern-brand')?.textContent ?? '').trim() !== '';
}

/** The brand's CSS variables on <html>, through the CSSOM (which the CSP allows; style attributes in markup it does not). */
export function applyBrandColours(doc: Document, brand: School['brand'], fontStack?: string): void {
  const root = doc.documentElement.style;
  root.setProperty('--brand-primary', brand.primaryColor);
  root.setProperty('--brand-accent', brand.accentColor);
  root.setProperty('--brand-on-primary', onColorFor(brand.primaryColor));
  root.setProperty('--brand-background', brand.backgroundColor);
  root.setProperty('--brand-text', brand.textColor);
  root.setProperty('--brand-surface', surfaceFor(brand.backgroundColor, brand.textColor));
  if (fontStack) root.setProperty('--brand-font', fontStack);
}

export function applyBrandFallback(doc: Document, school: School): void {
  applyBrandColours(doc, school.brand);
  doc.title = school.name;
  doc.querySelector('meta[name="theme-color"]')?.setAttribute('content', school.brand.primaryColor);
  const description = school.brand.tagline ?? school.profile.headline;
  if (description) doc.querySelector('meta[name="description"]')?.setAttribute('content', description);
}
