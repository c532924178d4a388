import { and, eq } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { lessons } from '../../courses/schema.ts';
import { streamUploads } from '../schema.ts';

/**
 * The lesson's current video as the learner's lesson response shows it, unawaited for the
 * lesson's `db.batch`: status and duration only — never the Stream uid, which the player
 * gets (wrapped in a short-lived token) from POST /api/lessons/:lessonId/playback.
 */
export function lessonVideoQuery(schoolDb: SchoolDb, lessonId: string) {
  return schoolDb.db
    .select({ status: streamUploads.status, durationSeconds: streamUploads.durationSeconds })
    .from(streamUploads)
    .innerJoin(lessons, and(eq(lessons.videoRef, streamUploads.streamUid), eq(lessons.schoolId, streamUploads.schoolId)))
    .where(schoolDb.scoped(streamUploads, eq(lessons.id, lessonId)))
    .limit(1);
}

/** `video` in the lesson response: null when the lesson has none; captions are its transcripts' languages. */
export function lessonVideoView(rows: { status: string; durationSeconds: number | null }[], transcriptLanguages: string[]) {
  const row = rows[0];
  return row ? { status: row.status, durationSeconds: row.durationSeconds, captions: transcriptLanguages } : null;
}
