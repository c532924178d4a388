import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireActor } from '../identity/actor.ts';
import { chapters, courses, entitlements, lessons, userProgress } from '../courses/schema.ts';
import { entitlementActive } from './access.ts';
import { requireOpenLesson } from './load.ts';

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

/** "Continue learning": the viewer's enrolled courses, how far along, and where to resume. One batch. */
export async function listMyLearning({ ctx }: { ctx: SchoolCtx }) {
  const actor = requireActor(ctx.actor);
  const { db, scoped } = ctx.schoolDb;
  const mine = db.select({ id: entitlements.courseId }).from(entitlements).where(scoped(entitlements, eq(entitlements.userId, actor.user.id), isNull(entitlements.revokedAt)));
  const touched = db.select({ id: userProgress.courseId }).from(userProgress).where(scoped(userProgress, eq(userProgress.userId, actor.user.id)));
  const [ents, courseRows, lessonRows, progressRows] = await db.batch([
    db.select().from(entitlements).where(scoped(entitlements, eq(entitlements.userId, actor.user.id), isNull(entitlements.revokedAt))),
    db.select({ id: courses.id, slug: courses.slug, title: courses.title }).from(courses).where(scoped(courses, eq(courses.status, 'published'), or(inArray(courses.id, mine), inArray(courses.id, touched)))),
    db
      .select({ id: lessons.id, courseId: lessons.courseId, title: lessons.title, isRequired: lessons.isRequired })
      .from(lessons)
      .innerJoin(chapters, and(eq(chapters.id, lessons.chapterId), eq(chapters.schoolId, lessons.schoolId)))
      .where(scoped(lessons, eq(lessons.status, 'published'), eq(chapters.status, 'published'), or(inArray(lessons.courseId, mine), inArray(lessons.courseId, touched))))
      .orderBy(asc(chapters.position), asc(lessons.position)),
    db.select().from(userProgress).where(scoped(userProgress, eq(userProgress.userId, actor.user.id))),
  ]);
  const active = ents.filter((e) => entitlementActive(e, ctx.now));
  const enrolled = courseRows.filter((c) => active.some((e) => e.type === 'all_courses' || e.courseId === c.id) || progressRows.some((p) => p.courseId === c.id));
  return {
    courses: enrolled.map((course) => {
      const list = lessonRows.filter((l) => l.courseId === course.id);
      const done = new Set(progressRows.filter((p) => p.courseId === course.id && p.completedAt).map((p) => p.lessonId));
      const required = list.filter((l) => l.isRequired);
      const next = list.find((l) => !done.has(l.id)) ?? null;
      const at = progressRows.find((p) => p.lessonId === next?.id);
      return {
        ...course,
        progressPercent: required.length ? Math.round((100 * required.filter((l) => done.has(l.id)).length) / required.length) : 0,
        resume: next ? { lessonId: next.id, title: next.title, positionSeconds: at?.lastPositionSeconds ?? 0 } : null,
        lastActivityAt: progressRows.filter((p) => p.courseId === course.id).reduce<Date | null>((m, p) => (!m || p.updatedAt > m ? p.updatedAt : m), null),
      };
    }),
  };
}
