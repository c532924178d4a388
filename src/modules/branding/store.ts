import { and, eq, sql } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { Conflict, NotFound } from '../../platform/errors.ts';
import { schools } from '../tenancy/schema.ts';
import { forgetResolvedSchools } from '../tenancy/resolve-school.ts';
import { type Brand, brandFrom } from './brand.ts';

/**
 * The brand row of one school, read fresh from the platform database (not the per-isolate
 * school cache): edits must start from what is stored, and images are served from it so a
 * replaced image is never looked for under its deleted key.
 *
 * `raw` is the stored JSON text exactly as it is, for the compare-and-swap in saveBrand.
 */
export async function loadBrand(platformDb: PlatformDb, schoolId: string): Promise<{ brand: Brand; raw: string }> {
  const [row] = await platformDb
    .select({ raw: sql<string>`${schools.brand}` })
    .from(schools)
    .where(eq(schools.id, schoolId))
    .limit(1);
  if (!row) throw new NotFound('No school is served at this address.');
  return { brand: brandFrom(parse(row.raw)), raw: row.raw };
}

function parse(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Writes `next` over this school's brand only if the row still holds `raw` (what the caller
 * read). Two admins saving at once, or an upload racing a save, cannot silently undo each
 * other, and an upload never leaves an image no row points to without knowing it (the
 * caller deletes its new object on a Conflict).
 *
 * On success this isolate forgets its cached schools, so the next page here shows the new
 * brand at once; other isolates follow when their cache entry expires (30 s).
 */
export async function saveBrand(platformDb: PlatformDb, schoolId: string, raw: string, next: Brand, now: Date): Promise<void> {
  const updated = await platformDb
    .update(schools)
    .set({ brand: next, updatedAt: now })
    .where(and(eq(schools.id, schoolId), sql`${schools.brand} = ${raw}`))
    .returning({ id: schools.id });
  if (updated.length === 0) throw new Conflict('The brand was changed by someone else while you were editing it. Reload the page to see their changes, then try again.');
  forgetResolvedSchools();
}
