import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import { lessons } from '../../courses/schema.ts';
import { streamUploads } from '../schema.ts';
import { deleteStreamVideosQuietly, type StreamObservation, type StreamUploadStatus } from './binding.ts';
import { type ClipEnv, deleteClipsQuietly, deleteLessonClipRows } from './preview-clips.ts';

/**
 * The upload status machine: uploading → processing → ready | error. It only moves
 * forward, so deliveries that arrive late or twice (webhooks are not ordered, polling races
 * them) cannot take a ready video back to processing. ready and error are final.
 */
const RANK: Record<StreamUploadStatus, number> = { uploading: 0, processing: 1, ready: 2, error: 2 };

/** The statuses an upload may be in for `to` to be a step forward. */
export function predecessorsOf(to: StreamUploadStatus): StreamUploadStatus[] {
  return (Object.keys(RANK) as StreamUploadStatus[]).filter((from) => RANK[from] < RANK[to]);
}

export type UploadRow = typeof streamUploads.$inferSelect;

type Deps = { schoolDb: SchoolDb; env: ClipEnv; now: Date };

/**
 * Applies what Stream says about an upload's video. The status change is one guarded
 * UPDATE (only from an earlier status), so concurrent webhook, queue and polling paths agree
 * on who moved it; the one that did then does the follow-up:
 * - processing: the lesson shows this video if it had none;
 * - ready: the lesson switches to it, and older videos of the lesson are deleted (rows and
 *   Stream), with their preview clips — replacing a video keeps the old one playing until
 *   the new one is ready;
 * - error: a lesson pointing at the failed video points at nothing, and the video is deleted.
 * Returns the row after the change, or null when nothing moved.
 */
export async function applyObservation(deps: Deps, row: Pick<UploadRow, 'id' | 'lessonId' | 'streamUid'>, seen: StreamObservation): Promise<UploadRow | null> {
  const { db, scoped } = deps.schoolDb;
  const from = predecessorsOf(seen.status);
  if (from.length === 0) return null;
  const [moved] = await db
    .update(streamUploads)
    .set({
      status: seen.status,
      errorMessage: seen.status === 'error' ? seen.errorMessage : null,
      durationSeconds: sql`coalesce(${seen.durationSeconds}, ${streamUploads.durationSeconds})`,
      updatedAt: deps.now,
    })
    .where(scoped(streamUploads, eq(streamUploads.id, row.id), inArray(streamUploads.status, from)))
    .returning();
  if (!moved) return null;
  const uid = moved.streamUid;
  if (!uid) return moved;

  if (seen.status === 'processing') {
    await db
      .update(lessons)
      .set({ videoRef: uid })
      .where(scoped(lessons, eq(lessons.id, moved.lessonId), sql`${lessons.videoRef} is null`));
  } else if (seen.status === 'ready') {
    const [lesson] = await db.select({ videoRef: lessons.videoRef }).from(lessons).where(scoped(lessons, eq(lessons.id, moved.lessonId))).limit(1);
    const [, older, clips] = await db.batch([
      db.update(lessons).set({ videoRef: uid }).where(scoped(lessons, eq(lessons.id, moved.lessonId))),
      db
        .delete(streamUploads)
        .where(scoped(streamUploads, eq(streamUploads.lessonId, moved.lessonId), ne(streamUploads.id, moved.id)))
        .returning({ streamUid: streamUploads.streamUid }),
      deleteLessonClipRows(deps.schoolDb, moved.lessonId, uid),
    ]);
    const stale = new Set([lesson?.videoRef, ...older.map((r) => r.streamUid)].filter((u): u is string => !!u && u !== uid));
    await deleteStreamVideosQuietly(deps.env, [...stale], 'replaced by a newer video');
    await deleteClipsQuietly(
      deps.env,
      clips.map((c) => c.clipUid),
      'its lesson video was replaced',
    );
  } else if (seen.status === 'error') {
    await db
      .update(lessons)
      .set({ videoRef: null })
      .where(scoped(lessons, and(eq(lessons.id, moved.lessonId), eq(lessons.videoRef, uid))));
    await deleteStreamVideosQuietly(deps.env, [uid], 'processing failed');
  }
  return moved;
}
