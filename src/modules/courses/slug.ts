import { eq, like, or } from 'drizzle-orm';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { courses } from './schema.ts';
import { MAX_SLUG } from './validation.ts';

/**
 * The course's address from its title: accents dropped, everything else that is not a-z0-9
 * becomes a hyphen. A title with no Latin letters at all (e.g. Hebrew) gives "course", which
 * the clash rule then numbers.
 */
export function slugFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG - 4)
    .replace(/^-+|-+$/g, '');
  return slug || 'course';
}

/** `slug` if no other course of the school uses it, else the first free `slug-2`, `slug-3`, … */
export async function freeSlug(schoolDb: SchoolDb, slug: string, exceptCourseId?: string): Promise<string> {
  const rows = await schoolDb.db
    .select({ id: courses.id, slug: courses.slug })
    .from(courses)
    .where(schoolDb.scoped(courses, or(eq(courses.slug, slug), like(courses.slug, `${slug}-%`))));
  const taken = new Set(rows.filter((r) => r.id !== exceptCourseId).map((r) => r.slug));
  if (!taken.has(slug)) return slug;
  const base = slug.slice(0, MAX_SLUG - 4).replace(/-+$/, '');
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** D1 reports a lost race on the (school, slug) unique index as a constraint failure. */
export const isSlugClash = (err: unknown) => String((err as Error)?.message ?? err).includes('UNIQUE constraint failed');
