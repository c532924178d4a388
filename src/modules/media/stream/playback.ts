import { z } from 'zod';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { signToken } from '../signed-token.ts';
import { streamOf, usesRealStream } from './binding.ts';
import { openVideoLesson } from './lesson-access.ts';
import { readyPreviewClip } from './preview-clips.ts';
import { mintStreamToken } from './stream-token.ts';

/** Playback links live at most this long; the player asks again before expiresAt. */
export const PLAYBACK_TTL_SECONDS = 60 * 60;
export const PLAYBACK_PURPOSE = 'playback';

/** Claims of our own playback token (local MP4 through the Worker). */
export type PlaybackClaims = {
  pur: typeof PLAYBACK_PURPOSE;
  iat: number;
  exp: number;
  /** School the token is good on (another host → 404). */
  sch: string;
  /** The user it was minted for, or null for an anonymous preview. */
  sub: string | null;
  /** Stream video uid. */
  vid: string;
  les: string;
  /** Bytes the viewer may read from the start (the preview share); absent = the whole file. */
  lim?: number;
  /** A further byte range [start, end) readable despite `lim`: the MP4 index (moov) when it sits at the end. */
  idx?: [number, number];
};

export const PlaybackInput = z.object({ lessonId: z.string().trim().min(1).max(100) });

const captionUrl = (lessonId: string, language: string) => `/api/lessons/${encodeURIComponent(lessonId)}/captions/${encodeURIComponent(language)}.vtt`;

/**
 * POST /api/lessons/:lessonId/playback — a short-lived playback URL for the lesson's video,
 * only when lessonAccess says the lesson is open to the viewer.
 *
 * Preview limit (previewVideoSeconds, for viewers who only have the lesson as a preview):
 * - production (HLS from Stream): a signed Stream token opens a whole video, so such a viewer
 *   is never given one for the lesson's video: the token is for a Stream clip of its first N
 *   seconds (preview-clips.ts). Until the clip is ready the answer is 409 ("being
 *   prepared"); without the Stream API credentials that make clips, 503. Never the full
 *   video. A video no longer than N plays whole (it is all preview).
 * - local (MP4 through the Worker): when the video's duration is known (read from the MP4
 *   at upload), the token carries that share of the bytes and the Worker refuses to serve
 *   beyond it. Bytes are not seconds (bitrate varies, metadata may sit at the end), so this
 *   bounds what leaves rather than cutting at the exact second. WebM: no duration → player only.
 */
export async function mintPlayback({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const { lessonId } = PlaybackInput.parse(input);
  const open = await openVideoLesson(ctx, lessonId);
  const upload = open.upload;
  if (!upload || !upload.streamUid) throw new NotFound('This lesson has no video.');
  if (upload.status !== 'ready') throw new Conflict('This lesson’s video is still being prepared. Try again in a few minutes.');
  const limitSeconds = open.previewLimitSeconds;
  const captions = open.captionLanguages.map((language) => ({ language, url: captionUrl(lessonId, language) }));
  const base = { durationSeconds: upload.durationSeconds, captions, protection: { copyMode: open.protection.copyMode, downloadMode: open.protection.downloadMode } };

  if (usesRealStream(ctx.env)) {
    // The whole video is all preview when it is no longer than the limit (durations are
    // rounded to the second, hence the +1).
    const clipped = limitSeconds !== null && !(upload.durationSeconds !== null && upload.durationSeconds > 0 && limitSeconds >= upload.durationSeconds + 1);
    const uid = clipped ? await readyPreviewClip(ctx, { lessonId, sourceUid: upload.streamUid, seconds: limitSeconds }) : upload.streamUid;
    const { token, expiresAt } = await mintStreamToken(ctx.env, uid, ctx.now, PLAYBACK_TTL_SECONDS);
    const host = ctx.env.STREAM_CUSTOMER_SUBDOMAIN;
    const url = host ? `https://${host}/${token}/manifest/video.m3u8` : (await streamOf(ctx.env).video(uid).details()).hlsPlaybackUrl.replace(uid, token);
    return { kind: 'hls' as const, url, expiresAt, ...base, preview: limitSeconds === null ? null : { limitSeconds, enforcedByServer: true } };
  }

  const iat = Math.floor(ctx.now.getTime() / 1000);
  const byteLimit =
    limitSeconds !== null && upload.durationSeconds && upload.durationSeconds > 0 && upload.sizeBytes
      ? Math.min(upload.sizeBytes, Math.ceil((upload.sizeBytes * limitSeconds) / upload.durationSeconds))
      : null;
  const index = byteLimit !== null ? await mp4IndexBeyond(ctx, upload.streamUid, byteLimit) : null;
  const claims: PlaybackClaims = {
    pur: PLAYBACK_PURPOSE,
    iat,
    exp: iat + PLAYBACK_TTL_SECONDS,
    sch: ctx.school.id,
    sub: ctx.actor?.user.id ?? null,
    vid: upload.streamUid,
    les: lessonId,
    ...(byteLimit !== null ? { lim: byteLimit } : {}),
    ...(index ? { idx: index } : {}),
  };
  const token = await signToken(ctx.env, claims);
  return {
    kind: 'mp4' as const,
    url: `/media/video/${token}`,
    expiresAt: new Date(claims.exp * 1000),
    ...base,
    preview: limitSeconds === null ? null : { limitSeconds, enforcedByServer: byteLimit !== null },
  };
}

/**
 * An MP4 written without "faststart" keeps its index (moov) after the media; a player reads
 * it before any frame. Recorded in the video's meta at upload, it stays readable beyond the
 * preview share, or the preview would not play at all. It holds no pictures or sound.
 */
async function mp4IndexBeyond(ctx: SchoolCtx, uid: string, byteLimit: number): Promise<[number, number] | null> {
  const meta = (await streamOf(ctx.env).video(uid).details()).meta ?? {};
  const start = Number(meta.moovStart);
  const end = Number(meta.moovEnd);
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= byteLimit && end > start ? [start, end] : null;
}
