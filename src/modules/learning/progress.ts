import { asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireActor } from '../identity/actor.ts';
import { chapters, courses, entitlements, lessons, userProgress } from '../courses/schema.ts';
import { entitlementActive } from './access.ts';
import { buildCourseView, courseColumns, outlineLesson, requireOpenLesson } from './load.ts';

export const RecordProgressInput = z
  .object({
    lessonId: z.string().trim().min(1).max(100),
    progress: z.number({ message: 'progress is a number from 0 to 100.' }).int().min(0, 'progress is a number from 0 to 100.').max(100, 'progress is a number from 0 to 100.').optional(),
    positionSeconds: z.number({ message: 'positionSeconds is a number of seconds.' }).min(0).max(1_000_000).optional(),
    completed: z.boolean({ message: 'completed is true or false.' }).optional(),
  })
  .strict();

/** Upserts the viewer's progress on an open lesson; completing stamps completed_at only the first time. */
export async function recordProgress({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const data = RecordProgressInput.parse(input);
  const { view } = await requireOpenLesson(ctx, data.lessonId);
  const progress = data.completed ? 100 : data.progress;
  const completedAt = data.completed ? ctx.now : null;
  const [row] = await ctx.schoolDb.db
    .insert(userProgress)
    .values(ctx.schoolDb.withSchool({ userId: actor.user.id, courseId: view.course.id, lessonId: data.lessonId, progress: progress ?? 0, lastPositionSeconds: data.positionSeconds ?? 0, completedAt, updatedAt: ctx.now }))
    .onConflictDoUpdate({
      target: [userProgress.schoolId, userProgress.userId, userProgress.lessonId],
      set: {
        progress: progress === undefined ? sql`${userProgress.progress}` : sql`max(${userProgress.progress}, ${progress})`,
        lastPositionSeconds: data.positionSeconds ?? sql`${userProgress.lastPositionSeconds}`,
        completedAt: sql`coalesce(${userProgress.completedAt}, excluded.completed_at)`,
        updatedAt: ctx.now,
      },
    })
    .returning();
  return { progress: { lessonId: row!.lessonId, progress: row!.progress, positionSeconds: row!.lastPositionSeconds, completedAt: row!.completedAt } };
}

/**
 * "Continue learning": the viewer's enrolled (or started) courses, how far along, and where
 * to resume. One batch; each course then goes through the same view as its course page,
 * so locks, progress and the resume point cannot disagree between the two screens.
 */
export async function listMyLearning({ ctx }: { ctx: SchoolCtx }) {
  const actor = requireActor(ctx.actor);
  const { db, scoped } = ctx.schoolDb;
  const userId = actor.user.id;
  const mine = db.select({ id: entitlements.courseId }).from(entitlements).where(scoped(entitlements, eq(entitlements.userId, userId), isNull(entitlements.revokedAt)));
  const touched = db.select({ id: userProgress.courseId }).from(userProgress).where(scoped(userProgress, eq(userProgress.userId, userId)));
  const inMine = (column: typeof courses.id | typeof chapters.courseId | typeof lessons.courseId) => or(inArray(column, mine), inArray(column, touched));
  const [ents, courseRows, chapterRows, lessonRows, progressRows] = await db.batch([
    db.select({ entitlement: entitlements }).from(entitlements).where(scoped(entitlements, eq(entitlements.userId, userId), isNull(entitlements.revokedAt))),
    db.select(courseColumns(ctx)).from(courses).where(scoped(courses, eq(courses.status, 'published'), inMine(courses.id))),
    db.select({ chapter: chapters }).from(chapters).where(scoped(chapters, inMine(chapters.courseId))).orderBy(asc(chapters.position)),
    db.select({ ...outlineLesson, courseId: lessons.courseId }).from(lessons).where(scoped(lessons, inMine(lessons.courseId))).orderBy(asc(lessons.position)),
    db.select({ progress: userProgress }).from(userProgress).where(scoped(userProgress, eq(userProgress.userId, userId))),
  ]);
  const active = ents.map((r) => r.entitlement).filter((e) => entitlementActive(e, ctx.now));
  const started = (courseId: string) => progressRows.some((r) => r.progress.courseId === courseId);
  const enrolled = courseRows.filter((c) => active.some((e) => e.type === 'all_courses' || e.courseId === c.id) || started(c.id));
  return {
    courses: enrolled.map((course) => {
      const view = buildCourseView(ctx, [
        [course],
        chapterRows.filter((r) => r.chapter.courseId === course.id),
        lessonRows.filter((l) => l.courseId === course.id),
        ents.filter((r) => r.entitlement.type === 'all_courses' || r.entitlement.courseId === course.id),
        progressRows.filter((r) => r.progress.courseId === course.id),
      ]);
      const resume = view.viewerProgress.continueWith;
      return {
        id: course.id,
        slug: course.slug,
        title: course.title,
        progressPercent: view.viewerProgress.percent,
        resume: resume ? { ...resume, title: view.ordered.find((l) => l.id === resume.lessonId)!.title } : null,
        lastActivityAt: progressRows.filter((r) => r.progress.courseId === course.id).reduce<Date | null>((m, r) => (!m || r.progress.updatedAt > m ? r.progress.updatedAt : m), null),
      };
    }),
  };
}
