import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { app } from '../../../app.ts';
import { BRESLOV, hostOf } from '../../../../test/workers/fixtures.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { fromBase64Url } from '../signed-token.ts';
import { provisionDirectUpload } from './direct-upload.ts';
import { mintStreamToken, tokenExpiry } from './stream-token.ts';
import { fakeMp4, uploadLessonVideo } from './testing.ts';

// The production branches, against fakes of the real service: the simulator cannot make
// creator uploads, and nothing here may reach the network.

const meta = { schoolId: BRESLOV.id, lessonId: 'lesson-1', uploadId: 'upload-1', contentType: 'video/mp4' };
const now = new Date('2026-12-02T10:00:00Z');

function fakeStream(over: Partial<Record<string, unknown>> = {}) {
  const calls: { method: string; args: unknown[] }[] = [];
  const record = (method: string, result: unknown) => async (...args: unknown[]) => (calls.push({ method, args }), result);
  const stream = {
    createDirectUpload: record('createDirectUpload', { id: 'uid-basic', uploadURL: 'https://upload.videodelivery.net/one-time' }),
    video: (uid: string) => ({ update: record(`update:${uid}`, {}), delete: record(`delete:${uid}`, undefined), generateToken: record(`token:${uid}`, over.token ?? '') }),
    ...over,
  } as unknown as StreamBinding;
  return { stream, calls };
}

describe('direct creator uploads (production)', () => {
  it('up to 200 MB: a basic creator upload with signed URLs required and our ids in meta', async () => {
    const { stream, calls } = fakeStream();
    const result = await provisionDirectUpload({ STREAM: stream }, { meta, filename: 'lecture.mp4', sizeBytes: 150 * 1024 * 1024, now });
    expect(result).toEqual({ uid: 'uid-basic', transfer: { protocol: 'post-form', method: 'POST', url: 'https://upload.videodelivery.net/one-time', formField: 'file' } });
    expect(calls[0]!.args[0]).toEqual({ maxDurationSeconds: 21600, expiry: '2026-12-02T14:00:00.000Z', meta: { ...meta, name: 'lecture.mp4' }, requireSignedURLs: true });
  });

  it('over 200 MB: a tus upload through the Stream API, then our meta on the video', async () => {
    const { stream, calls } = fakeStream();
    const fetcher = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(null, { status: 201, headers: { location: 'https://upload.cloudflarestream.com/tus/abc', 'stream-media-id': 'uid-tus' } }));
    const size = 900 * 1024 * 1024;
    const result = await provisionDirectUpload({ STREAM: stream, STREAM_ACCOUNT_ID: 'acct', STREAM_API_TOKEN: 'tok' }, { meta, filename: 'long.mp4', sizeBytes: size, now }, fetcher as unknown as typeof fetch);
    expect(result).toEqual({ uid: 'uid-tus', transfer: { protocol: 'tus', url: 'https://upload.cloudflarestream.com/tus/abc', chunkSizeBytes: 52428800 } });
    const [url, init] = fetcher.mock.calls[0]!;
    expect(url).toBe('https://api.cloudflare.com/client/v4/accounts/acct/stream?direct_user=true');
    const headers = init!.headers as Record<string, string>;
    expect(headers).toMatchObject({ authorization: 'Bearer tok', 'tus-resumable': '1.0.0', 'upload-length': String(size) });
    expect(headers['upload-metadata']).toContain('requiresignedurls');
    expect(headers['upload-metadata']).toContain(`maxdurationseconds ${btoa('21600')}`);
    expect(calls).toEqual([{ method: 'update:uid-tus', args: [{ meta: { ...meta, name: 'long.mp4' }, requireSignedURLs: true }] }]);
  });

  it('over 200 MB without API credentials: a clear 503, nothing requested', async () => {
    const { stream } = fakeStream();
    const fetcher = vi.fn();
    await expect(provisionDirectUpload({ STREAM: stream }, { meta, filename: 'x.mp4', sizeBytes: 300 * 1024 * 1024, now }, fetcher as unknown as typeof fetch)).rejects.toMatchObject({ status: 503 });
    expect(fetcher).not.toHaveBeenCalled();
  });
});

async function signingKey() {
  const pair = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
  return { publicKey: pair.publicKey, jwkBase64: btoa(JSON.stringify(jwk)) };
}

describe('Stream playback tokens', () => {
  it('with a signing key: an RS256 JWT for the video that expires within the hour', async () => {
    const key = await signingKey();
    const { token, expiresAt } = await mintStreamToken({ STREAM_SIGNING_KEY_ID: 'kid-1', STREAM_SIGNING_KEY_JWK: key.jwkBase64 }, 'uid-1', now, 7200);
    const [header, payload, sig] = token.split('.') as [string, string, string];
    expect(JSON.parse(new TextDecoder().decode(fromBase64Url(header)!))).toEqual({ alg: 'RS256', kid: 'kid-1' });
    const claims = JSON.parse(new TextDecoder().decode(fromBase64Url(payload)!)) as Record<string, number | string>;
    expect(claims).toMatchObject({ sub: 'uid-1', kid: 'kid-1', exp: now.getTime() / 1000 + 3600 });
    expect(expiresAt.getTime() - now.getTime()).toBe(3600_000);
    expect(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key.publicKey, fromBase64Url(sig)!, new TextEncoder().encode(`${header}.${payload}`))).toBe(true);
  });

  it('without one: the binding’s token is used only if it expires within the hour', async () => {
    const iat = Math.floor(now.getTime() / 1000);
    const jwt = (exp: number) => `e30.${btoa(JSON.stringify({ sub: 'uid-2', exp })).replace(/=+$/, '')}.sig`;
    const ok = fakeStream({ token: jwt(iat + 3600) });
    expect(await mintStreamToken({ STREAM: ok.stream }, 'uid-2', now, 3600)).toEqual({ token: jwt(iat + 3600), expiresAt: new Date((iat + 3600) * 1000) });
    const long = fakeStream({ token: jwt(iat + 6 * 3600) });
    await expect(mintStreamToken({ STREAM: long.stream }, 'uid-2', now, 3600)).rejects.toMatchObject({ status: 503 });
  });

  it('the simulator’s generateToken lasts six hours, so it would be refused', async () => {
    const video = await (env.STREAM as unknown as { upload(b: ReadableStream): Promise<StreamVideo> }).upload(new Response(fakeMp4(1)).body!);
    const token = await env.STREAM!.video(video.id).generateToken();
    expect(tokenExpiry(token)! - Math.floor(Date.now() / 1000)).toBeGreaterThan(5 * 3600);
    await env.STREAM!.video(video.id).delete();
  });

  it('production playback answers HLS on the customer subdomain with a signed token', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'public', chapters: [{ lessons: [{}] }] });
    const lessonId = c.allLessonIds[0]!;
    await uploadLessonVideo(BRESLOV, lessonId, fakeMp4(30));
    const key = await signingKey();
    const host = hostOf(BRESLOV);
    const res = await app.fetch(new Request(`http://${host}/api/lessons/${lessonId}/playback`, { method: 'POST', headers: { origin: `http://${host}` } }), {
      ...env,
      ENVIRONMENT: 'production',
      STREAM_SIGNING_KEY_ID: 'kid-9',
      STREAM_SIGNING_KEY_JWK: key.jwkBase64,
      STREAM_CUSTOMER_SUBDOMAIN: 'customer-abc.cloudflarestream.com',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { kind: string; url: string; expiresAt: string; preview: unknown };
    expect(body.kind).toBe('hls');
    expect(body.url).toMatch(/^https:\/\/customer-abc\.cloudflarestream\.com\/[\w-]+\.[\w-]+\.[\w-]+\/manifest\/video\.m3u8$/);
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
  });
});
