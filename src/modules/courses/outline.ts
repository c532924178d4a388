import { count, eq, gt, sql } from 'drizzle-orm';
import { Conflict, Invalid } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireRole } from '../identity/actor.ts';
import { mediaRemovalFor } from '../media/files/removal.ts';
import { deleteStreamVideosQuietly } from '../media/stream/binding.ts';
import { deleteLessonUploadRows, lessonVideoUids } from '../media/stream/uploads.ts';
import { audit, changedFields, getChapterInSchool, getCourseInSchool, getLessonInSchool } from './lookup.ts';
import { bookmarks, chapters, lessonNotes, lessons, transcripts, userProgress } from './schema.ts';
import { ChapterIdInput, CreateChapterInput, CreateLessonInput, DRIP_BOTH, LessonIdInput, UpdateChapterInput, UpdateLessonInput } from './validation.ts';

// Chapters and lessons. Positions are dense (0..n-1) within their parent: new items go
// last, and a delete closes the gap in the same batch.

/** POST /api/admin/courses/:courseId/chapters: appended after the last chapter. */
export async function createChapter({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = CreateChapterInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, data.courseId);
  const { db, scoped } = ctx.schoolDb;
  const id = crypto.randomUUID();
  // The position is computed inside the insert, so two chapters added at once both go last.
  const last = sql`(select coalesce(max(${chapters.position}), -1) + 1 from ${chapters} where ${scoped(chapters, eq(chapters.courseId, course.id))})`;
  const values = ctx.schoolDb.withSchool({ id, courseId: course.id, title: data.title, releaseAt: data.releaseAt ?? null, status: 'draft' as const, createdAt: ctx.now });
  await db.batch([
    db.insert(chapters).values({ ...values, position: last }),
    audit(ctx, actor, 'chapter.created', { type: 'chapter', id }, null, values),
  ]);
  return { chapter: await getChapterInSchool(ctx.schoolDb, id) };
}

/** PATCH /api/admin/chapters/:chapterId: title, status, release date. */
export async function updateChapter({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { chapterId, ...patch } = UpdateChapterInput.parse(input);
  const before = await getChapterInSchool(ctx.schoolDb, chapterId);
  const diff = changedFields(before, patch);
  if (diff.changed) {
    const { db, scoped } = ctx.schoolDb;
    await db.batch([
      db.update(chapters).set(diff.after).where(scoped(chapters, eq(chapters.id, before.id))),
      audit(ctx, actor, 'chapter.updated', { type: 'chapter', id: before.id }, diff.before, diff.after),
    ]);
  }
  return { chapter: await getChapterInSchool(ctx.schoolDb, before.id) };
}

/** DELETE /api/admin/chapters/:chapterId: only an empty chapter, so no lesson is lost by accident. */
export async function deleteChapter({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { chapterId } = ChapterIdInput.parse(input);
  const before = await getChapterInSchool(ctx.schoolDb, chapterId);
  const { db, scoped } = ctx.schoolDb;
  const [inside] = await db.select({ n: count() }).from(lessons).where(scoped(lessons, eq(lessons.chapterId, before.id)));
  if (inside && inside.n > 0) {
    throw new Conflict(`“${before.title}” still has ${inside.n} lesson${inside.n === 1 ? '' : 's'}. Move or delete them first, then delete the chapter.`);
  }
  await db.batch([
    db.delete(chapters).where(scoped(chapters, eq(chapters.id, before.id))),
    db
      .update(chapters)
      .set({ position: sql`${chapters.position} - 1` })
      .where(scoped(chapters, eq(chapters.courseId, before.courseId), gt(chapters.position, before.position))),
    audit(ctx, actor, 'chapter.deleted', { type: 'chapter', id: before.id }, before, null),
  ]);
  return { deleted: true as const };
}

/** POST /api/admin/chapters/:chapterId/lessons: appended after the chapter's last lesson. */
export async function createLesson({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { chapterId, ...data } = CreateLessonInput.parse(input);
  const chapter = await getChapterInSchool(ctx.schoolDb, chapterId);
  const { db, scoped } = ctx.schoolDb;
  const id = crypto.randomUUID();
  const last = sql`(select coalesce(max(${lessons.position}), -1) + 1 from ${lessons} where ${scoped(lessons, eq(lessons.chapterId, chapter.id))})`;
  const values = ctx.schoolDb.withSchool({ id, courseId: chapter.courseId, chapterId: chapter.id, status: 'draft' as const, ...data, createdAt: ctx.now, updatedAt: ctx.now });
  await db.batch([db.insert(lessons).values({ ...values, position: last }), audit(ctx, actor, 'lesson.created', { type: 'lesson', id }, null, bodyAsLength(values))]);
  return { lesson: await getLessonInSchool(ctx.schoolDb, id) };
}

/** PATCH /api/admin/lessons/:lessonId. Drip is checked on the result: the patch may clear one field and set the other. */
export async function updateLesson({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { lessonId, ...patch } = UpdateLessonInput.parse(input);
  const before = await getLessonInSchool(ctx.schoolDb, lessonId);
  const releaseAt = patch.releaseAt !== undefined ? patch.releaseAt : before.releaseAt;
  const releaseAfterDays = patch.releaseAfterDays !== undefined ? patch.releaseAfterDays : before.releaseAfterDays;
  if (releaseAt != null && releaseAfterDays != null) throw new Invalid(DRIP_BOTH);
  const diff = changedFields(before, patch);
  if (diff.changed) {
    const { db, scoped } = ctx.schoolDb;
    await db.batch([
      db.update(lessons).set({ ...diff.after, updatedAt: ctx.now }).where(scoped(lessons, eq(lessons.id, before.id))),
      audit(ctx, actor, 'lesson.updated', { type: 'lesson', id: before.id }, bodyAsLength(diff.before), bodyAsLength(diff.after)),
    ]);
  }
  return { lesson: await getLessonInSchool(ctx.schoolDb, before.id) };
}

/**
 * DELETE /api/admin/lessons/:lessonId. What hangs off the lesson (transcripts, learners'
 * progress, notes, bookmarks, its attachments and their R2 objects) goes with it: none of it
 * means anything without the lesson.
 */
export async function deleteLesson({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { lessonId } = LessonIdInput.parse(input);
  const before = await getLessonInSchool(ctx.schoolDb, lessonId);
  const { db, scoped } = ctx.schoolDb;
  const media = await mediaRemovalFor(ctx.schoolDb, { lessonId: before.id });
  const videoUids = await lessonVideoUids(ctx, before);
  await db.batch([
    ...media.statements,
    ...deleteLessonUploadRows(ctx, before.id),
    db.delete(transcripts).where(scoped(transcripts, eq(transcripts.lessonId, before.id))),
    db.delete(userProgress).where(scoped(userProgress, eq(userProgress.lessonId, before.id))),
    db.delete(lessonNotes).where(scoped(lessonNotes, eq(lessonNotes.lessonId, before.id))),
    db.delete(bookmarks).where(scoped(bookmarks, eq(bookmarks.lessonId, before.id))),
    db.delete(lessons).where(scoped(lessons, eq(lessons.id, before.id))),
    db
      .update(lessons)
      .set({ position: sql`${lessons.position} - 1` })
      .where(scoped(lessons, eq(lessons.chapterId, before.chapterId), gt(lessons.position, before.position))),
    audit(ctx, actor, 'lesson.deleted', { type: 'lesson', id: before.id }, bodyAsLength(before), null),
  ]);
  await media.removeObjects(ctx.env.MEDIA);
  // Its video (and any upload in flight) leaves Stream after the rows are gone.
  await deleteStreamVideosQuietly(ctx.env, videoUids, 'lesson deleted');
  return { deleted: true as const };
}

/** Lesson bodies run to 200,000 characters: the audit trail records that one changed, and its size, not the text. */
function bodyAsLength<T extends { body?: string }>(values: T) {
  const { body, ...rest } = values;
  return body === undefined ? rest : { ...rest, bodyLength: body.length };
}
