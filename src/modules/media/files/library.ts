import { desc, eq } from 'drizzle-orm';
import { Conflict } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { getCourseInSchool } from '../../courses/lookup.ts';
import { requireRole } from '../../identity/actor.ts';
import { mediaFiles } from '../schema.ts';
import { fileSummary, mediaAudit } from './audit.ts';
import { removalStatements, removeObjects } from './removal.ts';
import { fileUseQueries, type FileUse, getFileInSchool, libraryFile, receivedPartsQuery, usesByFile, usesOf } from './store.ts';
import { CourseIdInput, DeleteFileInput, FileIdInput } from './validation.ts';

/** GET /api/admin/courses/:courseId/files: the course's media library, newest first, with what uses each file. */
export async function listCourseFiles({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { courseId } = CourseIdInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, courseId);
  const { db, scoped } = ctx.schoolDb;
  const files = await db.select().from(mediaFiles).where(scoped(mediaFiles, eq(mediaFiles.courseId, course.id))).orderBy(desc(mediaFiles.createdAt));
  const [downloadRows, coverRows, parts] = await db.batch([
    ...fileUseQueries(ctx.schoolDb, files),
    receivedPartsQuery(
      ctx.schoolDb,
      files.filter((f) => f.status === 'uploading').map((f) => f.id),
    ),
  ]);
  const uses = usesByFile(files, [downloadRows, coverRows]);
  return {
    files: files.map((f) =>
      libraryFile(
        f,
        uses.get(f.id) ?? [],
        parts.filter((p) => p.fileId === f.id).map((p) => p.partNumber),
      ),
    ),
  };
}

/** GET /api/admin/files/:fileId: one file; while it is uploading, which parts are in (to resume after a reload). */
export async function getLibraryFile({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { fileId } = FileIdInput.parse(input);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  const [downloadRows, coverRows, parts] = await ctx.schoolDb.db.batch([...fileUseQueries(ctx.schoolDb, [file]), receivedPartsQuery(ctx.schoolDb, [file.id])]);
  return { file: libraryFile(file, usesByFile([file], [downloadRows, coverRows]).get(file.id) ?? [], parts.map((p) => p.partNumber)) };
}

/**
 * DELETE /api/admin/files/:fileId: removes the object and its record. A file something uses
 * (a download, a lesson's attachment, a course's cover) is a 409 naming the uses, unless
 * `?confirm=true`: then the uses go too (downloads deleted, the cover cleared).
 */
export async function deleteFile({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { fileId, confirm } = DeleteFileInput.parse(input);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  const uses = await usesOf(ctx.schoolDb, file);
  if (uses.length && !confirm) {
    throw new Conflict(`“${file.filename}” is in use: ${uses.map(describeUse).join('; ')}. Deleting it removes ${uses.length === 1 ? 'that' : 'those'} too; to go ahead, delete it again with ?confirm=true.`);
  }
  const { db } = ctx.schoolDb;
  await db.batch([
    ...removalStatements(ctx.schoolDb, { fileId: file.id }),
    mediaAudit(ctx, actor, 'media_file.deleted', { type: 'media_file', id: file.id }, fileSummary(file), null, { uses }),
  ]);
  await removeObjects(ctx.env.MEDIA, [file]);
  return { deleted: true as const };
}

function describeUse(use: FileUse): string {
  if (use.kind === 'cover') return `it is the cover of the course “${use.courseTitle}”`;
  if (use.kind === 'attachment') return `it is the attachment “${use.title}” on the lesson “${use.lessonTitle ?? 'deleted lesson'}”`;
  return `it is the course download “${use.title}”`;
}
