import { count, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { Conflict, Invalid } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireRole } from '../identity/actor.ts';
import { auditWhere } from '../audit/record.ts';
import { courseOutline, getCourseInSchool } from './lookup.ts';
import { chapters, lessons } from './schema.ts';
import { ReorderCourseInput } from './validation.ts';

// D1 allows 100 bound parameters per statement. A chapter row costs 3 (id and position in
// the CASE, id in the IN list), a lesson row 5 (plus its chapter); scope and guard take 9.
const CHAPTERS_PER_STATEMENT = 25;
const LESSONS_PER_STATEMENT = 16;

/**
 * PUT /api/admin/courses/:courseId/order { chapters: [{ id, lessonIds }] }: the whole new
 * order in one request, so moving a lesson between chapters is one atomic write. It must
 * name exactly the course's chapters and lessons; positions are rewritten 0..n-1.
 */
export async function reorderCourse({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = ReorderCourseInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, data.courseId);
  const outline = await courseOutline(ctx.schoolDb, course.id);
  checkSameItems('chapter', outline.map((c) => c.id), data.chapters.map((c) => c.id));
  checkSameItems('lesson', outline.flatMap((c) => c.lessons.map((l) => l.id)), data.chapters.flatMap((c) => c.lessonIds));

  const chapterRows = data.chapters.map((c, position) => ({ id: c.id, position }));
  const lessonRows = data.chapters.flatMap((c) => c.lessonIds.map((id, position) => ({ id, chapterId: c.id, position })));
  const { db, scoped } = ctx.schoolDb;
  const guard = outlineStillHas(ctx.schoolDb, course.id, chapterRows.length, lessonRows.length);
  const statements: BatchItem<'sqlite'>[] = [
    ...chunks(chapterRows, CHAPTERS_PER_STATEMENT).map((rows) =>
      db
        .update(chapters)
        .set({ position: caseOf(chapters.id, rows, (r) => r.position) })
        .where(scoped(chapters, eq(chapters.courseId, course.id), inArray(chapters.id, rows.map((r) => r.id)), guard))
        .returning({ id: chapters.id }),
    ),
    ...chunks(lessonRows, LESSONS_PER_STATEMENT).map((rows) =>
      db
        .update(lessons)
        .set({ position: caseOf(lessons.id, rows, (r) => r.position), chapterId: caseOf(lessons.id, rows, (r) => r.chapterId) })
        .where(scoped(lessons, eq(lessons.courseId, course.id), inArray(lessons.id, rows.map((r) => r.id)), guard))
        .returning({ id: lessons.id }),
    ),
  ];
  const before = outline.map((c) => ({ id: c.id, lessonIds: c.lessons.map((l) => l.id) }));
  const after = data.chapters.map((c) => ({ id: c.id, lessonIds: c.lessonIds }));
  const entry = { actorUserId: actor.user.id, action: 'course.reordered', entityType: 'course', entityId: course.id, metadata: { before: { chapters: before }, after: { chapters: after } }, now: ctx.now };
  const results = await db.batch([auditWhere(ctx.schoolDb, entry, guard), ...statements] as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  const written = results.slice(1).reduce((n: number, rows) => n + (rows as unknown[]).length, 0);
  if (written !== chapterRows.length + lessonRows.length) {
    throw new Conflict('Someone added or removed a chapter or lesson in this course a moment ago. Reload the course and arrange it again.');
  }
  return { chapters: after };
}

/** 400 naming what is missing, extra or repeated, so the editor can reload and retry. */
function checkSameItems(kind: 'chapter' | 'lesson', existing: string[], sent: string[]) {
  const have = new Set(existing);
  const seen = new Set<string>();
  const repeated = sent.filter((id) => seen.size === seen.add(id).size);
  const missing = existing.filter((id) => !seen.has(id));
  const extra = [...seen].filter((id) => !have.has(id));
  const problems = [
    missing.length ? `missing ${kind}s ${missing.join(', ')}` : '',
    extra.length ? `${kind}s not in this course ${extra.join(', ')}` : '',
    repeated.length ? `${kind}s listed twice ${[...new Set(repeated)].join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) {
    throw new Invalid(`The new order must list every ${kind} of the course exactly once: ${problems.join('; ')}. Reload the course and try again.`, { kind, missing, extra, repeated });
  }
}

/**
 * Holds only while the course has exactly the chapters and lessons the order was checked
 * against. Every statement of the batch carries it, so an item added or removed between the
 * read and the write makes the whole reorder a no-op (reported as 409), never a half order.
 */
function outlineStillHas(schoolDb: SchoolDb, courseId: string, chapterCount: number, lessonCount: number): SQL {
  const { db, scoped } = schoolDb;
  const chaptersNow = db.select({ n: count() }).from(chapters).where(scoped(chapters, eq(chapters.courseId, courseId)));
  const lessonsNow = db.select({ n: count() }).from(lessons).where(scoped(lessons, eq(lessons.courseId, courseId)));
  return sql`((${chaptersNow}) = ${chapterCount} and (${lessonsNow}) = ${lessonCount})`;
}

function caseOf<R extends { id: string }>(column: SQLiteColumn, rows: R[], value: (row: R) => string | number): SQL {
  return sql`case ${column} ${sql.join(rows.map((r) => sql`when ${r.id} then ${value(r)}`), sql` `)} end`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
