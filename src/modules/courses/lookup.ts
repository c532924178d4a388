import { asc, eq } from 'drizzle-orm';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditLogs } from '../audit/schema.ts';
import type { Actor } from '../identity/actor.ts';
import { auditValues } from '../audit/record.ts';
import { chapters, courses, lessons } from './schema.ts';

// Scoped fetch-or-throw helpers: another school's course, chapter or lesson is "not found".

export type Course = typeof courses.$inferSelect;
export type Chapter = typeof chapters.$inferSelect;
export type Lesson = typeof lessons.$inferSelect;

export async function getCourseInSchool(schoolDb: SchoolDb, courseId: string): Promise<Course> {
  const [row] = await schoolDb.db.select().from(courses).where(schoolDb.scoped(courses, eq(courses.id, courseId))).limit(1);
  if (!row) throw new NotFound('That course does not exist. It may have been deleted; reload the course list.');
  return row;
}

export async function getChapterInSchool(schoolDb: SchoolDb, chapterId: string): Promise<Chapter> {
  const [row] = await schoolDb.db.select().from(chapters).where(schoolDb.scoped(chapters, eq(chapters.id, chapterId))).limit(1);
  if (!row) throw new NotFound('That chapter does not exist. It may have been deleted; reload the course.');
  return row;
}

export async function getLessonInSchool(schoolDb: SchoolDb, lessonId: string): Promise<Lesson> {
  const [row] = await schoolDb.db.select().from(lessons).where(schoolDb.scoped(lessons, eq(lessons.id, lessonId))).limit(1);
  if (!row) throw new NotFound('That lesson does not exist. It may have been deleted; reload the course.');
  return row;
}

/** A course's chapters and lessons, each in position order. */
export async function courseOutline(schoolDb: SchoolDb, courseId: string) {
  const { db, scoped } = schoolDb;
  const [chapterRows, lessonRows] = await db.batch([
    db.select().from(chapters).where(scoped(chapters, eq(chapters.courseId, courseId))).orderBy(asc(chapters.position)),
    db.select().from(lessons).where(scoped(lessons, eq(lessons.courseId, courseId))).orderBy(asc(lessons.position)),
  ]);
  return chapterRows.map((chapter) => ({ ...chapter, lessons: lessonRows.filter((l) => l.chapterId === chapter.id) }));
}

/** The audit insert for a batch: every authoring change records who, and before/after. */
export function audit(ctx: SchoolCtx, actor: Actor, action: string, entity: { type: 'course' | 'chapter' | 'lesson'; id: string }, before: unknown, after: unknown) {
  return ctx.schoolDb.db.insert(auditLogs).values(
    auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action, entityType: entity.type, entityId: entity.id, metadata: { before, after }, now: ctx.now }),
  );
}

/** The fields of `after` that differ from `before`, with both values, for the audit trail. */
export function changedFields<T extends object>(before: T, after: Partial<T>) {
  const was: Partial<T> = {};
  const now: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    const a = after[key];
    if (a === undefined) continue;
    const b = before[key];
    const same = a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
    if (!same) {
      was[key] = b;
      now[key] = a as T[keyof T];
    }
  }
  return { before: was, after: now, changed: Object.keys(now).length > 0 };
}
