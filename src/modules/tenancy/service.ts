import { and, asc, eq, exists, inArray, or, sql } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { brandFrom, type PublicBrand, publicBrand } from '../branding/brand.ts';
import { schoolHostnames, schoolProfiles, schools } from './schema.ts';
import type { ResolvedSchool } from './resolve-school.ts';
import { DIRECTORY_LIMIT, likePattern } from './directory.ts';

export type SchoolSummary = {
  id: string;
  slug: string;
  name: string;
  isPublic: boolean;
  /** Image URLs, never R2 keys: this goes to every visitor. */
  brand: PublicBrand;
  profile: { headline: string | null; welcomeMessage: string | null; canary: string | null };
};

/** What a school host says about itself: platform facts plus the school's own profile row. */
export async function getSchoolSummary({ ctx }: { ctx: { school: ResolvedSchool; schoolDb: SchoolDb } }): Promise<SchoolSummary> {
  const { school, schoolDb } = ctx;
  const [profile] = await schoolDb.db
    .select({ headline: schoolProfiles.headline, welcomeMessage: schoolProfiles.welcomeMessage, canary: schoolProfiles.canary })
    .from(schoolProfiles)
    .where(schoolDb.scoped(schoolProfiles))
    .limit(1);
  return {
    id: school.id,
    slug: school.slug,
    name: school.name,
    isPublic: school.isPublic,
    brand: publicBrand(school.brand),
    profile: profile ?? { headline: null, welcomeMessage: null, canary: null },
  };
}

export type DirectoryEntry = { slug: string; name: string; brand: PublicBrand; url: string };

/**
 * The public directory on the apex: active, public schools with an active host only, each
 * linking to its primary host (else its subdomain, else a custom host). `q` (already
 * normalised by parseDirectoryQuery) matches the name or slug anywhere, case-insensitively.
 * At most DIRECTORY_LIMIT schools, by name. `protocol`/`port` are those visitors use.
 */
export async function listPublicSchools({
  ctx,
  input,
}: {
  ctx: { platformDb: PlatformDb };
  input: { protocol: string; port: string; q?: string | null };
}): Promise<DirectoryEntry[]> {
  const { platformDb } = ctx;
  const listed = [
    eq(schools.status, 'active'),
    eq(schools.isPublic, true),
    exists(
      platformDb
        .select({ one: sql`1` })
        .from(schoolHostnames)
        .where(and(eq(schoolHostnames.schoolId, schools.id), eq(schoolHostnames.status, 'active'))),
    ),
  ];
  if (input.q) {
    const pattern = likePattern(input.q);
    listed.push(or(sql`lower(${schools.name}) LIKE ${pattern} ESCAPE '\\'`, sql`${schools.slug} LIKE ${pattern} ESCAPE '\\'`)!);
  }
  const found = await platformDb
    .select({ id: schools.id, slug: schools.slug, name: schools.name, brand: schools.brand })
    .from(schools)
    .where(and(...listed))
    .orderBy(asc(schools.name), asc(schools.slug))
    .limit(DIRECTORY_LIMIT);
  if (found.length === 0) return [];

  const hosts = await platformDb
    .select({ schoolId: schoolHostnames.schoolId, hostname: schoolHostnames.hostname, kind: schoolHostnames.kind, isPrimary: schoolHostnames.isPrimary })
    .from(schoolHostnames)
    .where(and(inArray(schoolHostnames.schoolId, found.map((school) => school.id)), eq(schoolHostnames.status, 'active')))
    .orderBy(asc(schoolHostnames.hostname));

  const best = new Map<string, { hostname: string; rank: number }>();
  for (const host of hosts) {
    // Prefer the primary host, then the subdomain, then any custom host.
    const rank = host.isPrimary ? 0 : host.kind === 'subdomain' ? 1 : 2;
    const current = best.get(host.schoolId);
    if (!current || rank < current.rank) best.set(host.schoolId, { hostname: host.hostname, rank });
  }
  const port = input.port ? `:${input.port}` : '';
  return found.flatMap((school) => {
    const host = best.get(school.id);
    if (!host) return [];
    const url = `${input.protocol}//${host.hostname}${port}`;
    return [{ slug: school.slug, name: school.name, brand: publicBrand(brandFrom(school.brand), url), url }];
  });
}
