import { and, eq, isNull, or } from 'drizzle-orm';
import { z } from 'zod';
import { NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireRole } from '../identity/actor.ts';
import { usersByIds } from '../members/platform-users.ts';
import { chapters, courses, entitlements, lessons, userProgress } from '../courses/schema.ts';
import { entitlementActive } from './access.ts';

export const CourseRosterInput = z.object({ courseId: z.string().trim().min(1).max(100) });

/**
 * Staff's view of one course's learners: everyone with active access or any progress, with
 * their share of required lessons done. One school batch, plus one platform read for names.
 */
export async function getCourseRoster({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseRosterInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [courseRows, required, ents, progress] = await db.batch([
    db.select({ id: courses.id, title: courses.title, slug: courses.slug }).from(courses).where(scoped(courses, eq(courses.id, courseId))).limit(1),
    db
      .select({ id: lessons.id })
      .from(lessons)
      .innerJoin(chapters, and(eq(chapters.id, lessons.chapterId), eq(chapters.schoolId, lessons.schoolId)))
      .where(scoped(lessons, eq(lessons.courseId, courseId), eq(lessons.status, 'published'), eq(lessons.isRequired, true), eq(chapters.status, 'published'))),
    db.select().from(entitlements).where(scoped(entitlements, isNull(entitlements.revokedAt), or(eq(entitlements.courseId, courseId), eq(entitlements.type, 'all_courses')))),
    db.select().from(userProgress).where(scoped(userProgress, eq(userProgress.courseId, courseId))),
  ]);
  const course = courseRows[0];
  if (!course) throw new NotFound('There is no such course.');

  const requiredIds = new Set(required.map((l) => l.id));
  const access = new Map<string, (typeof ents)[number]>();
  for (const e of ents.filter((e) => entitlementActive(e, ctx.now)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())) {
    if (!access.has(e.userId)) access.set(e.userId, e);
  }
  const learnerIds = new Set([...access.keys(), ...progress.map((p) => p.userId)]);
  const people = await usersByIds(ctx.platformDb, [...learnerIds]);

  const learners = [...learnerIds].map((userId) => {
    const mine = progress.filter((p) => p.userId === userId);
    const completed = mine.filter((p) => p.completedAt && requiredIds.has(p.lessonId)).length;
    const entitlement = access.get(userId);
    const lastActivity = mine.reduce<Date | null>((latest, p) => (!latest || p.updatedAt > latest ? p.updatedAt : latest), null);
    return {
      userId,
      email: people.get(userId)?.email ?? '',
      name: people.get(userId)?.displayName ?? null,
      source: entitlement?.source ?? 'open_course',
      enrolledAt: entitlement?.startsAt ?? mine.reduce<Date | null>((first, p) => (!first || p.updatedAt < first ? p.updatedAt : first), null),
      hasAccess: !!entitlement,
      /** A staff grant can be revoked from the roster; enrollments and purchases cannot. */
      hasStaffGrant: ents.some((e) => e.userId === userId && e.source === 'staff_grant' && entitlementActive(e, ctx.now)),
      percent: requiredIds.size ? Math.round((100 * completed) / requiredIds.size) : 0,
      completedLessons: completed,
      lastActivityAt: lastActivity,
    };
  });
  learners.sort((a, b) => a.email.localeCompare(b.email));
  return { course, requiredLessons: requiredIds.size, learners };
}
