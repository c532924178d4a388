import { env } from 'cloudflare:workers';
import { schoolDbFor } from '../../../platform/db/school-db.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { ctxAs, demoMember } from '../../members/testing.ts';
import type { MediaPurpose } from '../schema.ts';
import { createUpload, putFileContent } from './upload.ts';

// Test helpers for media (workers project only).

const enc = (text: string) => new TextEncoder().encode(text);
const join = (...parts: (Uint8Array | number[])[]) => {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
};

/** The first bytes of real files of each type, padded to `size` so tests can pick lengths. */
export const SAMPLE_HEADS = {
  pdf: enc('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n'),
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]),
  gif: enc('GIF89a\x01\x00\x01\x00'),
  webp: join(enc('RIFF'), [0x24, 0, 0, 0], enc('WEBPVP8 ')),
  zip: join([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
  epub: join([0x50, 0x4b, 0x03, 0x04], new Uint8Array(26), enc('mimetypeapplication/epub+zip')),
  mp3: enc('ID3\x04\x00\x00\x00\x00\x00\x00'),
  mp3Frame: Uint8Array.from([0xff, 0xfb, 0x90, 0x64]),
  m4a: join([0, 0, 0, 0x20], enc('ftypM4A '), [0, 0, 0, 0]),
  txt: enc('Shalom, and welcome to the course. ☺ Notes follow.\n'),
  exe: enc('MZ\x90\x00\x03\x00\x00\x00'),
};

/** `size` bytes beginning with `head`, the rest a repeating pattern, so slices can be checked. */
export function sampleFile(head: Uint8Array, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = 32 + (i % 90);
  bytes.set(head.subarray(0, size));
  return bytes;
}

export const bodyOf = (bytes: Uint8Array) => new Response(bytes).body;

type School = Parameters<typeof ctxAs>[0];
export const instructorCtx = (school: School, now?: Date): SchoolCtx => ctxAs(school, demoMember(school, 'instructor').actor, { now });
export const mediaDbOf = (school: { id: string; d1Binding: string }) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

/** A ready file uploaded through the services (one PUT), as an instructor would. */
export async function uploadReadyFile(
  school: School,
  spec: { courseId: string; lessonId?: string; purpose: MediaPurpose; filename?: string; contentType?: string; bytes: Uint8Array },
) {
  const ctx = instructorCtx(school);
  const { file } = await createUpload({
    ctx,
    input: { courseId: spec.courseId, lessonId: spec.lessonId, purpose: spec.purpose, filename: spec.filename ?? 'file.pdf', contentType: spec.contentType ?? 'application/pdf', sizeBytes: spec.bytes.length },
  });
  const done = await putFileContent({ ctx, input: { fileId: file.id }, body: bodyOf(spec.bytes) });
  return done.file;
}
