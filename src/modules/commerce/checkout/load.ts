import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { courses, entitlements } from '../../courses/schema.ts';
import { entitlementActive } from '../../learning/access.ts';
import { offers, stripeAccounts } from '../schema.ts';

/**
 * The statements a learner-facing offer screen needs, for the caller's ONE batch: the offer,
 * the courses it grants (listed ones whatever their status, or every published course for
 * `all_courses`), the viewer's entitlements and the school's Stripe account.
 */
export function learnerOfferQueries(ctx: SchoolCtx, offerId: string) {
  const { db, scoped, schoolId } = ctx.schoolDb;
  const userId = ctx.actor?.user.id ?? '';
  const listed = sql`${courses.id} in (select course_id from offer_courses where school_id = ${schoolId} and offer_id = ${offerId})`;
  const everyCourse = sql`exists (select 1 from offers where school_id = ${schoolId} and id = ${offerId} and access_scope = 'all_courses')`;
  return [
    db.select().from(offers).where(scoped(offers, eq(offers.id, offerId))).limit(1),
    db
      .select({ id: courses.id, slug: courses.slug, title: courses.title, summary: courses.summary, status: courses.status })
      .from(courses)
      .where(scoped(courses, or(listed, and(everyCourse, eq(courses.status, 'published')))))
      .orderBy(courses.title),
    db.select().from(entitlements).where(scoped(entitlements, eq(entitlements.userId, userId), isNull(entitlements.revokedAt))),
    db.select({ stripeAccountId: stripeAccounts.stripeAccountId, chargesEnabled: stripeAccounts.chargesEnabled }).from(stripeAccounts).where(scoped(stripeAccounts)).limit(1),
  ] as const;
}

type Rows<Q extends readonly unknown[]> = { [K in keyof Q]: Awaited<Q[K]> };
export type LearnerOfferRows = Rows<ReturnType<typeof learnerOfferQueries>>;

/** What the rows say: the offer (or null), the courses it grants, whether the viewer already has all of it, where to go after. */
export function learnerOfferFrom(ctx: SchoolCtx, [found, courseRows, entRows, accountRows]: LearnerOfferRows) {
  const offer = found[0] ?? null;
  const active = entRows.filter((e) => entitlementActive(e, ctx.now));
  const hasAll = active.some((e) => e.type === 'all_courses');
  const courseIds = offer?.accessScope === 'courses' ? courseRows.map((c) => c.id) : [];
  const owned =
    !!offer &&
    !!ctx.actor &&
    (offer.accessScope === 'all_courses'
      ? hasAll
      : offer.accessScope === 'downloads'
        ? active.some((e) => e.type === 'downloads')
        : courseIds.length > 0 && courseIds.every((id) => hasAll || active.some((e) => e.type === 'course' && e.courseId === id)));
  const visibleCourses = courseRows.filter((c) => c.status === 'published');
  return { offer, courseIds, visibleCourses, owned, account: accountRows[0] ?? null, continueTo: continueTo(offer, visibleCourses) };
}

/** Where a buyer goes next: the course itself when the offer is one course, else their learning page. */
export function continueTo(offer: { accessScope: string } | null, visibleCourses: { slug: string }[]): string {
  return offer?.accessScope === 'courses' && visibleCourses.length === 1 ? `/courses/${visibleCourses[0]!.slug}` : '/learning';
}
