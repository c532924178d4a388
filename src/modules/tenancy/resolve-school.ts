import { and, eq } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { type Brand, schoolHostnames, schools } from './schema.ts';

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
};

export const DEFAULT_BRAND: Brand = { primaryColor: '#1f4e79', accentColor: '#f2a900', tagline: null };
const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

/** Brand JSON is operator/admin input: anything malformed falls back to a safe default. */
export function brandFrom(stored: Partial<Brand> | null | undefined): Brand {
  return {
    primaryColor: HEX_COLOUR.test(stored?.primaryColor ?? '') ? stored!.primaryColor!.toLowerCase() : DEFAULT_BRAND.primaryColor,
    accentColor: HEX_COLOUR.test(stored?.accentColor ?? '') ? stored!.accentColor!.toLowerCase() : DEFAULT_BRAND.accentColor,
    tagline: typeof stored?.tagline === 'string' && stored.tagline.trim() ? stored.tagline.trim().slice(0, 160) : null,
  };
}

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
