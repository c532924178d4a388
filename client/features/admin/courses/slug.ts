// The client's copy of the Worker's slugFromTitle (src/modules/courses/slug.ts), used only to
// suggest an address while typing. The Worker still validates, and numbers a taken slug.
export const MAX_SLUG = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG - 4)
    .replace(/^-+|-+$/g, '');
}

/** A sentence for a slug the Worker would refuse, or null when it looks fine. */
export function slugProblem(slug: string): string | null {
  if (slug.length > MAX_SLUG) return `Keep the address under ${MAX_SLUG} characters.`;
  if (!SLUG_PATTERN.test(slug)) return 'Use lower-case letters, digits and single hyphens for the address, such as intro-to-torah.';
  return null;
}
