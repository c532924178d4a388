import { and, eq } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import type { LessonAccess } from '../../learning/access.ts';
import { buildCourseView, type CourseViewRows, courseViewQueries } from '../../learning/load.ts';
import { hasRole } from '../../identity/roles.ts';
import { type DownloadMode, protectionRowsQuery, resolveProtection } from '../protection/policy.ts';
import { downloads, mediaFiles } from '../schema.ts';

/**
 * Who may take a download. A lesson's attachment goes to whoever can open the lesson
 * (lessonAccess, through the learning module's course view — never re-decided here); a
 * course-level download to whoever holds the course. The course's download_mode then narrows
 * it: `none` refuses everyone, `entitled` also wants the course held (so a preview lesson's
 * attachment is not free for all), `allow` adds nothing. Staff (instructor+) may always take
 * their school's files: they can read them in the library anyway.
 */
export type Verdict = { allowed: true } | { allowed: false; message: string };

export function downloadVerdict(input: { isStaff: boolean; lessonAccess: LessonAccess | null; holdsCourse: boolean; accessLevel: string; mode: DownloadMode }): Verdict {
  if (input.isStaff) return { allowed: true };
  if (input.lessonAccess && !input.lessonAccess.open) return { allowed: false, message: input.lessonAccess.message };
  if (input.mode === 'none') return { allowed: false, message: 'The school has turned off downloads for this course.' };
  const needsCourse = input.mode === 'entitled' || input.lessonAccess === null;
  if (needsCourse && !input.holdsCourse) {
    return {
      allowed: false,
      message: input.accessLevel === 'paid' ? 'Downloads are for learners who have bought this course.' : 'Downloads are for learners enrolled in this course: enroll (it is free), then download.',
    };
  }
  return { allowed: true };
}

/**
 * Holding a course: an active entitlement (course or all_courses), or a course open to every
 * signed-in member without one (public, members) — the same line lessonAccess draws for a
 * lesson that is not a preview.
 */
export function holdsCourse(view: ReturnType<typeof buildCourseView>, signedIn: boolean): boolean {
  if (!signedIn) return false;
  return view.entitlement !== null || view.course.accessLevel === 'public' || view.course.accessLevel === 'members';
}

/**
 * Holding a course's own files (downloads not tied to a lesson): holding the course, or an
 * offer that sells the school's downloads (a `downloads` entitlement). Lesson attachments
 * always follow the lesson.
 */
export function holdsCourseFiles(view: ReturnType<typeof buildCourseView>, signedIn: boolean): boolean {
  return holdsCourse(view, signedIn) || (signedIn && view.holdsDownloads);
}

/** A download with its ready file, or 404 (another school's, or a file not uploaded yet). */
export async function getOfferedDownload(schoolDb: SchoolDb, downloadId: string) {
  const [row] = await offeredDownloadQuery(schoolDb, downloadId);
  if (!row) throw new NotFound('There is no such download. It may have been removed; reload the page.');
  return row;
}

/**
 * Only columns whose names the two tables do not share: inside a D1 batch rows come back keyed
 * by column name, so a second `id` or `course_id` would overwrite the first.
 */
export function offeredDownloadQuery(schoolDb: SchoolDb, downloadId: string) {
  return schoolDb.db
    .select({
      download: { id: downloads.id, courseId: downloads.courseId, lessonId: downloads.lessonId, fileId: downloads.fileId, title: downloads.title },
      file: { key: mediaFiles.key, filename: mediaFiles.filename, contentType: mediaFiles.contentType, sizeBytes: mediaFiles.sizeBytes, etag: mediaFiles.etag, completedAt: mediaFiles.completedAt },
    })
    .from(downloads)
    .innerJoin(mediaFiles, and(eq(mediaFiles.id, downloads.fileId), eq(mediaFiles.schoolId, downloads.schoolId)))
    .where(schoolDb.scoped(downloads, eq(downloads.id, downloadId), eq(mediaFiles.status, 'ready')))
    .limit(1);
}

/** The course view (for the viewer) and the protection in force, in one batch. */
export async function courseViewWithProtection(ctx: SchoolCtx, by: { courseId: string } | { slug: string }) {
  const { db } = ctx.schoolDb;
  const [courseRows, chapterRows, lessonRows, entRows, progressRows, policyRows] = await db.batch([...courseViewQueries(ctx, by), protectionRowsQuery(ctx.schoolDb, by)]);
  const rows: CourseViewRows = [courseRows, chapterRows, lessonRows, entRows, progressRows];
  const view = buildCourseView(ctx, rows);
  return { view, protection: resolveProtection(policyRows), isStaff: !!ctx.actor && hasRole(ctx.actor.membership.role, 'instructor') };
}

/** The verdict for one download, for the signed-in viewer. Unknown lessons (or unpublished courses) are 404. */
export async function verdictFor(ctx: SchoolCtx, download: { courseId: string; lessonId: string | null }): Promise<Verdict> {
  let loaded: Awaited<ReturnType<typeof courseViewWithProtection>>;
  try {
    loaded = await courseViewWithProtection(ctx, { courseId: download.courseId });
  } catch (err) {
    if (err instanceof NotFound) throw new NotFound('There is no such download.');
    throw err;
  }
  const { view, protection, isStaff } = loaded;
  let access: LessonAccess | null = null;
  if (download.lessonId) {
    const lesson = view.ordered.find((l) => l.id === download.lessonId);
    if (!lesson) throw new NotFound('There is no such download.');
    access = lesson.access;
  }
  const holds = access ? holdsCourse(view, !!ctx.actor) : holdsCourseFiles(view, !!ctx.actor);
  return downloadVerdict({ isStaff, lessonAccess: access, holdsCourse: holds, accessLevel: view.course.accessLevel, mode: protection.downloadMode });
}
