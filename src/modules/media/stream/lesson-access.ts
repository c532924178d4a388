import { eq } from 'drizzle-orm';
import { Forbidden, NotFound, Unauthorized } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { lessons, transcripts } from '../../courses/schema.ts';
import { lessonAccess } from '../../learning/access.ts';
import { buildCourseView, courseViewQueries } from '../../learning/load.ts';
import { protectionRowsQuery, resolveProtection } from '../protection/policy.ts';
import { streamUploads } from '../schema.ts';

/**
 * Everything playback and captions need to decide, in ONE batch: the course view (whose
 * lessonAccess verdict is the only rule), the lesson's video, its caption languages and the
 * protection policy. Locked → 401 when signing in would help, else 403; another school's or
 * a missing lesson → 404.
 *
 * `previewOnly` says the lesson is open to this viewer only because it is a preview: the
 * same lessonAccess rule, asked again as if the lesson were not one. That is who the
 * policy's previewVideoSeconds applies to.
 */
export async function openVideoLesson(ctx: SchoolCtx, lessonId: string) {
  const { db, scoped } = ctx.schoolDb;
  const [courseRows, chapterRows, lessonRows, entRows, progressRows, lessonRow, uploadRow, languageRows, policyRows] = await db.batch([
    ...courseViewQueries(ctx, { lessonId }),
    db.select({ id: lessons.id, videoRef: lessons.videoRef }).from(lessons).where(scoped(lessons, eq(lessons.id, lessonId))).limit(1),
    // Named columns only: D1 batches map joined rows by column name, and lessons has a status too.
    db
      .select({ status: streamUploads.status, streamUid: streamUploads.streamUid, sizeBytes: streamUploads.sizeBytes, durationSeconds: streamUploads.durationSeconds })
      .from(streamUploads)
      .innerJoin(lessons, eq(lessons.videoRef, streamUploads.streamUid))
      .where(scoped(streamUploads, eq(lessons.id, lessonId), eq(lessons.schoolId, ctx.schoolDb.schoolId)))
      .limit(1),
    db.select({ language: transcripts.language }).from(transcripts).where(scoped(transcripts, eq(transcripts.lessonId, lessonId))),
    protectionRowsQuery(ctx.schoolDb, { lessonId }),
  ]);
  let view: ReturnType<typeof buildCourseView>;
  try {
    view = buildCourseView(ctx, [courseRows, chapterRows, lessonRows, entRows, progressRows]);
  } catch {
    throw new NotFound('There is no such lesson.');
  }
  const entry = view.ordered.find((l) => l.id === lessonId);
  if (!entry || !lessonRow[0]) throw new NotFound('There is no such lesson.');
  if (!entry.access.open) {
    if (entry.access.reason === 'not_signed_in') throw new Unauthorized(entry.access.message);
    throw new Forbidden(entry.access.message);
  }
  const protection = resolveProtection(policyRows);
  let previewOnly = false;
  if (entry.isPreview) {
    const lesson = lessonRows.find((l) => l.id === lessonId)!;
    const chapter = chapterRows.map((r) => r.chapter).find((c) => c.id === lesson.chapterId)!;
    const viewer = ctx.actor ? { role: ctx.actor.membership.role } : null;
    previewOnly = !lessonAccess({ lesson: { ...lesson, isPreview: false }, chapter, course: view.course, viewer, entitlement: view.entitlement, now: ctx.now }).open;
  }
  return {
    view,
    lesson: entry,
    upload: uploadRow[0] ?? null,
    captionLanguages: languageRows.map((r) => r.language).sort(),
    protection,
    /** Seconds of video this viewer may watch; null = all of it. */
    previewLimitSeconds: previewOnly ? protection.previewVideoSeconds : null,
  };
}
