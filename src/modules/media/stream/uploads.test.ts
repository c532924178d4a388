import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { auditLogs } from '../../audit/schema.ts';
import { lessons } from '../../courses/schema.ts';
import { learningDbOf, seedLearningCourse } from '../../learning/testing.ts';
import { streamUploads } from '../schema.ts';
import { fakeMp4, staffCall, uploadLessonVideo } from './testing.ts';

const stream = () => env.STREAM!;
const gone = async (uid: string) => stream().video(uid).details().then(() => false, () => true);

// Fixed ids so the shared security suite (declared synchronously) can name real objects.
const SUITE = { lesson: crypto.randomUUID(), acmeLesson: crypto.randomUUID(), uploadLesson: crypto.randomUUID(), upload: crypto.randomUUID(), acmeUpload: crypto.randomUUID() };
beforeAll(async () => {
  await seedLearningCourse(BRESLOV, { chapters: [{ lessons: [{ id: SUITE.lesson, status: 'draft' }, { id: SUITE.uploadLesson, status: 'draft' }] }] });
  await seedLearningCourse(ACME, { chapters: [{ lessons: [{ id: SUITE.acmeLesson, status: 'draft' }] }] });
  for (const [school, id, lessonId] of [[BRESLOV, SUITE.upload, SUITE.uploadLesson], [ACME, SUITE.acmeUpload, SUITE.acmeLesson]] as const) {
    const sdb = learningDbOf(school);
    await sdb.db.insert(streamUploads).values(sdb.withSchool({ id, lessonId, filename: 'x.mp4', sizeBytes: 10, createdBy: 'seed' }));
  }
});

const body = { filename: 'a.mp4', sizeBytes: 1000, contentType: 'video/mp4' };
describeAccessRules('POST /api/admin/lessons/:id/video', { method: 'POST', path: `/api/admin/lessons/${SUITE.lesson}/video`, body, minimumRole: 'instructor', foreignPath: `/api/admin/lessons/${SUITE.acmeLesson}/video` });
describeAccessRules('GET /api/admin/lessons/:id/video', { method: 'GET', path: `/api/admin/lessons/${SUITE.lesson}/video`, minimumRole: 'instructor', foreignPath: `/api/admin/lessons/${SUITE.acmeLesson}/video` });
describeAccessRules('DELETE /api/admin/lessons/:id/video', { method: 'DELETE', path: `/api/admin/lessons/${SUITE.lesson}/video`, minimumRole: 'instructor', foreignPath: `/api/admin/lessons/${SUITE.acmeLesson}/video` });
describeAccessRules('PUT /api/admin/video-uploads/:id', { method: 'PUT', path: `/api/admin/video-uploads/${SUITE.upload}`, body: {}, minimumRole: 'instructor', foreignPath: `/api/admin/video-uploads/${SUITE.acmeUpload}` });

async function lessonFixture(status: 'draft' | 'published' = 'draft') {
  const c = await seedLearningCourse(BRESLOV, { chapters: [{ lessons: [{ status }] }] });
  return c.allLessonIds[0]!;
}
const videoRefOf = async (lessonId: string) => (await learningDbOf(BRESLOV).db.select({ v: lessons.videoRef }).from(lessons).where(eq(lessons.id, lessonId)))[0]!.v;

describe('local upload through the Worker into the Stream simulator', () => {
  it('uploading → processing → ready, with the duration read from the file and the lesson pointing at the video', async () => {
    const lessonId = await lessonFixture();
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const bytes = fakeMp4(42);
    const start = await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'POST', cookie, contentType: 'application/json', body: JSON.stringify({ filename: 'lecture.mp4', sizeBytes: bytes.length, contentType: 'video/mp4' }) });
    expect(start.status).toBe(201);
    const started = (await start.json()) as { upload: { id: string; status: string }; transfer: Record<string, unknown> };
    expect(started.upload.status).toBe('uploading');
    expect(started.transfer).toEqual({ protocol: 'put', method: 'PUT', url: `/api/admin/video-uploads/${started.upload.id}`, headers: { 'content-type': 'video/mp4' } });

    const put = await staffCall(BRESLOV, started.transfer.url as string, { method: 'PUT', cookie, contentType: 'video/mp4', body: bytes });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { upload: Record<string, unknown> }).upload).toMatchObject({ status: 'processing', durationSeconds: 42, sizeBytes: bytes.length });
    const [row] = await learningDbOf(BRESLOV).db.select().from(streamUploads).where(eq(streamUploads.id, started.upload.id));
    const details = await stream().video(row!.streamUid!).details();
    expect(details).toMatchObject({ requireSignedURLs: true, size: bytes.length, meta: { schoolId: BRESLOV.id, lessonId, uploadId: started.upload.id, contentType: 'video/mp4' } });
    expect(await videoRefOf(lessonId)).toBe(row!.streamUid);

    // The simulator has no processing step: the first poll finds it ready.
    const poll = await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'GET', cookie });
    const state = (await poll.json()) as { video: Record<string, unknown>; upload: unknown };
    expect(state.video).toMatchObject({ id: started.upload.id, status: 'ready', durationSeconds: 42, filename: 'lecture.mp4' });
    expect(state.upload).toBeNull();
    expect(JSON.stringify(state)).not.toContain(row!.streamUid!);

    const again = await staffCall(BRESLOV, started.transfer.url as string, { method: 'PUT', cookie, contentType: 'video/mp4', body: bytes });
    await expectErrorShape(again, 409, 'CONFLICT');
    const audits = await learningDbOf(BRESLOV).db.select({ action: auditLogs.action }).from(auditLogs).where(eq(auditLogs.entityId, lessonId));
    expect(audits.map((a) => a.action).sort()).toEqual(['lesson_video.upload_started', 'lesson_video.uploaded']);
  });

  it('a new upload replaces the video only once it is ready, then the old one is deleted from Stream', async () => {
    const lessonId = await lessonFixture();
    await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(10));
    const first = (await videoRefOf(lessonId))!;
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const bytes = fakeMp4(20);
    const start = await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'POST', cookie, contentType: 'application/json', body: JSON.stringify({ filename: 'v2.mp4', sizeBytes: bytes.length, contentType: 'video/mp4' }) });
    const { transfer } = (await start.json()) as { transfer: { url: string } };
    await staffCall(BRESLOV, transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body: bytes });
    // Still processing as far as we know: the lesson keeps its first video.
    expect(await videoRefOf(lessonId)).toBe(first);
    const state = (await (await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'GET', cookie })).json()) as { video: { filename: string; durationSeconds: number } };
    expect(state.video).toMatchObject({ filename: 'v2.mp4', durationSeconds: 20 });
    expect(await videoRefOf(lessonId)).not.toBe(first);
    expect(await gone(first)).toBe(true);
    expect(await learningDbOf(BRESLOV).db.select().from(streamUploads).where(eq(streamUploads.lessonId, lessonId))).toHaveLength(1);
  });

  it('starting a new upload supersedes one still in flight', async () => {
    const lessonId = await lessonFixture();
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const start = (n: number) => staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'POST', cookie, contentType: 'application/json', body: JSON.stringify({ filename: `v${n}.mp4`, sizeBytes: 100, contentType: 'video/mp4' }) });
    const a = (await (await start(1)).json()) as { transfer: { url: string } };
    await start(2);
    const put = await staffCall(BRESLOV, a.transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body: fakeMp4(1).slice(0, 100) });
    const err = await expectErrorShape(put, 409, 'CONFLICT');
    expect(err.error.message).toContain('newer upload');
  });

  it('refuses what is not an allowed video, by declared type, size or magic bytes', async () => {
    const lessonId = await lessonFixture();
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const start = (b: unknown) => staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'POST', cookie, contentType: 'application/json', body: JSON.stringify(b) });
    await expectErrorShape(await start({ filename: 'a.avi', sizeBytes: 10, contentType: 'video/x-msvideo' }), 400, 'BAD_REQUEST');
    await expectErrorShape(await start({ filename: 'a.mp4', sizeBytes: 5 * 1024 ** 3, contentType: 'video/mp4' }), 400, 'BAD_REQUEST');
    await expectErrorShape(await start({ filename: '', sizeBytes: 10, contentType: 'video/mp4' }), 400, 'BAD_REQUEST');

    const begin = async (size: number) => ((await (await start({ filename: 'a.mp4', sizeBytes: size, contentType: 'video/mp4' })).json()) as { upload: { id: string }; transfer: { url: string } });
    // A PDF renamed to .mp4.
    const pdf = new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(200));
    const fake = await begin(pdf.length);
    const wrongMagic = await staffCall(BRESLOV, fake.transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body: pdf });
    expect((await expectErrorShape(wrongMagic, 400, 'BAD_REQUEST')).error.message).toContain('not an MP4');
    // WebM bytes sent as MP4.
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, ...new Uint8Array(60)]);
    const mislabelled = await begin(webm.length);
    await expectErrorShape(await staffCall(BRESLOV, mislabelled.transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body: webm }), 400, 'BAD_REQUEST');
    // More bytes than declared, sent without a Content-Length (a stream of unknown length):
    // caught by the exact-length stream while the bytes flow, and the upload is failed.
    const bytes = fakeMp4(3);
    const small = await begin(100);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 50));
        controller.enqueue(bytes.slice(50));
        controller.close();
      },
    });
    const oversized = await staffCall(BRESLOV, small.transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body });
    expect((await expectErrorShape(oversized, 400, 'BAD_REQUEST')).error.message).toMatch(/larger than|did not arrive whole/);
    const [row] = await learningDbOf(BRESLOV).db.select().from(streamUploads).where(eq(streamUploads.id, small.upload.id));
    expect(row).toMatchObject({ status: 'error', streamUid: null });
    // Fewer bytes than declared: the exact-length stream refuses to end early.
    const big = await begin(bytes.length + 1000);
    const short = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(bytes), c.close()) });
    const truncated = await staffCall(BRESLOV, big.transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body: short });
    expect((await expectErrorShape(truncated, 400, 'BAD_REQUEST')).error.message).toContain('did not arrive whole');
    const [shortRow] = await learningDbOf(BRESLOV).db.select().from(streamUploads).where(eq(streamUploads.id, big.upload.id));
    expect(shortRow).toMatchObject({ status: 'error', streamUid: null });
    // Declared by Content-Length as larger than the upload was started for.
    const declared = await begin(50);
    await expectErrorShape(await staffCall(BRESLOV, declared.transfer.url, { method: 'PUT', cookie, contentType: 'video/mp4', body: bytes }), 400, 'BAD_REQUEST');
    // Not a video content type at all.
    const typed = await begin(bytes.length);
    await expectErrorShape(await staffCall(BRESLOV, typed.transfer.url, { method: 'PUT', cookie, contentType: 'application/octet-stream', body: bytes }), 400, 'BAD_REQUEST');
    expect(await videoRefOf(lessonId)).toBeNull();
  });

  it('deleting the video of a published lesson needs confirmation; it leaves Stream and the lesson', async () => {
    const lessonId = await lessonFixture('published');
    await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(5));
    const uid = (await videoRefOf(lessonId))!;
    const cookie = await cookieFor(BRESLOV, 'instructor');
    await expectErrorShape(await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'DELETE', cookie }), 409, 'CONFLICT');
    expect(await gone(uid)).toBe(false);
    const res = await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video?confirm=true`, { method: 'DELETE', cookie });
    expect(res.status).toBe(200);
    expect(await videoRefOf(lessonId)).toBeNull();
    expect(await gone(uid)).toBe(true);
    const state = (await (await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}/video`, { method: 'GET', cookie })).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ video: null, upload: null });
  });

  it('deleting the lesson deletes its video from Stream and its upload rows', async () => {
    const lessonId = await lessonFixture();
    await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(5));
    const uid = (await videoRefOf(lessonId))!;
    const res = await staffCall(BRESLOV, `/api/admin/lessons/${lessonId}`, { method: 'DELETE', cookie: await cookieFor(BRESLOV, 'instructor') });
    expect(res.status).toBe(200);
    expect(await gone(uid)).toBe(true);
    expect(await learningDbOf(BRESLOV).db.select().from(streamUploads).where(eq(streamUploads.lessonId, lessonId))).toEqual([]);
  });

  it('deleting a draft course deletes its lessons’ videos from Stream and their upload rows', async () => {
    const c = await seedLearningCourse(BRESLOV, { status: 'draft', chapters: [{ status: 'draft', lessons: [{ status: 'draft' }, { status: 'draft' }] }] });
    const uids = [];
    for (const lessonId of c.allLessonIds) {
      await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(5));
      uids.push((await videoRefOf(lessonId))!);
    }
    const res = await staffCall(BRESLOV, `/api/admin/courses/${c.courseId}`, { method: 'DELETE', cookie: await cookieFor(BRESLOV, 'owner') });
    expect(res.status).toBe(200);
    for (const uid of uids) expect(await gone(uid)).toBe(true);
    expect(await learningDbOf(BRESLOV).db.select().from(streamUploads).where(inArray(streamUploads.lessonId, c.allLessonIds))).toEqual([]);
  });
});
