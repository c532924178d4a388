import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { grant, seedLearningCourse } from '../../learning/testing.ts';
import { addMember, auditOf, cookieOf, ctxAs, demoMember } from '../../members/testing.ts';
import { instructorCtx, mediaDbOf, SAMPLE_HEADS, sampleFile, uploadReadyFile } from '../files/testing.ts';
import { contentProtectionPolicies, downloadTokens } from '../schema.ts';
import { mintDownloadLink } from './link.ts';
import { createDownload } from './manage.ts';
import { redeemDownloadToken, RESUME_GRACE_MS } from './redeem.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
// Response bodies are checked by value, not by type.
type Json = Record<string, any>;

const post = (path: string, cookie?: string, json?: unknown, on = host) =>
  request(on, path, {
    method: 'POST',
    headers: { accept: 'application/json', origin: `http://${on}`, ...(cookie ? { cookie } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
const get = (url: string, headers: Record<string, string> = {}, on = host, method = 'GET') => request(on, url, { method, headers: { accept: 'application/json', ...headers } });

/** A file offered as a download through the services; returns the download id. */
async function offer(school: typeof BRESLOV, spec: { courseId: string; lessonId?: string; bytes?: Uint8Array; filename?: string; contentType?: string }) {
  const file = await uploadReadyFile(school, {
    courseId: spec.courseId,
    lessonId: spec.lessonId,
    purpose: spec.lessonId ? 'lesson_attachment' : 'download',
    filename: spec.filename ?? 'notes.txt',
    contentType: spec.contentType ?? 'text/plain',
    bytes: spec.bytes ?? CONTENT,
  });
  const { download } = await createDownload({ ctx: instructorCtx(school), input: { courseId: spec.courseId, fileId: file.id, title: 'Notes' } });
  return download.id;
}

async function setDownloadMode(courseId: string, mode: 'allow' | 'entitled' | 'none') {
  const sdb = mediaDbOf(BRESLOV);
  await sdb.db.batch([
    sdb.db.delete(contentProtectionPolicies).where(sdb.scoped(contentProtectionPolicies, eq(contentProtectionPolicies.courseId, courseId))),
    sdb.db.insert(contentProtectionPolicies).values(sdb.withSchool({ courseId, downloadMode: mode })),
  ]);
}

const CONTENT = sampleFile(SAMPLE_HEADS.txt, 1000);

// The security suite's objects: a members course (open to every member) and Acme's twin.
const membersCourse = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
const suiteDownload = await offer(BRESLOV, { courseId: membersCourse.courseId, lessonId: membersCourse.allLessonIds[0] });
const suiteDeletable = await offer(BRESLOV, { courseId: membersCourse.courseId });
const suiteFile = await uploadReadyFile(BRESLOV, { courseId: membersCourse.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 40) });
const acmeCourse = await seedLearningCourse(ACME, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
const acmeDownload = await offer(ACME, { courseId: acmeCourse.courseId, lessonId: acmeCourse.allLessonIds[0] });

describeAccessRules('POST /api/downloads/:id/link', { method: 'POST', path: `/api/downloads/${suiteDownload}/link`, minimumRole: 'student', foreignPath: `/api/downloads/${acmeDownload}/link` });
describeAccessRules('POST /api/admin/courses/:id/downloads', {
  method: 'POST',
  path: `/api/admin/courses/${membersCourse.courseId}/downloads`,
  body: { fileId: suiteFile.id },
  minimumRole: 'instructor',
  foreignPath: `/api/admin/courses/${acmeCourse.courseId}/downloads`,
});
describeAccessRules('PATCH /api/admin/downloads/:id', { method: 'PATCH', path: `/api/admin/downloads/${suiteDownload}`, body: { title: 'Renamed' }, minimumRole: 'instructor', foreignPath: `/api/admin/downloads/${acmeDownload}` });
describeAccessRules('DELETE /api/admin/downloads/:id', { method: 'DELETE', path: `/api/admin/downloads/${suiteDeletable}`, minimumRole: 'instructor', foreignPath: `/api/admin/downloads/${acmeDownload}` });

/** A free course: a preview lesson, a normal one, one that drips in the future; an attachment on each and a course download. */
async function freeCourse() {
  const c = await seedLearningCourse(BRESLOV, { accessLevel: 'free', chapters: [{ lessons: [{ isPreview: true }, {}, { releaseAt: new Date(Date.UTC(2099, 0, 1, 9)) }] }] });
  const [preview, normal, drip] = c.allLessonIds as [string, string, string];
  return {
    ...c,
    onPreview: await offer(BRESLOV, { courseId: c.courseId, lessonId: preview }),
    onLesson: await offer(BRESLOV, { courseId: c.courseId, lessonId: normal }),
    onDrip: await offer(BRESLOV, { courseId: c.courseId, lessonId: drip }),
    courseWide: await offer(BRESLOV, { courseId: c.courseId }),
  };
}

async function learner() {
  const member = await addMember(BRESLOV, 'student');
  return { member, cookie: await cookieOf(BRESLOV, member) };
}

async function linkFor(downloadId: string, cookie: string) {
  const res = await post(`/api/downloads/${downloadId}/link`, cookie);
  return { res, body: (await res.json()) as Json };
}

async function freshUrl(downloadId = suiteDownload) {
  const { res, body } = await linkFor(downloadId, await cookieFor(BRESLOV, 'student'));
  expect(res.status).toBe(200);
  return body.url as string;
}

describe('minting download links', () => {
  it('follows lesson access, the course’s download mode and the learner’s enrollment', async () => {
    const c = await freeCourse();
    const { member, cookie } = await learner();
    expect((await post(`/api/downloads/${c.onLesson}/link`)).status).toBe(401);

    const locked = await linkFor(c.onLesson, cookie);
    expect(locked.res.status).toBe(403);
    expect(locked.body.error.message).toBe('Enroll in this course (it is free) to open this lesson.');
    // A preview lesson is open to all, but by default (entitled) its files are for enrolled learners.
    expect((await linkFor(c.onPreview, cookie)).body.error.message).toBe('Downloads are for learners enrolled in this course: enroll (it is free), then download.');
    expect((await linkFor(c.courseWide, cookie)).res.status).toBe(403);
    await setDownloadMode(c.courseId, 'allow');
    expect((await linkFor(c.onPreview, cookie)).res.status).toBe(200);
    expect((await linkFor(c.courseWide, cookie)).res.status).toBe(403);

    await grant(BRESLOV, member.userId, c.courseId, new Date(Date.now() - 60_000));
    const before = Date.now();
    const ok = await linkFor(c.onLesson, cookie);
    expect(ok.res.status).toBe(200);
    expect(ok.body.url).toMatch(/^\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const expiresIn = Date.parse(ok.body.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(290_000);
    expect(expiresIn).toBeLessThanOrEqual(301_000);
    expect((await linkFor(c.courseWide, cookie)).res.status).toBe(200);
    const drip = await linkFor(c.onDrip, cookie);
    expect(drip.res.status).toBe(403);
    expect(drip.body.error.message).toBe('This lesson opens on 1 January 2099 at 09:00 UTC.');

    await setDownloadMode(c.courseId, 'none');
    const none = await linkFor(c.onLesson, cookie);
    expect(none.res.status).toBe(403);
    expect(none.body.error.message).toBe('The school has turned off downloads for this course.');
    // Staff can always fetch their own school's files.
    expect((await linkFor(c.onLesson, await cookieFor(BRESLOV, 'instructor'))).res.status).toBe(200);

    for (const id of [crypto.randomUUID(), acmeDownload]) expect((await linkFor(id, cookie)).res.status).toBe(404);
  });

  it('a paid course’s files need the purchase; an unpublished course’s files do not exist for learners', async () => {
    const paid = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const id = await offer(BRESLOV, { courseId: paid.courseId });
    const { cookie } = await learner();
    expect((await linkFor(id, cookie)).body.error.message).toBe('Downloads are for learners who have bought this course.');
    const draft = await seedLearningCourse(BRESLOV, { status: 'draft', chapters: [{ lessons: [{}] }] });
    const draftId = await offer(BRESLOV, { courseId: draft.courseId, lessonId: draft.allLessonIds[0] });
    expect((await linkFor(draftId, cookie)).res.status).toBe(404);
  });

  it('an offer selling the school’s downloads opens a paid course’s own files, not its lessons or their attachments', async () => {
    const paid = await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [{ lessons: [{}] }] });
    const courseWide = await offer(BRESLOV, { courseId: paid.courseId });
    const attachment = await offer(BRESLOV, { courseId: paid.courseId, lessonId: paid.allLessonIds[0] });
    const { member, cookie } = await learner();
    await grant(BRESLOV, member.userId, paid.courseId, new Date(), { type: 'downloads', courseId: null, source: 'purchase' });
    expect((await linkFor(courseWide, cookie)).res.status).toBe(200);
    expect(await (await get(`/api/courses/${paid.slug}/downloads`, { cookie })).json()).toMatchObject({ canDownload: true });
    expect((await linkFor(attachment, cookie)).body.error.message).toBe('This lesson is part of a paid course you do not have access to.');
  });

  it('lists a course’s downloads with whether the viewer may take them', async () => {
    const c = await freeCourse();
    const anon = (await (await get(`/api/courses/${c.slug}/downloads`)).json()) as Json;
    expect(anon).toEqual({ downloads: [{ downloadId: c.courseWide, title: 'Notes', filename: 'notes.txt', contentType: 'text/plain', sizeBytes: 1000 }], downloadMode: 'entitled', canDownload: false, reason: 'Sign in to download these files.' });
    const { member, cookie } = await learner();
    expect(((await (await get(`/api/courses/${c.slug}/downloads`, { cookie })).json()) as Json).canDownload).toBe(false);
    await grant(BRESLOV, member.userId, c.courseId);
    expect(await (await get(`/api/courses/${c.slug}/downloads`, { cookie })).json()).toMatchObject({ canDownload: true, reason: null });
    expect((await get(`/api/courses/no-such-course/downloads`)).status).toBe(404);
  });

  it('refuses to sign in production without FILE_TOKEN_KEYS, and links survive a key rotation', async () => {
    const student = demoMember(BRESLOV, 'student');
    const production = ctxAs(BRESLOV, student.actor, { env: { ENVIRONMENT: 'production', FILE_TOKEN_KEYS: undefined } });
    await expect(mintDownloadLink({ ctx: production, input: { downloadId: suiteDownload } })).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/^Downloads are not available on this site right now/) });

    const secret = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
    const [old, next] = [secret(), secret()];
    const withKeys = (keys: Record<string, string>) => ctxAs(BRESLOV, student.actor, { env: { FILE_TOKEN_KEYS: JSON.stringify(keys) } });
    const { url } = await mintDownloadLink({ ctx: withKeys({ old }), input: { downloadId: suiteDownload } });
    const token = url.slice('/files/'.length);
    await expect(redeemDownloadToken({ ctx: withKeys({ next }), input: { token, method: 'HEAD' } })).rejects.toMatchObject({ reason: 'invalid' });
    await expect(redeemDownloadToken({ ctx: withKeys({ next, old }), input: { token, method: 'GET' } })).resolves.toMatchObject({ filename: 'notes.txt', plan: { kind: 'full' } });
  });
});

describe('GET /files/<token>', () => {
  it('streams the file once, as an attachment, with its validators', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
    const pdf = sampleFile(SAMPLE_HEADS.pdf, 2048);
    const id = await offer(BRESLOV, { courseId: c.courseId, lessonId: c.allLessonIds[0], bytes: pdf, filename: 'Likutey Moharan — שיעור “1”.pdf', contentType: 'application/pdf' });
    const url = await freshUrl(id);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
    expect(Object.fromEntries(['accept-ranges', 'content-length', 'content-type', 'cache-control', 'referrer-policy', 'x-content-type-options'].map((h) => [h, res.headers.get(h)]))).toEqual({
      'accept-ranges': 'bytes',
      'content-length': '2048',
      'content-type': 'application/pdf',
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Likutey Moharan _ _____ _1_.pdf"; filename*=UTF-8''Likutey%20Moharan%20%E2%80%94%20%D7%A9%D7%99%D7%A2%D7%95%D7%A8%20%E2%80%9C1%E2%80%9D.pdf`,
    );

    const again = await get(url);
    const err = await expectErrorShape(again, 403, 'FORBIDDEN');
    expect(err.error.message).toBe('This download link has been used. Each download link works once. Go back to the lesson and ask for a new link.');
    expect((err.error as Json).details).toEqual({ reason: 'used' });
    const page = await get(url, { accept: 'text/html' });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<h1>This download link has been used</h1>');
    expect(html).toContain('ask for a new link');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers byte ranges: first byte, suffix, open-ended, several (whole file), past the end (416), If-None-Match (304)', async () => {
    const first = await get(await freshUrl(), { range: 'bytes=0-0' });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe('bytes 0-0/1000');
    expect(first.headers.get('content-length')).toBe('1');
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(CONTENT.subarray(0, 1));

    const suffix = await get(await freshUrl(), { range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(suffix.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(CONTENT.subarray(990));

    const open = await get(await freshUrl(), { range: 'bytes=900-' });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe('bytes 900-999/1000');
    expect((await open.arrayBuffer()).byteLength).toBe(100);

    const several = await get(await freshUrl(), { range: 'bytes=0-1,5-6' });
    expect(several.status).toBe(200);
    expect(several.headers.get('content-range')).toBeNull();
    expect(new Uint8Array(await several.arrayBuffer())).toEqual(CONTENT);

    const beyond = await get(await freshUrl(), { range: 'bytes=1000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */1000');
    expect(await beyond.text()).toBe('');

    const full = await get(await freshUrl());
    const etag = full.headers.get('etag')!;
    await full.arrayBuffer();
    const cached = await get(await freshUrl(), { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(cached.headers.get('etag')).toBe(etag);
    const stale = await get(await freshUrl(), { range: 'bytes=0-9', 'if-range': '"not-it"' });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
  });

  it('after the first use, serves further byte ranges for a minute (resuming), never a second whole copy', async () => {
    const url = await freshUrl();
    const whole = await get(url);
    expect(whole.status).toBe(200);
    await whole.arrayBuffer();
    const resume = await get(url, { range: 'bytes=500-' });
    expect(resume.status).toBe(206);
    expect(new Uint8Array(await resume.arrayBuffer())).toEqual(CONTENT.subarray(500));
    expect((await get(url, { range: 'bytes=0-1,3-4' })).status).toBe(403);
    expect((await get(url)).status).toBe(403);

    const tokenId = JSON.parse(atob(url.slice('/files/'.length).split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))).object.token as string;
    await mediaDbOf(BRESLOV).db.update(downloadTokens).set({ usedAt: new Date(Date.now() - RESUME_GRACE_MS - 1000) }).where(eq(downloadTokens.id, tokenId));
    const late = await get(url, { range: 'bytes=500-' });
    expect(((await late.json()) as Json).error.details).toEqual({ reason: 'used' });
  });

  it('two redemptions racing with one fresh link: exactly one is served', async () => {
    for (let round = 0; round < 5; round++) {
      const url = await freshUrl();
      const results = await Promise.all([get(url), get(url)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
      await Promise.all(results.map((r) => r.arrayBuffer()));
    }
  });

  it('HEAD shows the file without using the link', async () => {
    const url = await freshUrl();
    const head = await get(url, {}, host, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
    expect((await get(url)).status).toBe(200);
  });

  it('refuses expired, tampered, foreign-school and other people’s links, and links to removed files', async () => {
    const student = demoMember(BRESLOV, 'student');
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    const { url: expired } = await mintDownloadLink({ ctx: ctxAs(BRESLOV, student.actor, { now: tenMinutesAgo }), input: { downloadId: suiteDownload } });
    expect(((await (await get(expired)).json()) as Json).error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'expired' }, message: 'This download link has expired. Download links work for 5 minutes. Go back to the lesson and ask for a new link.' });

    const url = await freshUrl();
    const token = url.slice('/files/'.length);
    const flipped = `/files/${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const tampered = await get(flipped, { accept: 'text/html' });
    expect(tampered.status).toBe(404);
    expect(await tampered.text()).toContain('This download link is not valid');
    expect(((await (await get('/files/not-a-token')).json()) as Json).error.details).toEqual({ reason: 'invalid' });

    // Minted on Breslov, presented on Acme's host: nothing there.
    const onAcme = await get(url, {}, hostOf(ACME));
    expect(((await expectErrorShape(onAcme, 404, 'NOT_FOUND')).error as Json).details).toEqual({ reason: 'not_here' });
    // Signed in as someone else: not yours.
    const other = await get(url, { cookie: await cookieFor(BRESLOV, 'owner') });
    expect(((await other.json()) as Json).error.details).toEqual({ reason: 'other_user' });
    // Still unused after all that: its owner gets it.
    expect((await get(url, { cookie: await cookieFor(BRESLOV, 'student') })).status).toBe(200);

    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
    const id = await offer(BRESLOV, { courseId: c.courseId });
    const removedUrl = (await linkFor(id, await cookieFor(BRESLOV, 'instructor'))).body.url as string;
    const del = await request(host, `/api/admin/downloads/${id}`, { method: 'DELETE', headers: { origin, accept: 'application/json', cookie: await cookieFor(BRESLOV, 'instructor') } });
    expect(del.status).toBe(200);
    expect((await auditOf(BRESLOV, id)).map((a) => a.action)).toEqual(['download.created', 'download.deleted']);
    const gone = await get(removedUrl, { cookie: await cookieFor(BRESLOV, 'instructor') });
    expect(((await expectErrorShape(gone, 404, 'NOT_FOUND')).error as Json).details).toEqual({ reason: 'gone' });
    expect((await get('/files/x', {}, 'localhost')).status).toBe(404);
  });

  it('deleting the lesson removes its files from R2', async () => {
    const c = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
    const lessonId = c.allLessonIds[0]!;
    const id = await offer(BRESLOV, { courseId: c.courseId, lessonId });
    const url = await freshUrl(id);
    const { results } = await env.SCHOOL_BRESLOV.prepare('SELECT f.key FROM downloads d JOIN media_files f ON f.id = d.file_id WHERE d.id = ?').bind(id).all<{ key: string }>();
    const key = results[0]!.key;
    expect(await env.MEDIA.head(key)).not.toBeNull();
    const res = await request(host, `/api/admin/lessons/${lessonId}`, { method: 'DELETE', headers: { origin, accept: 'application/json', cookie: await cookieFor(BRESLOV, 'instructor') } });
    expect(res.status).toBe(200);
    expect(await env.MEDIA.head(key)).toBeNull();
    expect(((await (await get(url)).json()) as Json).error.details).toEqual({ reason: 'gone' });
  });
});
