import { and, eq, inArray, ne } from 'drizzle-orm';
import type { SchoolDb } from '../../../platform/db/school-db.ts';
import type { Env } from '../../../platform/env.ts';
import { Conflict, Unavailable } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { deleteStreamVideosQuietly, observe, type StreamObservation } from './binding.ts';
import { streamPreviewClips } from './schema.ts';
import { predecessorsOf } from './status.ts';

/**
 * Preview clips: how production enforces a preview's video seconds.
 *
 * A signed Stream token opens a whole video, so a viewer who has a lesson only as a preview
 * (and a policy with previewVideoSeconds = N) is never given a token for the lesson's video.
 * They get one for a Stream clip of its first N seconds instead: a separate video Stream cuts
 * with `POST /accounts/<id>/stream/clip` (an API call: STREAM_ACCOUNT_ID + STREAM_API_TOKEN).
 *
 * Clips are made on demand, by the first preview playback of a (video, N) pair, and reused
 * by every later viewer; until Stream has processed one, preview playback answers 409 ("being
 * prepared", what the player shows for a video still processing). Making a clip removes the
 * lesson's other clips (a replaced video or an older N), rows and Stream videos, best effort.
 * A clip's status comes from Stream's webhook (the events consumer finds it by uid, see
 * consumer.ts) or, while a viewer is waiting, from reading the clip's details.
 *
 * Every call about a clip goes through the Stream API with the same credentials that made
 * it, so one account and one token answer for the whole lifecycle.
 */

export type ClipEnv = Pick<Env, 'STREAM' | 'STREAM_ACCOUNT_ID' | 'STREAM_API_TOKEN'>;
type Credentials = { accountId: string; apiToken: string };

const API_BASE = 'https://api.cloudflare.com/client/v4';

export const PREVIEW_PREPARING = 'The preview is being prepared, try again in a minute.';

function credentialsOf(env: ClipEnv): Credentials | null {
  return env.STREAM_ACCOUNT_ID && env.STREAM_API_TOKEN ? { accountId: env.STREAM_ACCOUNT_ID, apiToken: env.STREAM_API_TOKEN } : null;
}

type ApiVideo = { uid?: string; readyToStream?: boolean; status?: { state?: string; errorReasonCode?: string; errorReasonText?: string }; duration?: number };
type ApiAnswer = { success?: boolean; result?: ApiVideo | null; errors?: { code?: number; message?: string }[] };

async function callStream(creds: Credentials, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; answer: ApiAnswer | null }> {
  const res = await fetch(`${API_BASE}/accounts/${encodeURIComponent(creds.accountId)}/stream${path}`, {
    method,
    headers: { authorization: `Bearer ${creds.apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text().catch(() => '');
  let answer: ApiAnswer | null = null;
  try {
    answer = text ? (JSON.parse(text) as ApiAnswer) : null;
  } catch {
    answer = null;
  }
  return { status: res.status, answer };
}

const describeErrors = (answer: ApiAnswer | null) => (answer?.errors ?? []).map((e) => `${e.code ?? '?'} ${e.message ?? ''}`.trim()).join('; ') || 'no detail';

/** Asks Stream for a clip of the first `seconds` of `sourceUid`, signed URLs required, our ids in its meta. */
async function createClip(creds: Credentials, input: { sourceUid: string; seconds: number; meta: Record<string, string> }): Promise<{ uid: string; seen: StreamObservation }> {
  const { status, answer } = await callStream(creds, 'POST', '/clip', {
    clippedFromVideoUID: input.sourceUid,
    startTimeSeconds: 0,
    endTimeSeconds: input.seconds,
    requireSignedURLs: true,
    meta: input.meta,
  });
  const uid = answer?.result?.uid;
  if (status >= 300 || !answer?.success || !uid) {
    console.error(`[stream] clipping ${input.sourceUid} to ${input.seconds}s failed: ${status} ${describeErrors(answer)}`);
    throw new Unavailable('The preview could not be prepared right now. Please try again in a few minutes.');
  }
  return { uid, seen: observe(answer.result!) };
}

/** What Stream says about a clip now; a clip Stream no longer has reads as an error. */
async function readClip(creds: Credentials, uid: string): Promise<StreamObservation> {
  const { status, answer } = await callStream(creds, 'GET', `/${encodeURIComponent(uid)}`);
  if (status === 404) return { status: 'error', durationSeconds: null, errorMessage: 'The clip is no longer in Stream.' };
  if (status >= 300 || !answer?.success || !answer.result) {
    console.error(`[stream] reading clip ${uid} failed: ${status} ${describeErrors(answer)}`);
    throw new Unavailable('The preview could not be checked right now. Please try again in a minute.');
  }
  return observe(answer.result);
}

/**
 * Deletes clip videos from Stream, logging (not throwing) failures: the rows are already
 * gone. With no API credentials (removed since the clips were made) the binding deletes them.
 */
export async function deleteClipsQuietly(env: ClipEnv, uids: string[], why: string): Promise<void> {
  if (uids.length === 0) return;
  const creds = credentialsOf(env);
  if (!creds) return deleteStreamVideosQuietly(env, uids, why);
  await Promise.all(
    uids.map(async (uid) => {
      try {
        const { status, answer } = await callStream(creds, 'DELETE', `/${encodeURIComponent(uid)}`);
        if (status >= 300 && status !== 404) throw new Error(`${status} ${describeErrors(answer)}`);
      } catch (err) {
        console.error(`[stream] could not delete preview clip ${uid} (${why}); delete it in the Stream dashboard`, err);
      }
    }),
  );
}

type ClipRow = typeof streamPreviewClips.$inferSelect;

/** Applies what Stream says about a clip: forward only (processing → ready | error), like uploads. */
export async function applyClipObservation(deps: { schoolDb: SchoolDb; now: Date }, clipId: string, seen: StreamObservation): Promise<ClipRow | null> {
  const from = predecessorsOf(seen.status);
  if (from.length === 0) return null;
  const { db, scoped } = deps.schoolDb;
  const [moved] = await db
    .update(streamPreviewClips)
    .set({ status: seen.status, errorMessage: seen.status === 'error' ? seen.errorMessage : null, updatedAt: deps.now })
    .where(scoped(streamPreviewClips, eq(streamPreviewClips.id, clipId), inArray(streamPreviewClips.status, from)))
    .returning();
  return moved ?? null;
}

/** The clip row a Stream uid belongs to, if it is a preview clip of this school. */
export async function findClipByUid(schoolDb: SchoolDb, uid: string): Promise<ClipRow | null> {
  const [row] = await schoolDb.db.select().from(streamPreviewClips).where(schoolDb.scoped(streamPreviewClips, eq(streamPreviewClips.clipUid, uid))).limit(1);
  return row ?? null;
}

/**
 * The Stream uid of a ready clip of the first `seconds` of `sourceUid`, for a preview
 * viewer's playback token. Never answers with the source: a clip not ready yet is a 409,
 * missing API credentials a 503.
 */
export async function readyPreviewClip(ctx: Pick<SchoolCtx, 'schoolDb' | 'env' | 'now' | 'school'>, input: { lessonId: string; sourceUid: string; seconds: number }): Promise<string> {
  const creds = credentialsOf(ctx.env);
  if (!creds) {
    console.error('[stream] a preview limit is set but STREAM_ACCOUNT_ID / STREAM_API_TOKEN are not: preview video is refused until they are (clips need the Stream API)');
    throw new Unavailable('This preview cannot be played on this deployment yet: preview clips are not set up. The operator has been told.');
  }
  const { db, scoped } = ctx.schoolDb;
  const t = streamPreviewClips;
  const find = async () => (await db.select().from(t).where(scoped(t, eq(t.sourceUid, input.sourceUid), eq(t.seconds, input.seconds))).limit(1))[0] ?? null;

  let row = await find();
  if (row && row.status !== 'ready') {
    // The webhook usually gets here first; a waiting viewer asks Stream itself.
    const seen = row.status === 'error' ? null : await readClip(creds, row.clipUid);
    const moved = seen ? await applyClipObservation({ schoolDb: ctx.schoolDb, now: ctx.now }, row.id, seen) : null;
    row = moved ?? (await find());
    if (row?.status === 'error') {
      // A failed (or vanished) clip is dropped and cut again.
      console.warn(`[stream] preview clip ${row.clipUid} of ${row.sourceUid} failed (${row.errorMessage ?? 'no reason'}); making a new one`);
      await db.delete(t).where(scoped(t, eq(t.id, row.id)));
      await deleteClipsQuietly(ctx.env, [row.clipUid], 'clip failed');
      row = null;
    }
  }
  if (row) {
    if (row.status === 'ready') return row.clipUid;
    throw new Conflict(PREVIEW_PREPARING);
  }

  const made = await createClip(creds, {
    sourceUid: input.sourceUid,
    seconds: input.seconds,
    meta: { schoolId: ctx.school.id, lessonId: input.lessonId, previewClipOf: input.sourceUid, previewSeconds: String(input.seconds), name: `Preview (${input.seconds} s) of ${input.sourceUid}` },
  });
  const status = made.seen.status === 'uploading' ? 'processing' : made.seen.status;
  const [inserted] = await db
    .insert(t)
    .values(ctx.schoolDb.withSchool({ lessonId: input.lessonId, sourceUid: input.sourceUid, seconds: input.seconds, clipUid: made.uid, status, errorMessage: made.seen.errorMessage, createdAt: ctx.now, updatedAt: ctx.now }))
    .onConflictDoNothing()
    .returning();
  if (!inserted) {
    // Another viewer's request made the same clip first: theirs is the one.
    await deleteClipsQuietly(ctx.env, [made.uid], 'made twice at once');
    const winner = await find();
    if (winner?.status === 'ready') return winner.clipUid;
    throw new Conflict(PREVIEW_PREPARING);
  }
  // The lesson's other clips are of a replaced video or another length: no one plays them again.
  const stale = await db
    .delete(t)
    .where(scoped(t, eq(t.lessonId, input.lessonId), ne(t.id, inserted.id)))
    .returning({ clipUid: t.clipUid });
  await deleteClipsQuietly(
    ctx.env,
    stale.map((s) => s.clipUid),
    'preview length or lesson video changed',
  );
  if (inserted.status === 'ready') return inserted.clipUid;
  throw new Conflict(PREVIEW_PREPARING);
}

/** Unawaited, for a lesson's db.batch: removes its clips except those of `keepSourceUid`, returning their uids for deleteClipsQuietly. */
export function deleteLessonClipRows(schoolDb: SchoolDb, lessonId: string, keepSourceUid: string | null = null) {
  const t = streamPreviewClips;
  return schoolDb.db
    .delete(t)
    .where(schoolDb.scoped(t, keepSourceUid === null ? eq(t.lessonId, lessonId) : and(eq(t.lessonId, lessonId), ne(t.sourceUid, keepSourceUid))))
    .returning({ clipUid: t.clipUid });
}
