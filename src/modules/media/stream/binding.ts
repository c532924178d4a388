import type { Env } from '../../../platform/env.ts';
import { Unavailable } from '../../../platform/errors.ts';
import type { STREAM_UPLOAD_STATUSES } from '../schema.ts';

export type StreamUploadStatus = (typeof STREAM_UPLOAD_STATUSES)[number];

/**
 * The Stream binding as this module uses it. `upload` also takes a byte stream: miniflare's
 * simulator accepts one (its binding.worker.js pipes the body into its blob store), which
 * is how local development uploads through the Worker. The production binding is only ever
 * given direct creator uploads (see direct-upload.ts).
 */
export type StreamApi = Omit<StreamBinding, 'upload'> & {
  upload(body: ReadableStream<Uint8Array>, params?: StreamUrlUploadParams): Promise<StreamVideo>;
};

export function streamOf(env: Pick<Env, 'STREAM'>): StreamApi {
  if (!env.STREAM) throw new Unavailable('Video is not configured on this deployment (no STREAM binding). Ask the operator to add [stream] to wrangler.toml.');
  return env.STREAM as unknown as StreamApi;
}

/**
 * Production talks to the real Stream service (direct creator uploads, webhooks, HLS);
 * everything else talks to miniflare's simulator (uploads through the Worker, polling,
 * MP4 through the Worker).
 */
export function usesRealStream(env: Pick<Env, 'ENVIRONMENT' | 'STREAM'>): boolean {
  return env.ENVIRONMENT === 'production' && !!env.STREAM;
}

/**
 * Errors cross the binding's RPC boundary as plain Errors whose message starts with the
 * original class name ("NotFoundError: Video not found: …"), so the name is matched there too.
 */
export function isStreamNotFound(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'NotFoundError' || err.message.startsWith('NotFoundError') || /\bnot found\b/i.test(err.message);
}

/** Deletes a Stream video; one that is already gone counts as deleted. */
export async function deleteStreamVideo(env: Pick<Env, 'STREAM'>, uid: string): Promise<void> {
  try {
    await streamOf(env).video(uid).delete();
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
  }
}

/** Deletes several videos, logging (not throwing) failures: the database change already happened. */
export async function deleteStreamVideosQuietly(env: Pick<Env, 'STREAM'>, uids: string[], why: string): Promise<void> {
  await Promise.all(
    uids.map(async (uid) => {
      try {
        await deleteStreamVideo(env, uid);
      } catch (err) {
        console.error(`[stream] could not delete video ${uid} (${why}); delete it in the Stream dashboard`, err);
      }
    }),
  );
}

/** What Stream says about a video, reduced to what our status machine needs. */
export type StreamObservation = {
  status: StreamUploadStatus;
  durationSeconds: number | null;
  errorMessage: string | null;
};

/**
 * Stream's states → ours. `pendingupload` is a direct upload nobody has sent yet;
 * `downloading`, `queued` and `inprogress` are Stream working on bytes it has; `ready` counts
 * only with readyToStream (Stream can say ready before every rendition exists).
 */
export function observe(video: { readyToStream?: boolean; status?: { state?: string; errorReasonCode?: string; errorReasonText?: string }; duration?: number }): StreamObservation {
  const state = video.status?.state ?? '';
  const durationSeconds = typeof video.duration === 'number' && video.duration > 0 ? Math.round(video.duration) : null;
  if (state === 'error') {
    const reason = [video.status?.errorReasonCode, video.status?.errorReasonText].filter(Boolean).join(': ');
    return { status: 'error', durationSeconds, errorMessage: reason ? `Stream could not process the video (${reason}).` : 'Stream could not process the video.' };
  }
  if (state === 'ready' && video.readyToStream) return { status: 'ready', durationSeconds, errorMessage: null };
  if (state === 'pendingupload' || state === '') return { status: 'uploading', durationSeconds, errorMessage: null };
  return { status: 'processing', durationSeconds, errorMessage: null };
}
