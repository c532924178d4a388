import { and, eq, sql } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { type Brand, brandFrom } from '../branding/brand.ts';
import { schoolHostnames, schools } from './schema.ts';

/** What a request on a school host knows about its school. */
export type ResolvedSchool = {
  id: string;
  slug: string;
  name: string;
  brand: Brand;
  isPublic: boolean;
  d1Binding: string;
  /** The host the request came in on (normalised). */
  hostname: string;
  /** The school's active primary host; every other host of the school redirects to it. */
  primaryHostname: string | null;
};

/**
 * Host → school with one indexed query. Only active hostnames of active schools resolve:
 * an unknown, pending, suspended or archived host finds nothing, never a default school.
 */
export async function findSchoolByHostname(db: PlatformDb, hostname: string): Promise<ResolvedSchool | null> {
  const [row] = await db
    .select({
      id: schools.id,
      slug: schools.slug,
      name: schools.name,
      brand: schools.brand,
      isPublic: schools.isPublic,
      d1Binding: schools.d1Binding,
      // In the same round trip: the redirect target, when this is not the primary host.
      primaryHostname: sql<string | null>`(select p.hostname from ${schoolHostnames} as p where p.school_id = ${schools.id} and p.is_primary = 1 and p.status = 'active' limit 1)`,
    })
    .from(schoolHostnames)
    .innerJoin(schools, eq(schools.id, schoolHostnames.schoolId))
    .where(and(eq(schoolHostnames.hostname, hostname), eq(schoolHostnames.status, 'active'), eq(schools.status, 'active')))
    .limit(1);
  return row ? { ...row, brand: brandFrom(row.brand), hostname } : null;
}

// ---- per-isolate cache ---------------------------------------------------------------
// Every request needs its school; a short TTL keeps the platform database off the hot
// path while a suspension still takes effect within CACHE_TTL_MS. Misses are cached more
// briefly so a newly added host appears quickly, and the map is bounded so a flood of
// random Host headers cannot grow it without limit.

const CACHE_TTL_MS = 30_000;
const MISS_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 2_000;
const cache = new Map<string, { school: ResolvedSchool | null; expiresAt: number }>();

export async function resolveSchool(db: PlatformDb, hostname: string, now = Date.now()): Promise<ResolvedSchool | null> {
  const hit = cache.get(hostname);
  if (hit && hit.expiresAt > now) return hit.school;
  const school = await findSchoolByHostname(db, hostname);
  if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(hostname, { school, expiresAt: now + (school ? CACHE_TTL_MS : MISS_TTL_MS) });
  return school;
}

/** For tests and for operator actions taken inside this isolate. */
export function forgetResolvedSchools(): void {
  cache.clear();
}
