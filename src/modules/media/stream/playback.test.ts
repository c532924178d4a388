import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { transcripts } from '../../courses/schema.ts';
import { grant, learningDbOf, seedLearningCourse } from '../../learning/testing.ts';
import { demoMember } from '../../members/testing.ts';
import { signToken } from '../signed-token.ts';
import { renderWebVtt } from './captions.ts';
import { fakeMp4, staffCall, uploadLessonVideo } from './testing.ts';

const host = hostOf(BRESLOV);
const bytes = fakeMp4(42, 20_000);
type Playback = { kind: string; url: string; expiresAt: string; durationSeconds: number | null; preview: { limitSeconds: number; enforcedByServer: boolean } | null; captions: { language: string; url: string }[] };

function post(path: string, cookie?: string, h = host) {
  const headers: Record<string, string> = { accept: 'application/json', origin: `http://${h}` };
  if (cookie) headers.cookie = cookie;
  return request(h, path, { method: 'POST', headers });
}
function get(path: string, opts: { cookie?: string; range?: string; h?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.range) headers.range = opts.range;
  return request(opts.h ?? host, path, { headers });
}

let course: Awaited<ReturnType<typeof seedLearningCourse>>;
let preview: string;
let lesson: string;
let student: string;
let instructor: string;
beforeAll(async () => {
  course = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }, {}] }] });
  [preview, lesson] = course.allLessonIds as [string, string];
  await uploadLessonVideo(BRESLOV, preview, bytes);
  await uploadLessonVideo(BRESLOV, lesson, bytes);
  const sdb = learningDbOf(BRESLOV);
  const cues = [
    { start: 1, end: 4, text: 'Welcome --> to the lesson' },
    { start: 20, end: 25, text: 'Across the preview line' },
    { start: 30, end: 33, text: 'After the preview' },
  ];
  for (const id of [preview, lesson]) await sdb.db.insert(transcripts).values(sdb.withSchool({ lessonId: id, language: 'en', cues, plainText: cues.map((c) => c.text).join(' ') }));
  student = await cookieFor(BRESLOV, 'student');
  instructor = await cookieFor(BRESLOV, 'instructor');
});

describe('POST /api/lessons/:lessonId/playback', () => {
  it('is minted only for viewers the lesson is open to', async () => {
    await expectErrorShape(await post(`/api/lessons/${lesson}/playback`), 401, 'UNAUTHORIZED');
    const fresh = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{}] }] });
    await uploadLessonVideo(BRESLOV, fresh.allLessonIds[0]!, bytes);
    await expectErrorShape(await post(`/api/lessons/${fresh.allLessonIds[0]}/playback`, student), 403, 'FORBIDDEN');
    await expectErrorShape(await post(`/api/lessons/${crypto.randomUUID()}/playback`, student), 404, 'NOT_FOUND');

    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, fresh.courseId);
    const res = await post(`/api/lessons/${fresh.allLessonIds[0]}/playback`, student);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Playback;
    expect(body).toMatchObject({ kind: 'mp4', durationSeconds: 42, preview: null, captions: [] });
    expect(body.url).toMatch(/^\/media\/video\/v1\./);
    const ttl = new Date(body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(55 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);
    // The Stream uid and the simulator's unchecked watch URL never leave.
    expect(JSON.stringify(body)).not.toContain('__cf_local');
  });

  it('a preview lesson plays for anyone, with the policy’s preview limit for those without access', async () => {
    const anon = (await (await post(`/api/lessons/${preview}/playback`)).json()) as Playback;
    expect(anon).toMatchObject({ kind: 'mp4', preview: null });
    const owner = await cookieFor(BRESLOV, 'owner');
    const set = await staffCall(BRESLOV, `/api/admin/courses/${course.courseId}/protection`, { method: 'PUT', cookie: owner, contentType: 'application/json', body: JSON.stringify({ previewVideoSeconds: 21 }) });
    expect(set.status).toBe(200);

    const limited = (await (await post(`/api/lessons/${preview}/playback`)).json()) as Playback;
    expect(limited.preview).toEqual({ limitSeconds: 21, enforcedByServer: true });
    const share = Math.ceil((bytes.length * 21) / 42);
    const full = await get(limited.url);
    expect(full.status).toBe(200);
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(bytes.slice(0, share));
    const tail = await get(limited.url, { range: `bytes=${share - 10}-` });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${share - 10}-${share - 1}/${bytes.length}`);
    // The MP4's index sits after the media (no "faststart"): still readable, or nothing would play.
    const moovAt = bytes.length - (8 + 8 + 100); // moov header + mvhd box
    const index = await get(limited.url, { range: `bytes=${moovAt}-` });
    expect(index.status).toBe(206);
    expect(new Uint8Array(await index.arrayBuffer())).toEqual(bytes.slice(moovAt));
    // Between the share and the index: zeros, never the real bytes.
    const beyond = await get(limited.url, { range: `bytes=${share}-` });
    expect(beyond.status).toBe(206);
    expect(beyond.headers.get('content-range')).toBe(`bytes ${share}-${moovAt - 1}/${bytes.length}`);
    const hole = new Uint8Array(await beyond.arrayBuffer());
    expect(hole.length).toBe(moovAt - share);
    expect(hole.every((b) => b === 0)).toBe(true);
    expect(bytes.slice(share, moovAt).some((b) => b !== 0)).toBe(true);
    expect((await get(limited.url, { range: `bytes=${bytes.length}-` })).status).toBe(416);
    // Captions stop at the preview too.
    const vtt = await (await get(`/api/lessons/${preview}/captions/en.vtt`)).text();
    expect(vtt).toContain('Across the preview line');
    expect(vtt).toContain('00:00:20.000 --> 00:00:21.000');
    expect(vtt).not.toContain('After the preview');

    // Someone with access watches all of it; the other lesson stays locked for the anonymous.
    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, course.courseId);
    expect(((await (await post(`/api/lessons/${preview}/playback`, student)).json()) as Playback).preview).toBeNull();
    await expectErrorShape(await post(`/api/lessons/${lesson}/playback`), 401, 'UNAUTHORIZED');
  });
});

describe('GET /media/video/:token', () => {
  async function studentPlayback() {
    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, course.courseId);
    return (await (await post(`/api/lessons/${lesson}/playback`, student)).json()) as Playback;
  }

  it('streams the video with Range support for the viewer it was minted for', async () => {
    const { url } = await studentPlayback();
    const whole = await get(url, { cookie: student });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await whole.arrayBuffer())).toEqual(bytes);
    const part = await get(url, { cookie: student, range: 'bytes=10000-10099' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10000-10099/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(10000, 10100));
    const suffix = await get(url, { cookie: student, range: 'bytes=-5' });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(bytes.slice(-5));
  });

  it('rejects tampered, foreign-school, expired, over-long and other users’ tokens', async () => {
    const { url } = await studentPlayback();
    const token = url.slice('/media/video/'.length);
    const [v, kid, claims, sig] = token.split('.') as [string, string, string, string];
    const flipped = sig.slice(0, -2) + (sig.endsWith('AA') ? 'BA' : 'AA');
    await expectErrorShape(await get(`/media/video/${v}.${kid}.${claims}.${flipped}`, { cookie: student }), 404, 'NOT_FOUND');
    const payload = JSON.parse(atob(claims.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const forged = btoa(JSON.stringify({ ...payload, lim: undefined, les: 'x' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    await expectErrorShape(await get(`/media/video/${v}.${kid}.${forged}.${sig}`, { cookie: student }), 404, 'NOT_FOUND');
    await expectErrorShape(await get(`/media/video/garbage`, { cookie: student }), 404, 'NOT_FOUND');

    // Another user, or nobody, holding the student's link.
    await expectErrorShape(await get(url, { cookie: instructor }), 403, 'FORBIDDEN');
    await expectErrorShape(await get(url), 403, 'FORBIDDEN');

    // A genuine token from another school is nothing here.
    const acme = await seedLearningCourse(ACME, { accessLevel: 'public', chapters: [{ lessons: [{}] }] });
    await uploadLessonVideo(ACME, acme.allLessonIds[0]!, bytes);
    const acmeRes = await post(`/api/lessons/${acme.allLessonIds[0]}/playback`, undefined, hostOf(ACME));
    expect(acmeRes.status).toBe(200);
    const acmeUrl = ((await acmeRes.json()) as Playback).url;
    expect((await get(acmeUrl, { h: hostOf(ACME) })).status).toBe(200);
    await expectErrorShape(await get(acmeUrl), 404, 'NOT_FOUND');

    // Expired, and minted for longer than an hour, with our own key.
    const iat = Math.floor(Date.now() / 1000);
    const base = { ...payload };
    const expired = await signToken(env, { ...base, pur: 'playback', iat: iat - 3700, exp: iat - 100 });
    await expectErrorShape(await get(`/media/video/${expired}`, { cookie: student }), 403, 'FORBIDDEN');
    const longLived = await signToken(env, { ...base, pur: 'playback', iat, exp: iat + 2 * 3600 });
    await expectErrorShape(await get(`/media/video/${longLived}`, { cookie: student }), 404, 'NOT_FOUND');
    const download = await signToken(env, { ...base, pur: 'download', iat, exp: iat + 60 });
    await expectErrorShape(await get(`/media/video/${download}`, { cookie: student }), 404, 'NOT_FOUND');
  });
});

describe('captions and the lesson response', () => {
  it('serves transcripts as WebVTT behind the lesson’s access rule', async () => {
    await expectErrorShape(await get(`/api/lessons/${lesson}/captions/en.vtt`), 401, 'UNAUTHORIZED');
    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, course.courseId);
    const res = await get(`/api/lessons/${lesson}/captions/en.vtt`, { cookie: student });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await res.text()).toBe(
      'WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nWelcome → to the lesson\n\n2\n00:00:20.000 --> 00:00:25.000\nAcross the preview line\n\n3\n00:00:30.000 --> 00:00:33.000\nAfter the preview\n',
    );
    await expectErrorShape(await get(`/api/lessons/${lesson}/captions/fr.vtt`, { cookie: student }), 404, 'NOT_FOUND');
    await expectErrorShape(await get(`/api/lessons/${lesson}/captions/en.srt`, { cookie: student }), 400, 'BAD_REQUEST');
  });

  it('renders cue text so it cannot end a cue early', () => {
    expect(renderWebVtt([{ start: 0, end: 1.5, text: 'a\n\n\nb' }, { start: 2, end: 3, text: '   ' }])).toBe('WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.500\na\nb\n');
  });

  it('the open lesson carries its video status, duration, caption languages and protection', async () => {
    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, course.courseId);
    const res = await request(host, `/api/courses/${course.slug}/lessons/${lesson}`, { headers: { cookie: student } });
    const body = (await res.json()) as { lesson: { video: unknown }; protection: unknown };
    expect(body.lesson.video).toEqual({ status: 'ready', durationSeconds: 42, captions: ['en'] });
    expect(body.protection).toEqual({ copyMode: 'allow', downloadMode: 'entitled' });
  });
});
