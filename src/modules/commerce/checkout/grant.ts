import { eq } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { offerCourses, type AccessScope } from '../schema.ts';

export type GrantSource = 'purchase' | 'subscription' | 'free_offer';

/**
 * The entitlement rows buying an offer creates: one per listed course, or one row for
 * "every course" / "downloads". The one place that turns an offer into access, shared by
 * free checkouts and the Stripe consumer, so both grant exactly the same thing.
 */
export function entitlementRowsFor(
  schoolDb: SchoolDb,
  grant: { accessScope: AccessScope; courseIds: string[]; userId: string; source: GrantSource; sourceRef: string; startsAt: Date; endsAt?: Date | null },
) {
  const base = { userId: grant.userId, source: grant.source, sourceRef: grant.sourceRef, startsAt: grant.startsAt, endsAt: grant.endsAt ?? null };
  if (grant.accessScope === 'all_courses') return [schoolDb.withSchool({ ...base, id: crypto.randomUUID(), type: 'all_courses' as const, courseId: null })];
  if (grant.accessScope === 'downloads') return [schoolDb.withSchool({ ...base, id: crypto.randomUUID(), type: 'downloads' as const, courseId: null })];
  return grant.courseIds.map((courseId) => schoolDb.withSchool({ ...base, id: crypto.randomUUID(), type: 'course' as const, courseId }));
}

/** The course ids an offer lists (for accessScope `courses`). */
export async function offerCourseIds(schoolDb: SchoolDb, offerId: string): Promise<string[]> {
  const rows = await schoolDb.db.select({ courseId: offerCourses.courseId }).from(offerCourses).where(schoolDb.scoped(offerCourses, eq(offerCourses.offerId, offerId)));
  return rows.map((r) => r.courseId);
}
