import { and, eq } from 'drizzle-orm';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { getCourseInSchool } from '../../courses/lookup.ts';
import { courses } from '../../courses/schema.ts';
import { hasRole } from '../../identity/roles.ts';
import { requireRole } from '../../identity/actor.ts';
import { mediaFiles } from '../schema.ts';
import { mediaAudit } from './audit.ts';
import type { ServedObject } from './object-response.ts';
import { getFileInSchool } from './store.ts';
import { CourseIdInput, SetCoverInput } from './validation.ts';

/**
 * Where a course's cover is served. `/media/covers/<courseId>` always shows the current cover
 * (revalidated after a minute); with `?v=<fileId>` it names one image and may be cached for good.
 */
export const coverUrl = (courseId: string, fileId: string) => `/media/covers/${courseId}?v=${fileId}`;

/** PUT /api/admin/courses/:courseId/cover: makes an uploaded course_cover file the course's cover. */
export async function setCourseCover({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { courseId, fileId } = SetCoverInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, courseId);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  if (file.courseId !== course.id) throw new NotFound('That file is not in this course’s media library.');
  if (file.purpose !== 'course_cover') throw new Conflict(`“${file.filename}” was uploaded as a ${file.purpose.replace('_', ' ')}; upload the image as a course_cover to use it as the cover.`);
  if (file.status !== 'ready') throw new Conflict(`“${file.filename}” has not finished uploading; complete the upload first.`);
  return { course: { ...(await writeCover(ctx, actor, course, file.key)), coverUrl: coverUrl(course.id, file.id) } };
}

/** DELETE /api/admin/courses/:courseId/cover: the course goes back to having no cover; the image stays in the library. */
export async function clearCourseCover({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseIdInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, courseId);
  return { course: { ...(await writeCover(ctx, actor, course, null)), coverUrl: null } };
}

async function writeCover(ctx: SchoolCtx, actor: NonNullable<SchoolCtx['actor']>, course: { id: string; coverImageKey: string | null }, key: string | null) {
  if (course.coverImageKey !== key) {
    const { db, scoped } = ctx.schoolDb;
    await db.batch([
      db.update(courses).set({ coverImageKey: key, updatedAt: ctx.now }).where(scoped(courses, eq(courses.id, course.id))),
      mediaAudit(ctx, actor, key ? 'course.cover_set' : 'course.cover_cleared', { type: 'course', id: course.id }, { coverImageKey: course.coverImageKey }, { coverImageKey: key }),
    ]);
  }
  return { id: course.id, coverImageKey: key };
}

/**
 * GET /media/covers/:courseId: what to stream. Covers of courses learners can see are public;
 * a draft course's cover exists only for staff, like the draft course itself. The cover must
 * be a ready course_cover file of this school: a cover_image_key set by hand to anything else
 * serves nothing.
 */
export async function getCoverObject({ ctx, input }: { ctx: SchoolCtx; input: unknown }): Promise<{ object: ServedObject; isPublic: boolean }> {
  const { courseId } = CourseIdInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [row] = await db
    .select({ status: courses.status, file: mediaFiles })
    .from(courses)
    .leftJoin(mediaFiles, and(eq(mediaFiles.schoolId, courses.schoolId), eq(mediaFiles.key, courses.coverImageKey), eq(mediaFiles.purpose, 'course_cover'), eq(mediaFiles.status, 'ready')))
    .where(scoped(courses, eq(courses.id, courseId)))
    .limit(1);
  const isStaff = !!ctx.actor && hasRole(ctx.actor.membership.role, 'instructor');
  if (!row || (row.status === 'draft' && !isStaff)) throw new NotFound('There is no such course.');
  const file = row.file;
  if (!file || !file.etag) throw new NotFound('This course has no cover image.');
  return {
    object: { key: file.key, sizeBytes: file.sizeBytes, contentType: file.contentType, etag: file.etag, lastModified: file.completedAt },
    isPublic: row.status !== 'draft',
  };
}
