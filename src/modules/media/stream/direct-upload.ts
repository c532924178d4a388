import type { Env } from '../../../platform/env.ts';
import { Unavailable } from '../../../platform/errors.ts';
import { deleteStreamVideo, streamOf } from './binding.ts';
import { BASIC_UPLOAD_MAX_BYTES, MAX_VIDEO_SECONDS, TUS_CHUNK_BYTES } from './formats.ts';

/**
 * How the browser sends the file. The staff screen is the same in every case; only this
 * tells it which request to make (all three report progress through XHR upload events or
 * the tus client's onProgress).
 * - `put`: local development. PUT the raw file to our Worker with the file's content type.
 * - `post-form`: production, up to 200 MB. POST multipart/form-data with the file in field
 *   `file` straight to Stream (no cookies, no custom headers).
 * - `tus`: production, over 200 MB. A resumable tus upload straight to Stream: give `url` to
 *   a tus client as its upload URL (the upload already exists; do not create another), in
 *   chunks of `chunkSizeBytes`.
 */
export type Transfer =
  | { protocol: 'put'; method: 'PUT'; url: string; headers: { 'content-type': string } }
  | { protocol: 'post-form'; method: 'POST'; url: string; formField: 'file' }
  | { protocol: 'tus'; url: string; chunkSizeBytes: number };

export type UploadMeta = { schoolId: string; lessonId: string; uploadId: string; contentType: string };

/** How long a creator upload URL accepts the file: generous for a slow link; Stream allows up to 6 h. */
const UPLOAD_WINDOW_MS = 4 * 60 * 60 * 1000;

/**
 * Asks Stream for a one-time upload URL the browser sends the file to directly, with
 * signed URLs required and our ids in the video's meta (the webhook routes by them).
 * `fetcher` is the global fetch in production; tests pass their own.
 */
export async function provisionDirectUpload(
  env: Pick<Env, 'STREAM' | 'STREAM_ACCOUNT_ID' | 'STREAM_API_TOKEN'>,
  input: { meta: UploadMeta; filename: string; sizeBytes: number; now: Date },
  fetcher: typeof fetch = fetch,
): Promise<{ uid: string; transfer: Transfer }> {
  const expiry = new Date(input.now.getTime() + UPLOAD_WINDOW_MS).toISOString();
  const meta = { ...input.meta, name: input.filename };
  if (input.sizeBytes <= BASIC_UPLOAD_MAX_BYTES) {
    const upload = await streamOf(env).createDirectUpload({ maxDurationSeconds: MAX_VIDEO_SECONDS, expiry, meta, requireSignedURLs: true });
    return { uid: upload.id, transfer: { protocol: 'post-form', method: 'POST', url: upload.uploadURL, formField: 'file' } };
  }
  return provisionTusUpload(env, { meta, sizeBytes: input.sizeBytes, expiry }, fetcher);
}

/**
 * The binding only makes basic (single POST) creator uploads, so a resumable one goes
 * through the Stream API (`POST /stream?direct_user=true`), which needs an account id and
 * an API token. tus metadata cannot carry our meta, so it is set on the video right after.
 */
async function provisionTusUpload(
  env: Pick<Env, 'STREAM' | 'STREAM_ACCOUNT_ID' | 'STREAM_API_TOKEN'>,
  input: { meta: Record<string, string>; sizeBytes: number; expiry: string },
  fetcher: typeof fetch,
): Promise<{ uid: string; transfer: Transfer }> {
  if (!env.STREAM_ACCOUNT_ID || !env.STREAM_API_TOKEN) {
    throw new Unavailable('Videos over 200 MB need resumable uploads, which this deployment has not set up (STREAM_ACCOUNT_ID and STREAM_API_TOKEN). Upload a smaller file or ask the operator.');
  }
  const b64 = (value: string) => btoa(String.fromCharCode(...new TextEncoder().encode(value)));
  const res = await fetcher(`https://api.cloudflare.com/client/v4/accounts/${encodeURIComponent(env.STREAM_ACCOUNT_ID)}/stream?direct_user=true`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${env.STREAM_API_TOKEN}`,
      'tus-resumable': '1.0.0',
      'upload-length': String(input.sizeBytes),
      'upload-metadata': [`maxdurationseconds ${b64(String(MAX_VIDEO_SECONDS))}`, 'requiresignedurls', `expiry ${b64(input.expiry)}`, `name ${b64(input.meta.name ?? 'video')}`].join(','),
    },
  });
  const location = res.headers.get('location');
  const uid = res.headers.get('stream-media-id');
  if (res.status !== 201 || !location || !uid) {
    console.error(`[stream] tus upload provisioning failed: ${res.status} ${await res.text().catch(() => '')}`);
    throw new Unavailable('Stream did not accept the upload request. Please try again in a minute.');
  }
  try {
    await streamOf(env).video(uid).update({ meta: input.meta, requireSignedURLs: true });
  } catch (err) {
    // Without our meta the webhook could not find this video's school: do not hand it out.
    await deleteStreamVideo(env, uid).catch(() => undefined);
    console.error(`[stream] could not set meta on ${uid}`, err);
    throw new Unavailable('Stream did not accept the upload request. Please try again in a minute.');
  }
  return { uid, transfer: { protocol: 'tus', url: location, chunkSizeBytes: TUS_CHUNK_BYTES } };
}
