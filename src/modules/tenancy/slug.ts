/**
 * Rules for school slugs, shared by the operator scripts, the Worker and (later) the
 * "start a school" form, so every path accepts exactly the same names.
 */
export const RESERVED_SLUGS = new Set([
  'www', 'auth', 'api', 'admin', 'app', 'static', 'assets', 'files', 'webhooks', 'mail',
  'email', 'status', 'help', 'support', 'docs', 'blog', 'dashboard', 'platform', 'lectern',
  'cdn', 'media', 'billing', 'login', 'signup', 'account', 'accounts', 'dev', 'test', 'staging',
]);

export type SlugCheck = { ok: true; slug: string } | { ok: false; reason: string };

export function checkSlug(input: string): SlugCheck {
  const slug = input.trim();
  if (slug.length < 3 || slug.length > 40) {
    return { ok: false, reason: `A school slug must be 3 to 40 characters long; "${slug}" has ${slug.length}.` };
  }
  if (!/^[a-z0-9-]+$/.test(slug)) {
    return { ok: false, reason: `A school slug may only use lower-case letters, digits and "-"; got "${slug}".` };
  }
  if (slug.startsWith('-') || slug.endsWith('-') || slug.includes('--')) {
    return { ok: false, reason: `A school slug cannot start or end with "-" or contain "--"; got "${slug}".` };
  }
  if (RESERVED_SLUGS.has(slug)) {
    return { ok: false, reason: `"${slug}" is reserved for the platform; choose another slug.` };
  }
  return { ok: true, slug };
}

/** SCHOOL_<SLUG>: the Worker binding name for a school's database. */
export function bindingForSlug(slug: string): `SCHOOL_${string}` {
  return `SCHOOL_${slug.toUpperCase().replace(/-/g, '_')}`;
}
