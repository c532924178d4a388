import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { courses } from '../../courses/schema.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { auditOf } from '../../members/testing.ts';
import { downloads, mediaFiles, mediaUploadParts } from '../schema.ts';
import { PART_SIZE } from './limits.ts';
import { instructorCtx, mediaDbOf, SAMPLE_HEADS, sampleFile, uploadReadyFile } from './testing.ts';
import { createUpload } from './upload.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const instructor = await cookieFor(BRESLOV, 'instructor');

// Response bodies are checked by value, not by type.
type Json = Record<string, any>;

function call(path: string, opts: { method?: string; cookie?: string; json?: unknown; bytes?: Uint8Array | ReadableStream | string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  headers.cookie = opts.cookie ?? instructor;
  const method = opts.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') headers.origin = origin;
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.bytes !== undefined) {
    headers['content-type'] ??= 'application/octet-stream';
    body = opts.bytes as BodyInit;
  }
  return request(host, path, { method, headers, body, ...(opts.bytes instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
}

const declare = async (courseId: string, input: Json) => {
  const res = await call(`/api/admin/courses/${courseId}/files`, { method: 'POST', json: input });
  return { res, body: (await res.json()) as Json };
};

// Courses and files the security suite names (declared synchronously, so made up front).
const course = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}, {}] }] });
const [lessonA, lessonB] = course.allLessonIds as [string, string];
const acme = await seedLearningCourse(ACME, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
const acmeFile = await uploadReadyFile(ACME, { courseId: acme.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 300) });
const pending = async (sizeBytes = 100) =>
  (await createUpload({ ctx: instructorCtx(BRESLOV), input: { courseId: course.courseId, purpose: 'download', filename: 'suite.pdf', contentType: 'application/pdf', sizeBytes } })).file;
const [suiteSingle, suiteParts, suiteComplete, suiteAbort, suiteDelete] = await Promise.all([pending(), pending(PART_SIZE + 10), pending(PART_SIZE + 10), pending(), pending()]);
const coverFile = await uploadReadyFile(BRESLOV, { courseId: course.courseId, purpose: 'course_cover', filename: 'cover.png', contentType: 'image/png', bytes: sampleFile(SAMPLE_HEADS.png, 2000) });

const foreignCourse = `/api/admin/courses/${acme.courseId}`;
const foreignFile = `/api/admin/files/${acmeFile.id}`;
describeAccessRules('GET /api/admin/courses/:id/files', { method: 'GET', path: `/api/admin/courses/${course.courseId}/files`, minimumRole: 'instructor', foreignPath: `${foreignCourse}/files` });
describeAccessRules('POST /api/admin/courses/:id/files', {
  method: 'POST',
  path: `/api/admin/courses/${course.courseId}/files`,
  body: { purpose: 'download', filename: 'x.pdf', contentType: 'application/pdf', sizeBytes: 10 },
  minimumRole: 'instructor',
  foreignPath: `${foreignCourse}/files`,
});
describeAccessRules('GET /api/admin/files/:id', { method: 'GET', path: `/api/admin/files/${suiteSingle.id}`, minimumRole: 'instructor', foreignPath: foreignFile });
describeAccessRules('PUT /api/admin/files/:id/content', { method: 'PUT', path: `/api/admin/files/${suiteSingle.id}/content`, body: {}, minimumRole: 'instructor', foreignPath: `${foreignFile}/content` });
describeAccessRules('PUT /api/admin/files/:id/parts/:n', { method: 'PUT', path: `/api/admin/files/${suiteParts.id}/parts/2`, body: {}, minimumRole: 'instructor', foreignPath: `${foreignFile}/parts/1` });
describeAccessRules('POST /api/admin/files/:id/complete', { method: 'POST', path: `/api/admin/files/${suiteComplete.id}/complete`, minimumRole: 'instructor', foreignPath: `${foreignFile}/complete` });
describeAccessRules('POST /api/admin/files/:id/abort', { method: 'POST', path: `/api/admin/files/${suiteAbort.id}/abort`, minimumRole: 'instructor', foreignPath: `${foreignFile}/abort` });
describeAccessRules('DELETE /api/admin/files/:id', { method: 'DELETE', path: `/api/admin/files/${suiteDelete.id}`, minimumRole: 'instructor', foreignPath: foreignFile });
describeAccessRules('PUT /api/admin/courses/:id/cover', { method: 'PUT', path: `/api/admin/courses/${course.courseId}/cover`, body: { fileId: coverFile.id }, minimumRole: 'instructor', foreignPath: `${foreignCourse}/cover` });
describeAccessRules('DELETE /api/admin/courses/:id/cover', { method: 'DELETE', path: `/api/admin/courses/${course.courseId}/cover`, minimumRole: 'instructor', foreignPath: `${foreignCourse}/cover` });

describe('single uploads', () => {
  it('declares, uploads and lists a lesson attachment, audited, with a key under the school', async () => {
    const bytes = sampleFile(SAMPLE_HEADS.pdf, 5000);
    const { res, body } = await declare(course.courseId, { purpose: 'lesson_attachment', lessonId: lessonA, filename: 'C:\\Users\\me\\Worksheet 1 — שיעור.pdf', contentType: 'application/pdf', sizeBytes: bytes.length });
    expect(res.status).toBe(201);
    expect(body.file).toMatchObject({ purpose: 'lesson_attachment', lessonId: lessonA, filename: 'Worksheet 1 — שיעור.pdf', status: 'uploading', upload: { method: 'single', contentUrl: `/api/admin/files/${body.file.id}/content` } });
    expect(JSON.stringify(body)).not.toContain('schools/');

    const put = await call(body.file.upload.contentUrl, { method: 'PUT', bytes, headers: { 'content-type': 'application/pdf' } });
    expect(put.status).toBe(200);
    expect(((await put.json()) as Json).file).toMatchObject({ status: 'ready', upload: null, sizeBytes: 5000 });

    const [row] = await mediaDbOf(BRESLOV).db.select().from(mediaFiles).where(eq(mediaFiles.id, body.file.id));
    expect(row!.key).toBe(`schools/${BRESLOV.id}/lesson_attachment/${body.file.id}/Worksheet-1-.pdf`);
    const object = await env.MEDIA.get(row!.key);
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes);
    expect(object!.httpMetadata?.contentType).toBe('application/pdf');
    expect((await auditOf(BRESLOV, body.file.id)).map((a) => a.action)).toEqual(['media_file.upload_started', 'media_file.uploaded']);

    // Sending it again is refused: a ready file is replaced by uploading a new one.
    expect((await call(body.file.upload.contentUrl, { method: 'PUT', bytes })).status).toBe(409);
  });

  it('refuses bytes that are not what the type says, storing nothing', async () => {
    const png = sampleFile(SAMPLE_HEADS.png, 400);
    const { body } = await declare(course.courseId, { purpose: 'download', filename: 'notes.pdf', contentType: 'application/pdf', sizeBytes: png.length });
    const res = await call(`/api/admin/files/${body.file.id}/content`, { method: 'PUT', bytes: png });
    const err = await expectErrorShape(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(err.error.message).toBe('“notes.pdf” is not a PDF document: its contents look like a PNG image. Nothing was stored. Check that you chose the right file, then upload it again.');
    const [row] = await mediaDbOf(BRESLOV).db.select().from(mediaFiles).where(eq(mediaFiles.id, body.file.id));
    expect(row!.status).toBe('failed');
    expect(await env.MEDIA.head(row!.key)).toBeNull();
    expect((await auditOf(BRESLOV, body.file.id)).at(-1)).toMatchObject({ action: 'media_file.rejected', metadata: { reason: 'content_mismatch', looksLike: 'a PNG image' } });
    expect((await call(`/api/admin/files/${body.file.id}/content`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.pdf, 400) })).status).toBe(409);
  });

  it('refuses types a purpose does not allow, and sizes over its limit (declared or sent)', async () => {
    const exe = await declare(course.courseId, { purpose: 'download', filename: 'setup.exe', contentType: 'application/x-msdownload', sizeBytes: 10 });
    expect(exe.res.status).toBe(415);
    expect(exe.body.error.message).toMatch(/^“application\/x-msdownload” files cannot be used as a course download\. Upload a PDF document, ZIP archive, .* or PowerPoint presentation \(\.pptx\)\.$/);
    const pdfCover = await declare(course.courseId, { purpose: 'course_cover', filename: 'cover.pdf', contentType: 'application/pdf', sizeBytes: 10 });
    expect(pdfCover.res.status).toBe(415);

    const bigCover = await declare(course.courseId, { purpose: 'course_cover', filename: 'huge.png', contentType: 'image/png', sizeBytes: 5 * 1024 * 1024 + 1 });
    expect(bigCover.res.status).toBe(413);
    expect(bigCover.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: '“huge.png” is 5 MiB; a course cover may be at most 5 MiB.' });
    expect((await declare(course.courseId, { purpose: 'download', filename: 'big.zip', contentType: 'application/zip', sizeBytes: 500 * 1024 * 1024 + 1 })).res.status).toBe(413);

    const { body } = await declare(course.courseId, { purpose: 'download', filename: 'short.pdf', contentType: 'application/pdf', sizeBytes: 100 });
    const over = await call(`/api/admin/files/${body.file.id}/content`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.pdf, 101) });
    expect((await expectErrorShape(over, 413, 'PAYLOAD_TOO_LARGE')).error.message).toBe('“short.pdf” is larger than the 100 bytes declared for it. Nothing was stored; start again with the file’s real size.');
    const under = await call(`/api/admin/files/${body.file.id}/content`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.pdf, 60) });
    expect((await expectErrorShape(under, 400, 'BAD_REQUEST')).error.message).toBe('“short.pdf” arrived incomplete: 60 bytes of 100 bytes. Nothing was stored; send it again.');
    // A transport failure leaves the upload open: the same PUT, whole, succeeds.
    expect((await call(`/api/admin/files/${body.file.id}/content`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.pdf, 100) })).status).toBe(200);
  });

  it('checks the declaration: lesson attachments name a lesson of the course; other purposes none', async () => {
    expect((await declare(course.courseId, { purpose: 'lesson_attachment', filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 })).res.status).toBe(400);
    expect((await declare(course.courseId, { purpose: 'lesson_attachment', lessonId: acme.allLessonIds[0], filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 })).res.status).toBe(404);
    expect((await declare(course.courseId, { purpose: 'download', lessonId: lessonA, filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 })).res.status).toBe(400);
    expect((await declare(course.courseId, { purpose: 'download', filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 0 })).res.status).toBe(400);
    expect((await declare(course.courseId, { purpose: 'download', filename: 'bad\u0007.pdf', contentType: 'application/pdf', sizeBytes: 5 })).res.status).toBe(400);
    expect((await declare(course.courseId, { purpose: 'poster', filename: 'a.pdf', contentType: 'application/pdf', sizeBytes: 5 })).res.status).toBe(400);
  });
});

describe('multipart uploads', () => {
  it('an interrupted part is resent, the upload resumes after a reload and completes in order', async () => {
    const size = PART_SIZE * 2 + 1000;
    const bytes = sampleFile(SAMPLE_HEADS.pdf, size);
    const { res, body } = await declare(course.courseId, { purpose: 'download', filename: 'big book.pdf', contentType: 'application/pdf', sizeBytes: size });
    expect(res.status).toBe(201);
    const id = body.file.id as string;
    expect(body.file.upload).toEqual({ method: 'multipart', partSize: PART_SIZE, partCount: 3, partUrl: `/api/admin/files/${id}/parts/{partNumber}`, receivedParts: [], missingParts: [1, 2, 3] });
    const part = (n: number) => bytes.subarray((n - 1) * PART_SIZE, Math.min(n * PART_SIZE, size));
    const partUrl = (n: number) => `/api/admin/files/${id}/parts/${n}`;

    const third = await call(partUrl(3), { method: 'PUT', bytes: part(3) });
    expect(third.status).toBe(200);
    expect(((await third.json()) as Json).upload).toMatchObject({ receivedParts: [3], missingParts: [1, 2] });
    expect((await call(partUrl(1), { method: 'PUT', bytes: part(1) })).status).toBe(200);

    // Part 2 breaks off half way: refused, and not recorded.
    const broken = await call(partUrl(2), { method: 'PUT', bytes: part(2).subarray(0, PART_SIZE / 2) });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Json).error.message).toBe('Part 2 of “big book.pdf” arrived incomplete: 4 MiB of 8 MiB. Nothing was stored; send it again.');
    const early = await call(`/api/admin/files/${id}/complete`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect(((await early.json()) as Json).error.message).toBe('“big book.pdf” is not complete: part 2 of 3 has not arrived. Send it, then complete the upload.');

    // A reloaded page asks what is in, and sends only what is missing.
    const status = (await (await call(`/api/admin/files/${id}`)).json()) as Json;
    expect(status.file).toMatchObject({ status: 'uploading', upload: { receivedParts: [1, 3], missingParts: [2] } });
    expect((await call(partUrl(2), { method: 'PUT', bytes: part(2) })).status).toBe(200);
    // Resending a part replaces it rather than adding another.
    expect((await call(partUrl(3), { method: 'PUT', bytes: part(3) })).status).toBe(200);
    expect((await mediaDbOf(BRESLOV).db.select().from(mediaUploadParts).where(eq(mediaUploadParts.fileId, id))).length).toBe(3);

    const done = await call(`/api/admin/files/${id}/complete`, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(((await done.json()) as Json).file).toMatchObject({ status: 'ready', sizeBytes: size, upload: null });
    const [row] = await mediaDbOf(BRESLOV).db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
    expect(row).toMatchObject({ status: 'ready', multipartUploadId: null });
    const object = await env.MEDIA.get(row!.key, { range: { offset: PART_SIZE - 5, length: 10 } });
    expect(new Uint8Array(await object!.arrayBuffer())).toEqual(bytes.subarray(PART_SIZE - 5, PART_SIZE + 5));
    expect((await env.MEDIA.head(row!.key))!.size).toBe(size);
    expect((await mediaDbOf(BRESLOV).db.select().from(mediaUploadParts).where(eq(mediaUploadParts.fileId, id))).length).toBe(0);
    // Completing twice is harmless.
    expect((await call(`/api/admin/files/${id}/complete`, { method: 'POST' })).status).toBe(200);
  });

  it('checks the first part’s magic bytes and aborts the whole upload when they are wrong', async () => {
    const size = PART_SIZE + 100;
    const { body } = await declare(course.courseId, { purpose: 'download', filename: 'archive.zip', contentType: 'application/zip', sizeBytes: size });
    const id = body.file.id as string;
    const uploadId = await uploadIdOf(id);
    expect((await call(`/api/admin/files/${id}/parts/2`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.zip, 100) })).status).toBe(200);
    const res = await call(`/api/admin/files/${id}/parts/1`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.exe, PART_SIZE) });
    expect((await expectErrorShape(res, 415, 'UNSUPPORTED_MEDIA_TYPE')).error.message).toMatch(/^“archive\.zip” is not a ZIP archive\. Nothing was stored\./);
    const [row] = await mediaDbOf(BRESLOV).db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
    expect(row).toMatchObject({ status: 'failed', multipartUploadId: null });
    expect((await mediaDbOf(BRESLOV).db.select().from(mediaUploadParts).where(eq(mediaUploadParts.fileId, id))).length).toBe(0);
    expect(await env.MEDIA.head(row!.key)).toBeNull();
    // R2 no longer has the upload: its parts are gone too.
    await expect(env.MEDIA.resumeMultipartUpload(row!.key, uploadId).uploadPart(2, 'x')).rejects.toThrow();
  });

  it('refuses parts of the wrong size or number, and single PUTs of multipart files', async () => {
    const size = PART_SIZE + 100;
    const { body } = await declare(course.courseId, { purpose: 'download', filename: 'p.pdf', contentType: 'application/pdf', sizeBytes: size });
    const id = body.file.id as string;
    expect((await call(`/api/admin/files/${id}/parts/3`, { method: 'PUT', bytes: 'x' })).status).toBe(400);
    expect((await call(`/api/admin/files/${id}/parts/0`, { method: 'PUT', bytes: 'x' })).status).toBe(400);
    expect((await call(`/api/admin/files/${id}/parts/2`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.pdf, 101) })).status).toBe(413);
    expect((await call(`/api/admin/files/${id}/content`, { method: 'PUT', bytes: 'x' })).status).toBe(409);
  });

  it('abort removes the upload, its parts and its record', async () => {
    const { body } = await declare(course.courseId, { purpose: 'download', filename: 'gone.pdf', contentType: 'application/pdf', sizeBytes: PART_SIZE + 5 });
    const id = body.file.id as string;
    const uploadId = await uploadIdOf(id);
    expect((await call(`/api/admin/files/${id}/parts/1`, { method: 'PUT', bytes: sampleFile(SAMPLE_HEADS.pdf, PART_SIZE) })).status).toBe(200);
    const res = await call(`/api/admin/files/${id}/abort`, { method: 'POST' });
    expect(await res.json()).toEqual({ aborted: true });
    expect((await call(`/api/admin/files/${id}`)).status).toBe(404);
    expect((await mediaDbOf(BRESLOV).db.select().from(mediaUploadParts).where(eq(mediaUploadParts.fileId, id))).length).toBe(0);
    const key = `schools/${BRESLOV.id}/download/${id}/gone.pdf`;
    await expect(env.MEDIA.resumeMultipartUpload(key, uploadId).uploadPart(2, 'x')).rejects.toThrow();
    expect((await auditOf(BRESLOV, id)).at(-1)!.action).toBe('media_file.upload_aborted');
    // A finished file is deleted, not aborted.
    const ready = await uploadReadyFile(BRESLOV, { courseId: course.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 50) });
    expect((await call(`/api/admin/files/${ready.id}/abort`, { method: 'POST' })).status).toBe(409);
  });
});

async function uploadIdOf(fileId: string): Promise<string> {
  const [row] = await mediaDbOf(BRESLOV).db.select({ id: mediaFiles.multipartUploadId }).from(mediaFiles).where(eq(mediaFiles.id, fileId));
  return row?.id ?? 'none';
}

describe('media library, covers and deleting', () => {
  it('lists the course’s files with what uses them; deleting a used file needs ?confirm=true', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{ title: 'Opening' }] }] });
    const lesson = c.allLessonIds[0]!;
    const sheet = await uploadReadyFile(BRESLOV, { courseId: c.courseId, lessonId: lesson, purpose: 'lesson_attachment', filename: 'sheet.pdf', bytes: sampleFile(SAMPLE_HEADS.pdf, 120) });
    const unused = await uploadReadyFile(BRESLOV, { courseId: c.courseId, purpose: 'download', filename: 'spare.txt', contentType: 'text/plain', bytes: sampleFile(SAMPLE_HEADS.txt, 80) });
    const attach = await call(`/api/admin/courses/${c.courseId}/downloads`, { method: 'POST', json: { fileId: sheet.id, title: 'Worksheet' } });
    expect(attach.status).toBe(201);
    const { download } = (await attach.json()) as Json;
    expect(download).toMatchObject({ lessonId: lesson, fileId: sheet.id, title: 'Worksheet', priceCents: null });

    const list = (await (await call(`/api/admin/courses/${c.courseId}/files`)).json()) as Json;
    expect(list.files.map((f: Json) => f.filename).sort()).toEqual(['sheet.pdf', 'spare.txt']);
    const byName = (name: string) => list.files.find((f: Json) => f.filename === name);
    expect(byName('sheet.pdf')).toMatchObject({ purpose: 'lesson_attachment', sizeBytes: 120, status: 'ready', usedBy: [{ kind: 'attachment', downloadId: download.id, title: 'Worksheet', lessonId: lesson, lessonTitle: 'Opening' }] });
    expect(byName('spare.txt').usedBy).toEqual([]);

    const refused = await call(`/api/admin/files/${sheet.id}`, { method: 'DELETE' });
    expect((await expectErrorShape(refused, 409, 'CONFLICT')).error.message).toBe(
      '“sheet.pdf” is in use: it is the attachment “Worksheet” on the lesson “Opening”. Deleting it removes that too; to go ahead, delete it again with ?confirm=true.',
    );
    expect(await (await call(`/api/admin/files/${unused.id}`, { method: 'DELETE' })).json()).toEqual({ deleted: true });
    const key = `schools/${BRESLOV.id}/lesson_attachment/${sheet.id}/sheet.pdf`;
    expect(await env.MEDIA.head(key)).not.toBeNull();
    expect((await call(`/api/admin/files/${sheet.id}?confirm=true`, { method: 'DELETE' })).status).toBe(200);
    expect(await env.MEDIA.head(key)).toBeNull();
    expect(await mediaDbOf(BRESLOV).db.select().from(downloads).where(eq(downloads.id, download.id))).toEqual([]);
    expect((await auditOf(BRESLOV, sheet.id)).at(-1)).toMatchObject({ action: 'media_file.deleted', metadata: { uses: [{ kind: 'attachment' }], after: null } });
  });

  it('serves a published course’s cover publicly with caching and ETag; a draft’s only to staff', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', status: 'draft', chapters: [{ lessons: [{}] }] });
    const png = sampleFile(SAMPLE_HEADS.png, 3000);
    const cover = await uploadReadyFile(BRESLOV, { courseId: c.courseId, purpose: 'course_cover', filename: 'cover.png', contentType: 'image/png', bytes: png });
    const set = await call(`/api/admin/courses/${c.courseId}/cover`, { method: 'PUT', json: { fileId: cover.id } });
    expect(await set.json()).toEqual({ course: { id: c.courseId, coverImageKey: `schools/${BRESLOV.id}/course_cover/${cover.id}/cover.png`, coverUrl: `/media/covers/${c.courseId}?v=${cover.id}` } });

    const url = `/media/covers/${c.courseId}`;
    expect((await request(host, url)).status).toBe(404);
    expect((await request(host, url, { headers: { cookie: await cookieFor(BRESLOV, 'student') } })).status).toBe(404);
    const staff = await request(host, url, { headers: { cookie: instructor } });
    expect(staff.status).toBe(200);
    expect(staff.headers.get('cache-control')).toBe('private, no-cache');
    await staff.arrayBuffer();

    await mediaDbOf(BRESLOV).db.update(courses).set({ status: 'published' }).where(eq(courses.id, c.courseId));
    const pub = await request(host, url);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('content-type')).toBe('image/png');
    expect(pub.headers.get('cache-control')).toBe('public, max-age=60');
    expect(pub.headers.get('content-length')).toBe('3000');
    expect(new Uint8Array(await pub.arrayBuffer())).toEqual(png);
    const etag = pub.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await request(host, url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect((await request(host, `${url}?v=${cover.id}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await request(hostOf(ACME), url)).status).toBe(404);

    // Not a cover: a pdf offered as a download cannot be made the cover.
    const pdf = await uploadReadyFile(BRESLOV, { courseId: c.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 50) });
    expect((await call(`/api/admin/courses/${c.courseId}/cover`, { method: 'PUT', json: { fileId: pdf.id } })).status).toBe(409);
    // A key set by hand to something that is not a cover file of this school serves nothing.
    await mediaDbOf(BRESLOV).db.update(courses).set({ coverImageKey: `schools/${ACME.id}/course_cover/x/y.png` }).where(eq(courses.id, c.courseId));
    expect((await request(host, url)).status).toBe(404);
    await mediaDbOf(BRESLOV).db.update(courses).set({ coverImageKey: `schools/${BRESLOV.id}/course_cover/${cover.id}/cover.png` }).where(eq(courses.id, c.courseId));
    const cleared = await call(`/api/admin/courses/${c.courseId}/cover`, { method: 'DELETE' });
    expect(((await cleared.json()) as Json).course).toEqual({ id: c.courseId, coverImageKey: null, coverUrl: null });
    expect((await request(host, url)).status).toBe(404);
    expect((await auditOf(BRESLOV, c.courseId)).map((a) => a.action)).toEqual(['course.cover_set', 'course.cover_cleared']);
  });

  it('deleting a lesson deletes its files, their downloads and R2 objects; deleting a course deletes all of its media', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', status: 'draft', chapters: [{ lessons: [{}, {}] }] });
    const [first, second] = c.allLessonIds as [string, string];
    const onFirst = await uploadReadyFile(BRESLOV, { courseId: c.courseId, lessonId: first, purpose: 'lesson_attachment', bytes: sampleFile(SAMPLE_HEADS.pdf, 100) });
    const onSecond = await uploadReadyFile(BRESLOV, { courseId: c.courseId, lessonId: second, purpose: 'lesson_attachment', bytes: sampleFile(SAMPLE_HEADS.pdf, 100) });
    const courseWide = await uploadReadyFile(BRESLOV, { courseId: c.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 100) });
    const cover = await uploadReadyFile(BRESLOV, { courseId: c.courseId, purpose: 'course_cover', filename: 'c.png', contentType: 'image/png', bytes: sampleFile(SAMPLE_HEADS.png, 100) });
    // The course-wide file is offered on the first lesson too; an unfinished multipart upload hangs off the second.
    await call(`/api/admin/courses/${c.courseId}/downloads`, { method: 'POST', json: { fileId: onFirst.id, title: 'One' } });
    const wideOnFirst = (await (await call(`/api/admin/courses/${c.courseId}/downloads`, { method: 'POST', json: { fileId: courseWide.id, title: 'Wide', lessonId: first } })).json()) as Json;
    await call(`/api/admin/courses/${c.courseId}/cover`, { method: 'PUT', json: { fileId: cover.id } });
    const unfinished = (await declare(c.courseId, { purpose: 'lesson_attachment', lessonId: second, filename: 'u.pdf', contentType: 'application/pdf', sizeBytes: PART_SIZE + 1 })).body.file;
    const keyOf = async (id: string) => (await mediaDbOf(BRESLOV).db.select({ key: mediaFiles.key }).from(mediaFiles).where(eq(mediaFiles.id, id)))[0]!.key;
    const keys = { first: await keyOf(onFirst.id), second: await keyOf(onSecond.id), wide: await keyOf(courseWide.id), cover: await keyOf(cover.id), unfinished: await keyOf(unfinished.id) };
    const unfinishedUpload = await uploadIdOf(unfinished.id);

    expect((await call(`/api/admin/lessons/${first}`, { method: 'DELETE' })).status).toBe(200);
    expect(await env.MEDIA.head(keys.first)).toBeNull();
    expect(await env.MEDIA.head(keys.wide)).not.toBeNull();
    const left = await mediaDbOf(BRESLOV).db.select().from(downloads).where(eq(downloads.courseId, c.courseId));
    expect(left.map((d) => d.id)).not.toContain(wideOnFirst.download.id);
    expect(left).toEqual([]);

    const owner = await cookieFor(BRESLOV, 'owner');
    expect((await call(`/api/admin/courses/${c.courseId}`, { method: 'DELETE', cookie: owner })).status).toBe(200);
    for (const key of [keys.second, keys.wide, keys.cover]) expect(await env.MEDIA.head(key)).toBeNull();
    await expect(env.MEDIA.resumeMultipartUpload(keys.unfinished, unfinishedUpload).uploadPart(1, 'x')).rejects.toThrow();
    expect(await mediaDbOf(BRESLOV).db.select().from(mediaFiles).where(eq(mediaFiles.courseId, c.courseId))).toEqual([]);
  });

  it('another school’s file or course is not found, and its object never leaves', async () => {
    const cookie = instructor;
    for (const path of [foreignFile, `${foreignCourse}/files`, `/media/covers/${acme.courseId}`]) {
      expect((await call(path, { cookie })).status).toBe(404);
    }
    expect((await call(`/api/admin/courses/${course.courseId}/downloads`, { method: 'POST', json: { fileId: acmeFile.id } })).status).toBe(404);
    expect((await call(`/api/admin/courses/${course.courseId}/cover`, { method: 'PUT', json: { fileId: acmeFile.id } })).status).toBe(404);
  });
});
