import { Forbidden, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { planRange } from '../files/range.ts';
import { type TokenClaims, verifyToken } from '../signed-token.ts';
import { isStreamNotFound, streamOf, usesRealStream } from './binding.ts';
import { PLAYBACK_PURPOSE, PLAYBACK_TTL_SECONDS, type PlaybackClaims } from './playback.ts';

/**
 * GET /media/video/:token — local development's player source. miniflare serves the raw
 * file at /__cf_local/stream/<uid>/watch to anyone who knows the uid, with no check and no
 * Range support, so that URL is never handed out; this route is what the player gets
 * instead. It checks our token (signature, purpose, expiry ≤ 1 h, this school, this user or
 * an anonymous preview), then relays the simulator's bytes with Range/206 so seeking works,
 * never past the token's byte share.
 */
export async function serveLocalVideo({ ctx, input }: { ctx: SchoolCtx; input: { token: string; range: string | null; ifRange: string | null } }): Promise<Response> {
  if (usesRealStream(ctx.env)) throw new NotFound('There is nothing at this address.');
  const verified = await verifyToken(ctx.env, input.token, { purpose: PLAYBACK_PURPOSE, now: ctx.now, maxTtlSeconds: PLAYBACK_TTL_SECONDS });
  if (!verified.ok) {
    if (verified.reason === 'expired') throw new Forbidden('This video link has expired. Reload the lesson to keep watching.');
    throw new NotFound('There is nothing at this address.');
  }
  const claims = verified.claims as TokenClaims & PlaybackClaims;
  // Another school's token is indistinguishable from a wrong one.
  if (claims.sch !== ctx.school.id || typeof claims.vid !== 'string') throw new NotFound('There is nothing at this address.');
  if (claims.sub !== null && claims.sub !== (ctx.actor?.user.id ?? null)) throw new Forbidden('This video link belongs to another signed-in user. Reload the lesson.');

  let details: StreamVideo;
  try {
    details = await streamOf(ctx.env).video(claims.vid).details();
  } catch (err) {
    if (isStreamNotFound(err)) throw new NotFound('This video no longer exists.');
    throw err;
  }
  const size = details.size;
  // What this token may read: everything, or the preview share from the start plus the MP4
  // index if it sits beyond it. Ranges are answered against the real size so a player can
  // find the index at the end; a range in between gets zeros, never the real bytes (the
  // player reads on sequentially before it seeks to the index, and stalls on a refusal).
  const limit = typeof claims.lim === 'number' ? Math.min(claims.lim, size) : size;
  const windows: [number, number][] = [[0, limit]];
  if (Array.isArray(claims.idx) && claims.idx.length === 2) windows.push([Math.max(limit, claims.idx[0]), Math.min(size, claims.idx[1])]);
  const etag = `"${claims.vid}"`;
  const plan = planRange({ range: input.range, ifRange: input.ifRange }, size, { etag, lastModified: null });
  const headers = new Headers({
    'content-type': details.meta.contentType ?? 'video/mp4',
    'accept-ranges': 'bytes',
    etag,
    'cache-control': 'private, no-store',
    'content-disposition': 'inline',
    // The URL is a bearer token: never leak it to another site.
    'referrer-policy': 'no-referrer',
  });
  if (plan.kind === 'unsatisfiable') {
    headers.set('content-range', `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  if (plan.kind !== 'partial') {
    // A whole-file request (no Range) gets the readable start only.
    headers.set('content-length', String(limit));
    return new Response((await sourceBytes(details, 0, limit)).pipeThrough(new FixedLengthStream(limit)), { status: 200, headers });
  }
  const window = windows.find(([from, to]) => plan.offset >= from && plan.offset < to);
  const offset = plan.offset;
  const length = window ? Math.min(plan.length, window[1] - offset) : Math.min(plan.length, (windows.find(([from]) => from > offset)?.[0] ?? size) - offset);
  headers.set('content-length', String(length));
  headers.set('content-range', `bytes ${offset}-${offset + length - 1}/${size}`);
  const body = window ? await sourceBytes(details, offset, length) : zeros(length);
  // FixedLengthStream keeps Content-Length on the wire (a plain stream would go out chunked).
  return new Response(body.pipeThrough(new FixedLengthStream(length)), { status: 206, headers });
}

/** The simulator's bytes [offset, offset + length), fetched from its watch URL (never handed out). */
async function sourceBytes(details: StreamVideo, offset: number, length: number): Promise<ReadableStream<Uint8Array>> {
  const source = await fetch(details.preview!);
  if (!source.ok || !source.body) throw new NotFound('This video no longer exists.');
  return slice(source.body, offset, length);
}

function zeros(length: number): ReadableStream<Uint8Array> {
  let left = length;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left <= 0) return controller.close();
      const n = Math.min(left, 64 * 1024);
      left -= n;
      controller.enqueue(new Uint8Array(n));
    },
  });
}

/**
 * Bytes [offset, offset + length) of a stream. The simulator only serves whole files, so a
 * seek reads (and drops) everything before it: fine for local development, and the reason
 * production never relays video through the Worker.
 */
function slice(body: ReadableStream<Uint8Array>, offset: number, length: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let position = 0;
  const end = offset + length;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (position >= end) {
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        const from = position;
        position += value.length;
        if (position <= offset) continue;
        controller.enqueue(value.subarray(Math.max(0, offset - from), Math.min(value.length, end - from)));
        return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
