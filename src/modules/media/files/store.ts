import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { NotFound } from '../../../platform/errors.ts';
import { courses, lessons } from '../../courses/schema.ts';
import { downloads, mediaFiles, mediaUploadParts } from '../schema.ts';
import { uploadShape } from './limits.ts';

// Scoped reads of files and what uses them. Another school's file is "not found".

export type MediaFile = typeof mediaFiles.$inferSelect;

export async function getFileInSchool(schoolDb: SchoolDb, fileId: string): Promise<MediaFile> {
  const [row] = await schoolDb.db.select().from(mediaFiles).where(schoolDb.scoped(mediaFiles, eq(mediaFiles.id, fileId))).limit(1);
  if (!row) throw new NotFound('That file does not exist. It may have been deleted; reload the media library.');
  return row;
}

/** What points at a file: a download (course-level), an attachment (a download on a lesson), or a course's cover. */
export type FileUse =
  | { kind: 'download'; downloadId: string; title: string }
  | { kind: 'attachment'; downloadId: string; title: string; lessonId: string; lessonTitle: string | null }
  | { kind: 'cover'; courseId: string; courseTitle: string };

/** Uses of each file, two statements for the caller's batch. */
export function fileUseQueries(schoolDb: SchoolDb, files: { id: string; key: string }[]) {
  const { db, scoped } = schoolDb;
  const ids = files.length ? files.map((f) => f.id) : [''];
  const keys = files.length ? files.map((f) => f.key) : [''];
  return [
    db
      .select({
        fileId: downloads.fileId,
        downloadId: downloads.id,
        title: downloads.title,
        lessonId: downloads.lessonId,
        // Aliased: in a D1 batch rows come back keyed by column name, and both tables have `title`.
        lessonTitle: sql<string | null>`${lessons.title}`.as('lesson_title'),
      })
      .from(downloads)
      .leftJoin(lessons, and(eq(lessons.id, downloads.lessonId), eq(lessons.schoolId, downloads.schoolId)))
      .where(scoped(downloads, inArray(downloads.fileId, ids)))
      .orderBy(asc(downloads.createdAt)),
    db.select({ courseId: courses.id, courseTitle: courses.title, key: courses.coverImageKey }).from(courses).where(scoped(courses, inArray(courses.coverImageKey, keys))),
  ] as const;
}

type Rows<Q extends readonly unknown[]> = { [K in keyof Q]: Awaited<Q[K]> };
type UseRows = Rows<ReturnType<typeof fileUseQueries>>;

export function usesByFile(files: { id: string; key: string }[], [downloadRows, coverRows]: UseRows): Map<string, FileUse[]> {
  const uses = new Map<string, FileUse[]>(files.map((f) => [f.id, []]));
  for (const d of downloadRows) {
    uses
      .get(d.fileId)
      ?.push(d.lessonId ? { kind: 'attachment', downloadId: d.downloadId, title: d.title, lessonId: d.lessonId, lessonTitle: d.lessonTitle } : { kind: 'download', downloadId: d.downloadId, title: d.title });
  }
  for (const c of coverRows) {
    const file = files.find((f) => f.key === c.key);
    if (file) uses.get(file.id)!.push({ kind: 'cover', courseId: c.courseId, courseTitle: c.courseTitle });
  }
  return uses;
}

export async function usesOf(schoolDb: SchoolDb, file: { id: string; key: string }): Promise<FileUse[]> {
  const rows = await schoolDb.db.batch(fileUseQueries(schoolDb, [file]));
  return usesByFile([file], rows).get(file.id) ?? [];
}

export function receivedPartsQuery(schoolDb: SchoolDb, fileIds: string[]) {
  return schoolDb.db
    .select({ fileId: mediaUploadParts.fileId, partNumber: mediaUploadParts.partNumber, sizeBytes: mediaUploadParts.sizeBytes, etag: mediaUploadParts.etag })
    .from(mediaUploadParts)
    .where(schoolDb.scoped(mediaUploadParts, inArray(mediaUploadParts.fileId, fileIds.length ? fileIds : [''])))
    .orderBy(asc(mediaUploadParts.partNumber));
}

/** How the rest of an unfinished upload goes: which parts are in, which are missing. */
export function uploadProgress(file: MediaFile, partNumbers: number[]) {
  if (file.status !== 'uploading') return null;
  const shape = uploadShape(file.sizeBytes);
  if (shape.method === 'single' || !file.multipartUploadId) return { method: 'single' as const, contentUrl: `/api/admin/files/${file.id}/content` };
  const received = new Set(partNumbers);
  const missing = Array.from({ length: shape.partCount }, (_, i) => i + 1).filter((n) => !received.has(n));
  return {
    method: 'multipart' as const,
    partSize: shape.partSize,
    partCount: shape.partCount,
    partUrl: `/api/admin/files/${file.id}/parts/{partNumber}`,
    receivedParts: [...received].sort((a, b) => a - b),
    missingParts: missing,
  };
}

/** A file as staff see it in the library: never the R2 key. */
export function libraryFile(file: MediaFile, uses: FileUse[], partNumbers: number[] = []) {
  return {
    id: file.id,
    purpose: file.purpose,
    courseId: file.courseId,
    lessonId: file.lessonId,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    status: file.status,
    createdBy: file.createdBy,
    createdAt: file.createdAt,
    completedAt: file.completedAt,
    usedBy: uses,
    upload: uploadProgress(file, partNumbers),
  };
}
