import { eq, inArray, or } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { courses } from '../../courses/schema.ts';
import { downloads, downloadTokens, mediaFiles, mediaUploadParts } from '../schema.ts';

/**
 * Deleting media: rows first (in the caller's batch, with whatever else it deletes), objects
 * after the batch has landed. That order means a failure can leave an unreferenced object
 * behind (storage, logged), never a download pointing at nothing.
 */
export type Owner = { fileId: string } | { lessonId: string } | { courseId: string };

/**
 * The statements that delete the files an owner has, the downloads that offer them (or sit on
 * that lesson/course), those downloads' links, unfinished upload parts, and any course cover
 * pointing at them. Unawaited, for a `db.batch`.
 */
export function removalStatements(schoolDb: SchoolDb, owner: Owner) {
  const { db, scoped } = schoolDb;
  const ownedFiles =
    'fileId' in owner ? eq(mediaFiles.id, owner.fileId) : 'lessonId' in owner ? eq(mediaFiles.lessonId, owner.lessonId) : eq(mediaFiles.courseId, owner.courseId);
  const fileIds = db.select({ id: mediaFiles.id }).from(mediaFiles).where(scoped(mediaFiles, ownedFiles));
  const fileKeys = db.select({ key: mediaFiles.key }).from(mediaFiles).where(scoped(mediaFiles, ownedFiles));
  const offered = or(
    inArray(downloads.fileId, fileIds),
    'lessonId' in owner ? eq(downloads.lessonId, owner.lessonId) : 'courseId' in owner ? eq(downloads.courseId, owner.courseId) : undefined,
  );
  const downloadIds = db.select({ id: downloads.id }).from(downloads).where(scoped(downloads, offered));
  return [
    db.delete(downloadTokens).where(scoped(downloadTokens, inArray(downloadTokens.downloadId, downloadIds))),
    db.delete(downloads).where(scoped(downloads, offered)),
    db.update(courses).set({ coverImageKey: null }).where(scoped(courses, inArray(courses.coverImageKey, fileKeys))),
    db.delete(mediaUploadParts).where(scoped(mediaUploadParts, inArray(mediaUploadParts.fileId, fileIds))),
    db.delete(mediaFiles).where(scoped(mediaFiles, ownedFiles)),
  ] as const;
}

/** The files an owner has, read before its rows go so their objects can be removed after. */
async function filesOf(schoolDb: SchoolDb, owner: Exclude<Owner, { fileId: string }>) {
  const where = 'lessonId' in owner ? eq(mediaFiles.lessonId, owner.lessonId) : eq(mediaFiles.courseId, owner.courseId);
  return schoolDb.db.select({ key: mediaFiles.key, multipartUploadId: mediaFiles.multipartUploadId }).from(mediaFiles).where(schoolDb.scoped(mediaFiles, where));
}

/**
 * Removes objects and unfinished multipart uploads from R2, after their rows are gone. Never
 * throws: the deletion the person asked for has happened; what is left is logged storage.
 */
export async function removeObjects(bucket: R2Bucket, files: { key: string; multipartUploadId: string | null }[]) {
  try {
    await Promise.all(files.filter((f) => f.multipartUploadId).map((f) => bucket.resumeMultipartUpload(f.key, f.multipartUploadId!).abort().catch(() => {})));
    for (let i = 0; i < files.length; i += 1000) await bucket.delete(files.slice(i, i + 1000).map((f) => f.key));
  } catch (err) {
    console.error(`[media] could not remove ${files.length} object(s) from R2; they are no longer referenced`, err);
  }
}

/** For the lesson and course deletions in the authoring module: read what to remove, then the statements, then the objects. */
export async function mediaRemovalFor(schoolDb: SchoolDb, owner: Exclude<Owner, { fileId: string }>) {
  const files = await filesOf(schoolDb, owner);
  return {
    statements: removalStatements(schoolDb, owner),
    removeObjects: (bucket: R2Bucket) => removeObjects(bucket, files),
  };
}
