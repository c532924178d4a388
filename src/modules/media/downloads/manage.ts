import { eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { getCourseInSchool, getLessonInSchool } from '../../courses/lookup.ts';
import { requireRole } from '../../identity/actor.ts';
import { mediaAudit } from '../files/audit.ts';
import { getFileInSchool } from '../files/store.ts';
import { downloads, downloadTokens } from '../schema.ts';

// Staff offer uploaded files as downloads: on a lesson (an attachment) or on the course.

const Id = z.string().trim().min(1).max(100);
const Title = z.string({ error: 'Enter a title.' }).trim().min(1, { error: 'Enter a title.' }).max(200, { error: 'Keep the title under 200 characters.' });

export const CreateDownloadInput = z.object({ courseId: Id, fileId: Id, title: Title.optional(), lessonId: Id.nullable().optional() });
export const UpdateDownloadInput = z
  .object({ downloadId: Id, title: Title.optional(), fileId: Id.optional() })
  .refine((d) => d.title !== undefined || d.fileId !== undefined, { error: 'Give a new title or the id of the file to offer instead (fileId).' });
export const DownloadIdInput = z.object({ downloadId: Id });

export type Download = typeof downloads.$inferSelect;
const shown = (d: Download) => ({ id: d.id, courseId: d.courseId, lessonId: d.lessonId, fileId: d.fileId, title: d.title, priceCents: d.priceCents, createdAt: d.createdAt });

async function getDownloadInSchool(ctx: SchoolCtx, downloadId: string): Promise<Download> {
  const [row] = await ctx.schoolDb.db.select().from(downloads).where(ctx.schoolDb.scoped(downloads, eq(downloads.id, downloadId))).limit(1);
  if (!row) throw new NotFound('That download does not exist. It may have been removed; reload the page.');
  return row;
}

/**
 * POST /api/admin/courses/:courseId/downloads: offers a ready file of the course's library.
 * A lesson attachment goes on its own lesson unless another lesson of the course is named;
 * a course download sits on the course unless a lesson is named. The title defaults to the
 * file's name.
 */
export async function createDownload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = CreateDownloadInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, data.courseId);
  const file = await offerableFile(ctx, course.id, data.fileId);
  const lessonId = data.lessonId !== undefined ? data.lessonId : file.purpose === 'lesson_attachment' ? file.lessonId : null;
  if (lessonId) {
    const lesson = await getLessonInSchool(ctx.schoolDb, lessonId);
    if (lesson.courseId !== course.id) throw new NotFound('That lesson is not part of this course.');
  }
  const values = ctx.schoolDb.withSchool({ id: crypto.randomUUID(), courseId: course.id, lessonId, fileId: file.id, title: data.title ?? file.filename, priceCents: null, createdAt: ctx.now });
  const { db } = ctx.schoolDb;
  await db.batch([db.insert(downloads).values(values), mediaAudit(ctx, actor, 'download.created', { type: 'download', id: values.id }, null, shown(values))]);
  return { download: shown(values) };
}

/**
 * A ready file of the course's library that may be offered: not a cover, finished uploading.
 * Another school's or another course's file is not found.
 */
async function offerableFile(ctx: SchoolCtx, courseId: string, fileId: string) {
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  if (file.courseId !== courseId) throw new NotFound('That file is not in this course’s media library.');
  if (file.purpose === 'course_cover') throw new Conflict(`“${file.filename}” was uploaded as a course cover; upload it as a lesson_attachment or download to offer it.`);
  if (file.status !== 'ready') throw new Conflict(`“${file.filename}” has not finished uploading; complete the upload first.`);
  return file;
}

/**
 * PATCH /api/admin/downloads/:downloadId: its title and/or the file it offers. Replacing the
 * file keeps the download's id, so links, lessons and offers that name it go on working; the
 * old file stays in the library. Links already used (which could only resume a byte range of
 * the old file) stop working; unused links give the new file.
 */
export async function updateDownload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = UpdateDownloadInput.parse(input);
  const before = await getDownloadInSchool(ctx, data.downloadId);
  const file = data.fileId !== undefined && data.fileId !== before.fileId ? await offerableFile(ctx, before.courseId, data.fileId) : null;
  const title = data.title ?? before.title;
  if (title === before.title && !file) return { download: shown(before) };
  const change = { ...(title !== before.title ? { title } : {}), ...(file ? { fileId: file.id } : {}) };
  const { db, scoped } = ctx.schoolDb;
  const was = { ...(change.title !== undefined ? { title: before.title } : {}), ...(change.fileId !== undefined ? { fileId: before.fileId } : {}) };
  await db.batch([
    db.update(downloads).set(change).where(scoped(downloads, eq(downloads.id, before.id))),
    ...(file ? [db.delete(downloadTokens).where(scoped(downloadTokens, eq(downloadTokens.downloadId, before.id), isNotNull(downloadTokens.usedAt)))] : []),
    mediaAudit(ctx, actor, file ? 'download.file_replaced' : 'download.updated', { type: 'download', id: before.id }, was, change),
  ]);
  return { download: shown({ ...before, ...change }) };
}

/** DELETE /api/admin/downloads/:downloadId: no longer offered (its unused links stop working); the file stays in the library. */
export async function deleteDownload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { downloadId } = DownloadIdInput.parse(input);
  const before = await getDownloadInSchool(ctx, downloadId);
  const { db, scoped } = ctx.schoolDb;
  await db.batch([
    db.delete(downloadTokens).where(scoped(downloadTokens, eq(downloadTokens.downloadId, before.id))),
    db.delete(downloads).where(scoped(downloads, eq(downloads.id, before.id))),
    mediaAudit(ctx, actor, 'download.deleted', { type: 'download', id: before.id }, shown(before), null),
  ]);
  return { deleted: true as const };
}
