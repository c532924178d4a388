import { and, asc, eq } from 'drizzle-orm';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { downloads, mediaFiles } from './schema.ts';

/**
 * A lesson's attachments as the learner sees them: titles and sizes, never R2 keys (a file
 * is fetched through a signed, single-use download link). Unawaited, for a `db.batch`; the
 * caller sends the rows only when the lesson is open to the viewer.
 */
export function lessonAttachmentsQuery(schoolDb: SchoolDb, lessonId: string) {
  return schoolDb.db
    .select({ downloadId: downloads.id, title: downloads.title, filename: mediaFiles.filename, contentType: mediaFiles.contentType, sizeBytes: mediaFiles.sizeBytes })
    .from(downloads)
    .innerJoin(mediaFiles, and(eq(mediaFiles.id, downloads.fileId), eq(mediaFiles.schoolId, downloads.schoolId)))
    .where(schoolDb.scoped(downloads, eq(downloads.lessonId, lessonId), eq(mediaFiles.status, 'ready')))
    .orderBy(asc(downloads.createdAt));
}
