import { sql } from 'drizzle-orm';
import { integer, primaryKey, sqliteTable, text, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, schoolId } from '../../platform/db/columns.ts';

// ---- school database: files in R2, downloads, video in Stream, protection -------------

export const MEDIA_PURPOSES = ['lesson_attachment', 'course_cover', 'download'] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];

/**
 * One object in the MEDIA bucket, under `schools/<schoolId>/`. Large files arrive as an R2
 * multipart upload (status `uploading`, its parts recorded so a failed part can be resent);
 * `ready` once completed and its bytes checked. Owned by a course or a lesson: deleting the
 * owner deletes the object.
 */
export const mediaFiles = sqliteTable(
  'media_files',
  {
    id: id(),
    schoolId: schoolId(),
    key: text('key').notNull(),
    purpose: text('purpose', { enum: MEDIA_PURPOSES }).notNull(),
    courseId: text('course_id'),
    lessonId: text('lesson_id'),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    status: text('status', { enum: ['uploading', 'ready', 'failed'] }).notNull().default('uploading'),
    /** R2 multipart upload id while `uploading` in parts. */
    multipartUploadId: text('multipart_upload_id'),
    etag: text('etag'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    completedAt: instant('completed_at'),
  },
  (t) => [uniqueIndex('media_files_key_idx').on(t.schoolId, t.key), index('media_files_owner_idx').on(t.schoolId, t.courseId, t.lessonId)],
);

/** Parts of a multipart upload received so far: resuming resends only what is missing. */
export const mediaUploadParts = sqliteTable(
  'media_upload_parts',
  {
    schoolId: schoolId(),
    fileId: text('file_id').notNull(),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.fileId, t.partNumber] })],
);

/**
 * Something a learner can download: a file offered on a course (optionally on one of its
 * lessons, where it shows as an attachment). price_cents is for the commerce issue.
 */
export const downloads = sqliteTable(
  'downloads',
  {
    id: id(),
    schoolId: schoolId(),
    courseId: text('course_id').notNull(),
    lessonId: text('lesson_id'),
    fileId: text('file_id').notNull(),
    title: text('title').notNull(),
    priceCents: integer('price_cents'),
    createdAt: createdAt(),
  },
  (t) => [index('downloads_course_idx').on(t.schoolId, t.courseId, t.lessonId)],
);

/** A minted download link. The URL carries an HMAC-signed token naming this row; redeeming stamps used_at once. */
export const downloadTokens = sqliteTable(
  'download_tokens',
  {
    id: id(),
    schoolId: schoolId(),
    downloadId: text('download_id').notNull(),
    userId: text('user_id').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('download_tokens_user_idx').on(t.schoolId, t.userId)],
);

export const STREAM_UPLOAD_STATUSES = ['uploading', 'processing', 'ready', 'error'] as const;

/** A lesson video on its way into Stream; lessons.video_ref holds stream_uid once it exists. */
export const streamUploads = sqliteTable(
  'stream_uploads',
  {
    id: id(),
    schoolId: schoolId(),
    lessonId: text('lesson_id').notNull(),
    streamUid: text('stream_uid'),
    /** Direct creator upload URL (production); null when uploaded through the Worker. */
    uploadUrl: text('upload_url'),
    filename: text('filename').notNull(),
    sizeBytes: integer('size_bytes'),
    status: text('status', { enum: STREAM_UPLOAD_STATUSES }).notNull().default('uploading'),
    errorMessage: text('error_message'),
    durationSeconds: integer('duration_seconds'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [uniqueIndex('stream_uploads_uid_idx').on(t.schoolId, t.streamUid), index('stream_uploads_lesson_idx').on(t.schoolId, t.lessonId)],
);

export const COPY_MODES = ['allow', 'discourage'] as const;
export const DOWNLOAD_MODES = ['allow', 'entitled', 'none'] as const;

/**
 * How content may be copied, downloaded and previewed. The row with course_id null is the
 * school's default; a course row overrides it field by field (null = inherit).
 */
export const contentProtectionPolicies = sqliteTable(
  'content_protection_policies',
  {
    id: id(),
    schoolId: schoolId(),
    courseId: text('course_id'),
    copyMode: text('copy_mode', { enum: COPY_MODES }),
    downloadMode: text('download_mode', { enum: DOWNLOAD_MODES }),
    /** How many lessons of a course may be previews. */
    previewLessonLimit: integer('preview_lesson_limit'),
    /** Seconds of a preview lesson's video someone without access may watch. */
    previewVideoSeconds: integer('preview_video_seconds'),
    updatedBy: text('updated_by'),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    uniqueIndex('content_protection_course_idx').on(t.schoolId, t.courseId).where(sql`course_id is not null`),
    uniqueIndex('content_protection_school_idx').on(t.schoolId).where(sql`course_id is null`),
  ],
);
