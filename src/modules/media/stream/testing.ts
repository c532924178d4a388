import { cookieFor } from '../../../../test/workers/auth.ts';
import { hostOf, request } from '../../../../test/workers/fixtures.ts';

// Test helpers for lesson video (workers project only).

type School = { id: string; slug: string; d1Binding: string };

const enc = new TextEncoder();
function box(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + payload.length);
  new DataView(out.buffer).setUint32(0, out.length);
  out.set(enc.encode(type), 4);
  out.set(payload, 8);
  return out;
}
function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A structurally valid MP4 container (ftyp, mdat, then moov/mvhd at the end, as an encoder
 * without "faststart" writes it) declaring `seconds` of duration. Enough for the type check,
 * the duration scanner and byte-range serving; not a decodable picture.
 */
export function fakeMp4(seconds: number, mediaBytes = 4096): Uint8Array {
  const ftyp = box('ftyp', concat(enc.encode('isom'), new Uint8Array([0, 0, 2, 0]), enc.encode('isomiso2mp41')));
  const media = new Uint8Array(mediaBytes).map((_, i) => (i * 31 + 7) % 251);
  const mvhd = new Uint8Array(100);
  const view = new DataView(mvhd.buffer);
  view.setUint32(12, 1000); // timescale
  view.setUint32(16, Math.round(seconds * 1000)); // duration
  return concat(ftyp, box('mdat', media), box('moov', box('mvhd', mvhd)));
}

export function staffCall(school: School, path: string, init: { method: string; cookie: string; body?: BodyInit; contentType?: string; headers?: Record<string, string> }) {
  const host = hostOf(school);
  const headers: Record<string, string> = { accept: 'application/json', cookie: init.cookie, origin: `http://${host}`, ...(init.headers ?? {}) };
  if (init.contentType) headers['content-type'] = init.contentType;
  return request(host, path, { method: init.method, headers, body: init.body });
}

/** Uploads `bytes` as the lesson's video through the local flow and polls until it is ready; returns the upload id. */
export async function uploadLessonVideo(school: School, lessonId: string, bytes: Uint8Array, contentType = 'video/mp4') {
  const cookie = await cookieFor(school, 'instructor');
  const start = await staffCall(school, `/api/admin/lessons/${lessonId}/video`, {
    method: 'POST',
    cookie,
    contentType: 'application/json',
    body: JSON.stringify({ filename: 'lecture.mp4', sizeBytes: bytes.length, contentType }),
  });
  if (start.status !== 201) throw new Error(`start upload: ${start.status} ${await start.text()}`);
  const { upload, transfer } = (await start.json()) as { upload: { id: string }; transfer: { url: string } };
  const put = await staffCall(school, transfer.url, { method: 'PUT', cookie, contentType, body: bytes });
  if (put.status !== 200) throw new Error(`put upload: ${put.status} ${await put.text()}`);
  const poll = await staffCall(school, `/api/admin/lessons/${lessonId}/video`, { method: 'GET', cookie });
  const state = (await poll.json()) as { video: { id: string; status: string } | null };
  if (state.video?.status !== 'ready') throw new Error(`video not ready: ${JSON.stringify(state)}`);
  return upload.id;
}
