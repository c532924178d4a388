import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { Conflict, NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireActor, requireRole } from '../identity/actor.ts';
import { schoolMemberships } from '../identity/schema.ts';
import { auditLogs } from '../audit/schema.ts';
import { courses, entitlements } from '../courses/schema.ts';
import { auditValues } from '../audit/record.ts';
import { entitlementActive } from './access.ts';

export const EnrollInput = z.object({ slug: z.string().trim().min(1).max(200) });
export const CourseAccessInput = z.object({ courseId: z.string().trim().min(1).max(100), userId: z.string().trim().min(1, 'Say which member gets access (userId).').max(100) });
/** Staff name the member by id (from the roster) or by the email they sign in with. */
export const GrantCourseAccessInput = z.union(
  [
    CourseAccessInput,
    z.object({ courseId: z.string().trim().min(1).max(100), email: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter the member’s email address.' })) }),
  ],
  { error: 'Say which member gets access: their email address or userId.' },
);

const SOURCE = { free: 'free_enrollment', members: 'membership' } as const;

/** Enrolls the signed-in member: free and members courses grant an entitlement once; public needs none; paid is bought through an offer. */
export async function enrollInCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { slug } = EnrollInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [found, held] = await db.batch([
    db.select().from(courses).where(scoped(courses, eq(courses.slug, slug), eq(courses.status, 'published'))).limit(1),
    db.select({ e: entitlements, slug: courses.slug }).from(entitlements).innerJoin(courses, and(eq(courses.id, entitlements.courseId), eq(courses.schoolId, entitlements.schoolId))).where(scoped(entitlements, eq(entitlements.userId, actor.user.id), isNull(entitlements.revokedAt), eq(courses.slug, slug))),
  ]);
  const course = found[0];
  if (!course) throw new NotFound('There is no such course.');
  if (course.accessLevel === 'public') return { enrolled: true, courseId: course.id };
  if (course.accessLevel === 'paid') throw new Conflict('This course is sold through an offer; buy it from the course page.');
  // Idempotent: enrolling twice keeps the first start, so drip dates do not move.
  if (held.some((h) => entitlementActive(h.e, ctx.now))) return { enrolled: true, courseId: course.id };
  await db.insert(entitlements).values(ctx.schoolDb.withSchool({ userId: actor.user.id, type: 'course' as const, courseId: course.id, source: SOURCE[course.accessLevel], startsAt: ctx.now }));
  return { enrolled: true, courseId: course.id };
}

/** Staff grant of one course to one member (admin+), audited with before/after. */
export async function grantCourseAccess({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const target = GrantCourseAccessInput.parse(input);
  const { courseId } = target;
  const { db } = ctx.schoolDb;
  const { existing, userId } = await loadGrantTargets(ctx, courseId, target);
  if (existing) return { granted: true, entitlementId: existing.id };
  const id = crypto.randomUUID();
  await db.batch([
    db.insert(entitlements).values(ctx.schoolDb.withSchool({ id, userId, type: 'course' as const, courseId, source: 'staff_grant', startsAt: ctx.now })),
    db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'course_access.granted', entityType: 'course', entityId: courseId, metadata: { userId, before: null, after: { entitlementId: id, source: 'staff_grant' } }, now: ctx.now })),
  ]);
  return { granted: true, entitlementId: id };
}

/** Revokes a staff grant (admin+); purchases and enrollments are not staff's to take back here. */
export async function revokeCourseAccess({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { courseId, userId } = CourseAccessInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const { existing } = await loadGrantTargets(ctx, courseId, { userId });
  if (!existing) throw new NotFound('This member has no staff grant for this course.');
  await db.batch([
    db.update(entitlements).set({ revokedAt: ctx.now }).where(scoped(entitlements, eq(entitlements.id, existing.id))),
    db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'course_access.revoked', entityType: 'course', entityId: courseId, metadata: { userId, before: { entitlementId: existing.id, source: 'staff_grant' }, after: { revokedAt: ctx.now.toISOString() } }, now: ctx.now })),
  ]);
  return { revoked: true };
}

async function loadGrantTargets(ctx: SchoolCtx, courseId: string, who: { userId: string } | { email: string }) {
  const { db, scoped } = ctx.schoolDb;
  const isMember = 'userId' in who ? eq(schoolMemberships.userId, who.userId) : eq(schoolMemberships.userEmail, who.email);
  const memberIds = db.select({ id: schoolMemberships.userId }).from(schoolMemberships).where(scoped(schoolMemberships, isMember, eq(schoolMemberships.status, 'active')));
  const [course, member, grants] = await db.batch([
    db.select({ id: courses.id }).from(courses).where(scoped(courses, eq(courses.id, courseId))).limit(1),
    db.select({ userId: schoolMemberships.userId }).from(schoolMemberships).where(scoped(schoolMemberships, isMember, eq(schoolMemberships.status, 'active'))).limit(1),
    db.select().from(entitlements).where(scoped(entitlements, and(inArray(entitlements.userId, memberIds), eq(entitlements.courseId, courseId), eq(entitlements.source, 'staff_grant')), isNull(entitlements.revokedAt))),
  ]);
  if (!course[0]) throw new NotFound('There is no such course.');
  if (!member[0]) throw new NotFound('userId' in who ? 'There is no active member with that id in this school.' : `Nobody with the address ${who.email} is a member of this school yet. Invite them first.`);
  return { userId: member[0].userId, existing: grants.find((g) => entitlementActive(g, ctx.now)) ?? null };
}
