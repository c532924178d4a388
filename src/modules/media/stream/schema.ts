import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, schoolId } from '../../../platform/db/columns.ts';
import { STREAM_UPLOAD_STATUSES } from '../schema.ts';

/**
 * A Stream clip of the first `seconds` of a lesson video: what a viewer who has the lesson
 * only as a preview plays in production when the protection policy limits preview video
 * (see preview-clips.ts). One per (source video, seconds); a clip whose source or length is
 * no longer the lesson's is deleted, row and Stream video. Status moves like an upload's
 * (processing → ready | error), from Stream's webhook or from reading the clip's details.
 */
export const streamPreviewClips = sqliteTable(
  'stream_preview_clips',
  {
    id: id(),
    schoolId: schoolId(),
    lessonId: text('lesson_id').notNull(),
    /** The lesson video the clip was cut from (stream_uploads.stream_uid, lessons.video_ref). */
    sourceUid: text('source_uid').notNull(),
    seconds: integer('seconds').notNull(),
    /** The clip's own Stream video uid: the only uid a preview viewer's token names. */
    clipUid: text('clip_uid').notNull(),
    status: text('status', { enum: STREAM_UPLOAD_STATUSES }).notNull().default('processing'),
    errorMessage: text('error_message'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    uniqueIndex('stream_preview_clips_source_idx').on(t.schoolId, t.sourceUid, t.seconds),
    uniqueIndex('stream_preview_clips_clip_idx').on(t.schoolId, t.clipUid),
    index('stream_preview_clips_lesson_idx').on(t.schoolId, t.lessonId),
  ],
);
