import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { app } from '../../../app.ts';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { lessons } from '../../courses/schema.ts';
import { grant, learningDbOf, seedLearningCourse } from '../../learning/testing.ts';
import { demoMember } from '../../members/testing.ts';
import { fromBase64Url } from '../signed-token.ts';
import { streamVideoEventHandler } from './consumer.ts';
import { PREVIEW_PREPARING } from './preview-clips.ts';
import { streamPreviewClips } from './schema.ts';
import { fakeMp4, staffCall, uploadLessonVideo } from './testing.ts';
import { STREAM_VIDEO_EVENT } from './webhook.ts';

// Production preview playback through Stream clips. The Stream API (api.cloudflare.com) is
// an in-memory fake behind a fetch spy; lesson videos go in through the local upload flow
// (the simulator), then playback is asked with a production environment.

type School = typeof BRESLOV;
type Playback = { kind: string; url: string; preview: { limitSeconds: number; enforcedByServer: boolean } | null };
type FakeClip = { uid: string; source: string; seconds: number; meta: Record<string, string>; state: string };

const ACCOUNT = 'acct-test';
const API_TOKEN = 'stream-api-token';
const API = `https://api.cloudflare.com/client/v4/accounts/${ACCOUNT}/stream`;

/** The Stream API as clips use it: create, read, delete. */
function interceptStreamApi() {
  const clips = new Map<string, FakeClip>();
  const calls: { method: string; url: string; auth: string | null; body: unknown }[] = [];
  const deleted: string[] = [];
  const passThrough = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith('https://api.cloudflare.com/')) return passThrough(input, init);
    const text = await request.text();
    calls.push({ method: request.method, url: request.url, auth: request.headers.get('authorization'), body: text ? JSON.parse(text) : null });
    const video = (c: FakeClip) => ({ uid: c.uid, clippedFromVideoUID: c.source, readyToStream: c.state === 'ready', status: { state: c.state }, meta: c.meta, duration: c.state === 'ready' ? c.seconds : -1 });
    if (request.method === 'POST' && request.url === `${API}/clip`) {
      const body = JSON.parse(text) as { clippedFromVideoUID: string; endTimeSeconds: number; meta: Record<string, string> };
      const clip = { uid: `clip${crypto.randomUUID().replace(/-/g, '')}`, source: body.clippedFromVideoUID, seconds: body.endTimeSeconds, meta: body.meta, state: 'queued' };
      clips.set(clip.uid, clip);
      return Response.json({ success: true, errors: [], messages: [], result: video(clip) });
    }
    const uid = request.url.startsWith(`${API}/`) ? decodeURIComponent(request.url.slice(API.length + 1)) : '';
    const clip = clips.get(uid);
    if (!clip) return Response.json({ success: false, errors: [{ code: 10005, message: 'video not found' }], result: null }, { status: 404 });
    if (request.method === 'GET') return Response.json({ success: true, errors: [], result: video(clip) });
    if (request.method === 'DELETE') {
      clips.delete(uid);
      deleted.push(uid);
      return new Response(null, { status: 200 });
    }
    return Response.json({ success: false, errors: [{ code: 0, message: 'not faked' }] }, { status: 400 });
  });
  return {
    clips,
    calls,
    deleted,
    made: () => calls.filter((c) => c.method === 'POST'),
    readyAll: () => clips.forEach((c) => (c.state = 'ready')),
  };
}

async function signingKey() {
  const pair = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  return btoa(JSON.stringify(await crypto.subtle.exportKey('jwk', pair.privateKey)));
}

let jwk: string;
const production = (over: Record<string, unknown> = {}) => ({
  ...env,
  ENVIRONMENT: 'production',
  STREAM_SIGNING_KEY_ID: 'kid-test',
  STREAM_SIGNING_KEY_JWK: jwk,
  STREAM_CUSTOMER_SUBDOMAIN: 'customer-test.cloudflarestream.com',
  STREAM_ACCOUNT_ID: ACCOUNT,
  STREAM_API_TOKEN: API_TOKEN,
  ...over,
});

/** POST …/playback as production answers it; cookies are the production (__Host-) ones. */
function playback(lessonId: string, opts: { cookie?: string; school?: School; env?: Record<string, unknown> } = {}) {
  const host = hostOf(opts.school ?? BRESLOV);
  const headers: Record<string, string> = { accept: 'application/json', origin: `http://${host}` };
  if (opts.cookie) headers.cookie = opts.cookie.replace(/^lectern_session=/, '__Host-lectern_session=');
  return app.fetch(new Request(`http://${host}/api/lessons/${lessonId}/playback`, { method: 'POST', headers }), opts.env ?? production());
}

/** The Stream uid a playback URL's token opens. */
function tokenSubject(url: string): string {
  const token = new URL(url).pathname.split('/')[1]!;
  return (JSON.parse(new TextDecoder().decode(fromBase64Url(token.split('.')[1]!)!)) as { sub: string }).sub;
}

const videoUidOf = async (lessonId: string) => (await learningDbOf(BRESLOV).db.select({ ref: lessons.videoRef }).from(lessons).where(eq(lessons.id, lessonId)))[0]!.ref!;
const clipRowsOf = (lessonId: string) => learningDbOf(BRESLOV).db.select().from(streamPreviewClips).where(eq(streamPreviewClips.lessonId, lessonId));

async function setPreviewSeconds(courseId: string, seconds: number | null) {
  const res = await staffCall(BRESLOV, `/api/admin/courses/${courseId}/protection`, { method: 'PUT', cookie: await cookieFor(BRESLOV, 'owner'), contentType: 'application/json', body: JSON.stringify({ previewVideoSeconds: seconds }) });
  expect(res.status).toBe(200);
}

/** A free course whose first lesson is a preview with a 42-second video, preview limited to `seconds`. */
async function previewLesson(seconds: number | null = 21) {
  const course = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }, {}] }] });
  const lessonId = course.allLessonIds[0]!;
  await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(42, 8000));
  if (seconds !== null) await setPreviewSeconds(course.courseId, seconds);
  return { course, lessonId, videoUid: await videoUidOf(lessonId) };
}

let api: ReturnType<typeof interceptStreamApi>;
beforeAll(async () => {
  jwk = await signingKey();
});
beforeEach(() => {
  api = interceptStreamApi();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('production preview playback (Stream clips)', () => {
  it('a preview viewer gets a token for a clip of the first N seconds, never for the video', async () => {
    const { lessonId, videoUid } = await previewLesson(21);

    // First viewer: the clip is cut, and the viewer is told to come back; no video URL at all.
    const first = await playback(lessonId);
    const refused = await expectErrorShape(first, 409, 'CONFLICT');
    expect(JSON.stringify(refused)).toContain(PREVIEW_PREPARING);
    expect(JSON.stringify(refused)).not.toContain(videoUid);
    expect(api.made()).toHaveLength(1);
    const [made] = api.made();
    expect(made!.auth).toBe(`Bearer ${API_TOKEN}`);
    expect(made!.body).toMatchObject({ clippedFromVideoUID: videoUid, startTimeSeconds: 0, endTimeSeconds: 21, requireSignedURLs: true, meta: { schoolId: BRESLOV.id, lessonId } });
    const clipUid = [...api.clips.keys()][0]!;

    // Still processing: asked again, Stream is read, still no URL.
    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    expect(api.calls.some((c) => c.method === 'GET' && c.url.endsWith(`/${clipUid}`))).toBe(true);

    // Ready: the token opens the clip only.
    api.readyAll();
    const res = await playback(lessonId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Playback;
    expect(body.kind).toBe('hls');
    expect(body.url).toMatch(/^https:\/\/customer-test\.cloudflarestream\.com\/[\w-]+\.[\w-]+\.[\w-]+\/manifest\/video\.m3u8$/);
    expect(tokenSubject(body.url)).toBe(clipUid);
    expect(body.preview).toEqual({ limitSeconds: 21, enforcedByServer: true });
    expect(JSON.stringify(body)).not.toContain(videoUid);
    expect(await clipRowsOf(lessonId)).toMatchObject([{ sourceUid: videoUid, seconds: 21, clipUid, status: 'ready' }]);

    // Another anonymous viewer and a signed-in student without access: the same clip, not cut again.
    const again = (await (await playback(lessonId)).json()) as Playback;
    expect(tokenSubject(again.url)).toBe(clipUid);
    const student = await cookieFor(BRESLOV, 'student');
    const signedIn = (await (await playback(lessonId, { cookie: student })).json()) as Playback;
    expect(tokenSubject(signedIn.url)).toBe(clipUid);
    expect(api.made()).toHaveLength(1);
  });

  it('entitled learners and staff get the whole video, with no clip', async () => {
    const { course, lessonId, videoUid } = await previewLesson(21);
    await grant(BRESLOV, demoMember(BRESLOV, 'student').userId, course.courseId);
    for (const role of ['student', 'instructor'] as const) {
      const res = await playback(lessonId, { cookie: await cookieFor(BRESLOV, role) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as Playback;
      expect(tokenSubject(body.url)).toBe(videoUid);
      expect(body.preview).toBeNull();
    }
    expect(api.calls).toHaveLength(0);
  });

  it('a new preview length makes a new clip and deletes the old one', async () => {
    const { course, lessonId, videoUid } = await previewLesson(21);
    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    api.readyAll();
    const old = tokenSubject(((await (await playback(lessonId)).json()) as Playback).url);

    await setPreviewSeconds(course.courseId, 30);
    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    expect(api.made()).toHaveLength(2);
    expect(api.made()[1]!.body).toMatchObject({ clippedFromVideoUID: videoUid, endTimeSeconds: 30 });
    expect(api.deleted).toEqual([old]);
    const rows = await clipRowsOf(lessonId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seconds: 30, status: 'processing' });

    api.readyAll();
    const body = (await (await playback(lessonId)).json()) as Playback;
    expect(tokenSubject(body.url)).toBe(rows[0]!.clipUid);
    expect(body.preview).toEqual({ limitSeconds: 30, enforcedByServer: true });
  });

  it('a replaced video drops its clips; the next preview is cut from the new video', async () => {
    const { lessonId, videoUid } = await previewLesson(21);
    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    expect(await clipRowsOf(lessonId)).toHaveLength(1);

    await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(50, 9000));
    const replacement = await videoUidOf(lessonId);
    expect(replacement).not.toBe(videoUid);
    expect(await clipRowsOf(lessonId)).toHaveLength(0);

    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    expect(api.made().at(-1)!.body).toMatchObject({ clippedFromVideoUID: replacement, endTimeSeconds: 21 });
  });

  it('a clip’s status also arrives through the Stream webhook’s queue consumer', async () => {
    const { lessonId } = await previewLesson(21);
    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    const [row] = await clipRowsOf(lessonId);
    await streamVideoEventHandler()(
      { type: STREAM_VIDEO_EVENT, schoolId: BRESLOV.id, uid: row!.clipUid, status: 'ready', durationSeconds: 21, errorMessage: null, signedAt: Math.floor(Date.now() / 1000) },
      env as never,
    );
    expect((await clipRowsOf(lessonId))[0]!.status).toBe('ready');
    // Ready in our records: no need to ask Stream (the fake still says queued).
    const gets = api.calls.filter((c) => c.method === 'GET').length;
    const body = (await (await playback(lessonId)).json()) as Playback;
    expect(tokenSubject(body.url)).toBe(row!.clipUid);
    expect(api.calls.filter((c) => c.method === 'GET')).toHaveLength(gets);
  });

  it('a clip Stream failed is dropped and cut again, never replaced by the video', async () => {
    const { lessonId, videoUid } = await previewLesson(21);
    await expectErrorShape(await playback(lessonId), 409, 'CONFLICT');
    const first = [...api.clips.values()][0]!;
    first.state = 'error';
    const res = await playback(lessonId);
    const body = await expectErrorShape(res, 409, 'CONFLICT');
    expect(JSON.stringify(body)).not.toContain(videoUid);
    expect(api.deleted).toContain(first.uid);
    expect(api.made()).toHaveLength(2);
  });

  it('without Stream API credentials a limited preview is refused with 503, and nothing is asked', async () => {
    const { lessonId, videoUid } = await previewLesson(21);
    for (const missing of [{ STREAM_ACCOUNT_ID: undefined }, { STREAM_API_TOKEN: undefined }]) {
      const res = await playback(lessonId, { env: production(missing) });
      const body = await expectErrorShape(res, 503, 'UNAVAILABLE');
      expect(JSON.stringify(body)).not.toContain(videoUid);
    }
    expect(api.calls).toHaveLength(0);
    // Entitled viewers are not affected.
    const owner = await cookieFor(BRESLOV, 'owner');
    expect(tokenSubject(((await (await playback(lessonId, { cookie: owner, env: production({ STREAM_API_TOKEN: undefined }) })).json()) as Playback).url)).toBe(videoUid);
  });

  it('without a preview limit, or a video no longer than it, the preview is the whole video', async () => {
    const unlimited = await previewLesson(null);
    const body = (await (await playback(unlimited.lessonId)).json()) as Playback;
    expect(tokenSubject(body.url)).toBe(unlimited.videoUid);
    expect(body.preview).toBeNull();

    const long = await previewLesson(43);
    const whole = (await (await playback(long.lessonId)).json()) as Playback;
    expect(tokenSubject(whole.url)).toBe(long.videoUid);
    expect(whole.preview).toEqual({ limitSeconds: 43, enforcedByServer: true });
    expect(api.calls).toHaveLength(0);
  });

  it('another school’s preview lesson is not found here', async () => {
    const acme = await seedLearningCourse(ACME, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }] }] });
    await uploadLessonVideo(ACME, acme.allLessonIds[0]!, fakeMp4(42, 8000));
    await expectErrorShape(await playback(acme.allLessonIds[0]!), 404, 'NOT_FOUND');
    expect(api.calls).toHaveLength(0);
  });
});
