import { and, asc, eq } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { type Brand, schoolHostnames, schoolProfiles, schools } from './schema.ts';
import { brandFrom, type ResolvedSchool } from './resolve-school.ts';

export type SchoolSummary = {
  id: string;
  slug: string;
  name: string;
  isPublic: boolean;
  brand: Brand;
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
    brand: school.brand,
    profile: profile ?? { headline: null, welcomeMessage: null, canary: null },
  };
}

export type DirectoryEntry = { slug: string; name: string; brand: Brand; url: string };

/**
 * The public directory on the apex: active, public schools only, each linking to its
 * primary host (or its subdomain). `origin` supplies the scheme and port visitors use.
 */
export async function listPublicSchools({
  ctx,
  input,
}: {
  ctx: { platformDb: PlatformDb };
  input: { protocol: string; port: string };
}): Promise<DirectoryEntry[]> {
  const rows = await ctx.platformDb
    .select({
      slug: schools.slug,
      name: schools.name,
      brand: schools.brand,
      hostname: schoolHostnames.hostname,
      kind: schoolHostnames.kind,
      isPrimary: schoolHostnames.isPrimary,
    })
    .from(schools)
    .innerJoin(schoolHostnames, and(eq(schoolHostnames.schoolId, schools.id), eq(schoolHostnames.status, 'active')))
    .where(and(eq(schools.status, 'active'), eq(schools.isPublic, true)))
    .orderBy(asc(schools.name));

  const bySlug = new Map<string, DirectoryEntry & { rank: number }>();
  for (const row of rows) {
    // Prefer the primary host, then the subdomain, then any custom host.
    const rank = row.isPrimary ? 0 : row.kind === 'subdomain' ? 1 : 2;
    const current = bySlug.get(row.slug);
    if (current && current.rank <= rank) continue;
    const port = input.port ? `:${input.port}` : '';
    bySlug.set(row.slug, { slug: row.slug, name: row.name, brand: brandFrom(row.brand), url: `${input.protocol}//${row.hostname}${port}`, rank });
  }
  return [...bySlug.values()].map(({ rank: _rank, ...entry }) => entry);
}
