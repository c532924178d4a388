import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { app } from '../../../app.ts';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { lessons } from '../../courses/schema.ts';
import { learningDbOf, seedLearningCourse } from '../../learning/testing.ts';
import { streamUploads } from '../schema.ts';
import { streamVideoEventHandler } from './consumer.ts';
import { STREAM_VIDEO_EVENT, verifyStreamSignature } from './webhook.ts';

const SECRET = 'stream-webhook-test-secret';
const now = () => Math.floor(Date.now() / 1000);

async function hmacHex(message: string, secret = SECRET) {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
  return [...sig].map((b) => b.toString(16).padStart(2, '0')).join('');
}
const signatureFor = async (body: string, time = now()) => `time=${time},sig1=${await hmacHex(`${time}.${body}`)}`;

type Sent = unknown[];
function queue(sent: Sent, fail = false) {
  return { send: async (m: unknown) => (fail ? Promise.reject(new Error('queue down')) : void sent.push(m)), sendBatch: async () => undefined } as unknown as Queue<unknown>;
}

/** POST /webhooks/stream on the platform host, with the secret set and EVENTS recorded. */
function deliver(body: string, signature: string | null, sent: Sent, opts: { host?: string; failQueue?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['webhook-signature'] = signature;
  return app.fetch(new Request(`http://${opts.host ?? 'localhost'}/webhooks/stream`, { method: 'POST', headers, body }), { ...env, STREAM_WEBHOOK_SECRET: SECRET, EVENTS: queue(sent, opts.failQueue) });
}

async function uploadFixture(status: 'uploading' | 'processing' = 'processing') {
  const c = await seedLearningCourse(BRESLOV, { chapters: [{ lessons: [{}] }] });
  const lessonId = c.allLessonIds[0]!;
  const uid = `vid-${crypto.randomUUID().replace(/-/g, '')}`;
  const id = crypto.randomUUID();
  const sdb = learningDbOf(BRESLOV);
  await sdb.db.insert(streamUploads).values(sdb.withSchool({ id, lessonId, streamUid: uid, filename: 'a.mp4', sizeBytes: 10, status, createdBy: 'seed' }));
  return { lessonId, uid, id };
}
const notification = (uid: string, state: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ uid, readyToStream: state === 'ready', status: { state, pctComplete: '100.000000', errorReasonCode: '', errorReasonText: '' }, duration: 61.4, meta: { schoolId: BRESLOV.id, lessonId: 'x', uploadId: 'y' }, ...extra });
const rowOf = async (id: string) => (await learningDbOf(BRESLOV).db.select().from(streamUploads).where(eq(streamUploads.id, id)))[0]!;

describe('Stream webhook signature', () => {
  it('accepts a genuine, fresh signature and refuses every tampering', async () => {
    const body = notification('abc', 'ready');
    const t = now();
    const at = new Date(t * 1000);
    expect(await verifyStreamSignature(SECRET, await signatureFor(body, t), body, at)).toMatchObject({ ok: true, time: t });
    expect(await verifyStreamSignature(SECRET, await signatureFor(body, t), body.replace('ready', 'error'), at)).toMatchObject({ ok: false, status: 401 });
    const sig = await signatureFor(body, t);
    const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
    expect(await verifyStreamSignature(SECRET, flipped, body, at)).toMatchObject({ ok: false, status: 401 });
    expect(await verifyStreamSignature('another-secret', sig, body, at)).toMatchObject({ ok: false, status: 401 });
    expect(await verifyStreamSignature(SECRET, null, body, at)).toMatchObject({ ok: false, status: 401 });
    expect(await verifyStreamSignature(SECRET, 'sig1=abc', body, at)).toMatchObject({ ok: false, status: 401 });
    // The time is signed too: moving it breaks the signature; an old genuine one is stale.
    expect(await verifyStreamSignature(SECRET, sig.replace(`time=${t}`, `time=${t + 1}`), body, at)).toMatchObject({ ok: false, status: 401 });
    expect(await verifyStreamSignature(SECRET, await signatureFor(body, t - 301), body, at)).toMatchObject({ ok: false, status: 400 });
    expect(await verifyStreamSignature(SECRET, await signatureFor(body, t + 301), body, at)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('POST /webhooks/stream', () => {
  it('enqueues a genuine delivery once, and the consumer moves the upload to ready', async () => {
    const { id, uid, lessonId } = await uploadFixture();
    const body = notification(uid, 'ready');
    const sent: Sent = [];
    const signature = await signatureFor(body);
    const res = await deliver(body, signature, sent);
    expect(res.status).toBe(200);
    expect(sent).toEqual([{ type: STREAM_VIDEO_EVENT, schoolId: BRESLOV.id, uid, status: 'ready', durationSeconds: 61, errorMessage: null, signedAt: expect.any(Number) }]);
    await streamVideoEventHandler()(sent[0], env);
    expect(await rowOf(id)).toMatchObject({ status: 'ready', durationSeconds: 61 });
    const [lesson] = await learningDbOf(BRESLOV).db.select({ videoRef: lessons.videoRef }).from(lessons).where(eq(lessons.id, lessonId));
    expect(lesson!.videoRef).toBe(uid);

    // The same delivery again (a replay): refused, nothing enqueued.
    await expectErrorShape(await deliver(body, signature, sent), 400, 'BAD_REQUEST');
    expect(sent).toHaveLength(1);
  });

  it('refuses tampered, stale, unsigned and mis-signed deliveries, enqueueing nothing', async () => {
    const { uid } = await uploadFixture();
    const body = notification(uid, 'ready');
    const sent: Sent = [];
    await expectErrorShape(await deliver(body.replace('61.4', '9999'), await signatureFor(body), sent), 401, 'UNAUTHORIZED');
    const sig = await signatureFor(body);
    await expectErrorShape(await deliver(body, sig.replace(/sig1=(.)/, (_, c: string) => `sig1=${c === 'a' ? 'b' : 'a'}`), sent), 401, 'UNAUTHORIZED');
    await expectErrorShape(await deliver(body, await signatureFor(body, now() - 600), sent), 400, 'BAD_REQUEST');
    await expectErrorShape(await deliver(body, null, sent), 401, 'UNAUTHORIZED');
    await expectErrorShape(await deliver('not json', await signatureFor('not json'), sent), 400, 'BAD_REQUEST');
    expect(sent).toEqual([]);
  });

  it('answers 503 when the queue refuses, and then accepts the retry of the same delivery', async () => {
    const { uid } = await uploadFixture();
    const body = notification(uid, 'ready');
    const signature = await signatureFor(body);
    const sent: Sent = [];
    await expectErrorShape(await deliver(body, signature, sent, { failQueue: true }), 503, 'UNAVAILABLE');
    expect((await deliver(body, signature, sent)).status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  it('acknowledges videos that are not Lectern’s and only answers on the platform host', async () => {
    const sent: Sent = [];
    const foreign = JSON.stringify({ uid: 'x', readyToStream: true, status: { state: 'ready' }, meta: {} });
    const res = await deliver(foreign, await signatureFor(foreign), sent);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, enqueued: false });
    const body = notification('y', 'ready');
    expect((await deliver(body, await signatureFor(body), sent, { host: 'breslov.localhost' })).status).toBe(404);
    expect(sent).toEqual([]);
  });
});

describe('upload status machine (queue consumer)', () => {
  const event = (uid: string, status: string, extra: Record<string, unknown> = {}) => ({ type: STREAM_VIDEO_EVENT, schoolId: BRESLOV.id, uid, status, durationSeconds: null, errorMessage: null, signedAt: now(), ...extra });

  it('moves uploading → processing → ready and ignores older states arriving late or twice', async () => {
    const { id, uid, lessonId } = await uploadFixture('uploading');
    const handle = streamVideoEventHandler();
    await handle(event(uid, 'processing'), env);
    expect(await rowOf(id)).toMatchObject({ status: 'processing' });
    const [lesson] = await learningDbOf(BRESLOV).db.select({ videoRef: lessons.videoRef }).from(lessons).where(eq(lessons.id, lessonId));
    expect(lesson!.videoRef).toBe(uid);
    await handle(event(uid, 'ready', { durationSeconds: 30 }), env);
    await handle(event(uid, 'processing'), env);
    await handle(event(uid, 'uploading'), env);
    await handle(event(uid, 'error', { errorMessage: 'late' }), env);
    await handle(event(uid, 'ready'), env);
    expect(await rowOf(id)).toMatchObject({ status: 'ready', durationSeconds: 30, errorMessage: null });
  });

  it('an error is final and keeps its reason; the lesson stops pointing at the failed video', async () => {
    const { id, uid, lessonId } = await uploadFixture('uploading');
    const handle = streamVideoEventHandler();
    await handle(event(uid, 'processing'), env);
    await handle(event(uid, 'error', { errorMessage: 'Stream could not process the video (ERR_DURATION_EXCEED_CONSTRAINT).' }), env);
    await handle(event(uid, 'ready'), env);
    expect(await rowOf(id)).toMatchObject({ status: 'error', errorMessage: 'Stream could not process the video (ERR_DURATION_EXCEED_CONSTRAINT).' });
    const [lesson] = await learningDbOf(BRESLOV).db.select({ videoRef: lessons.videoRef }).from(lessons).where(eq(lessons.id, lessonId));
    expect(lesson!.videoRef).toBeNull();
  });

  it('ignores videos it has no upload for, and never crosses schools', async () => {
    const { id, uid } = await uploadFixture('processing');
    await streamVideoEventHandler()({ ...event(uid, 'ready'), schoolId: ACME.id }, env);
    expect(await rowOf(id)).toMatchObject({ status: 'processing' });
    await streamVideoEventHandler()(event('vid-unknown', 'ready'), env);
  });
});
