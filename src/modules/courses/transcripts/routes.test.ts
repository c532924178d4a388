import { env } from 'cloudflare:workers';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { schoolDbFor } from '../../../platform/db/school-db.ts';
import { auditLogs } from '../../audit/schema.ts';
import { lessons, transcripts } from '../schema.ts';
import { transcriptsQuery } from './store.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const schoolDbOf = (school: typeof BRESLOV) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

/** A lesson row written directly: these tests need a lesson to exist, nothing more. */
async function seedLesson(school: typeof BRESLOV): Promise<string> {
  const db = schoolDbOf(school);
  const id = crypto.randomUUID();
  await db.db.insert(lessons).values(db.withSchool({ id, courseId: crypto.randomUUID(), chapterId: crypto.randomUUID(), title: 'A lesson', position: 1 }));
  return id;
}

const upload = (cookie: string, body: string, contentType = 'text/vtt'): RequestInit => ({
  method: 'PUT',
  headers: { cookie, origin, 'content-type': contentType, accept: 'application/json' },
  body,
});

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nShalom and welcome.\n\n00:00:03.500 --> 00:00:06.000\n<i>Let us begin.</i>\n';
const SRT = '1\r\n00:00:01,000 --> 00:00:02,000\r\nHello\r\n\r\n';

const lesson = await seedLesson(BRESLOV);
const acmeLesson = await seedLesson(ACME);
const deletable = await seedLesson(BRESLOV);
await schoolDbOf(BRESLOV).db.insert(transcripts).values(schoolDbOf(BRESLOV).withSchool({ lessonId: deletable, language: 'en', cues: [], plainText: '' }));

describeAccessRules('GET /api/admin/lessons/:id/transcripts', {
  method: 'GET',
  path: `/api/admin/lessons/${lesson}/transcripts`,
  minimumRole: 'instructor',
  foreignPath: `/api/admin/lessons/${acmeLesson}/transcripts`,
});
describeAccessRules('PUT /api/admin/lessons/:id/transcripts/:language', {
  method: 'PUT',
  path: `/api/admin/lessons/${lesson}/transcripts/fr`,
  body: {},
  minimumRole: 'instructor',
  foreignPath: `/api/admin/lessons/${acmeLesson}/transcripts/en`,
});
describeAccessRules('DELETE /api/admin/lessons/:id/transcripts/:language', {
  method: 'DELETE',
  path: `/api/admin/lessons/${deletable}/transcripts/en`,
  minimumRole: 'instructor',
  foreignPath: `/api/admin/lessons/${acmeLesson}/transcripts/en`,
});

describe('transcript upload', () => {
  it('stores a WebVTT file, replaces it, lists it, audits it and deletes it', async () => {
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const path = `/api/admin/lessons/${lesson}/transcripts/pt-br`;

    const first = await request(host, path, upload(cookie, VTT));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ transcript: { language: 'pt-BR', cueCount: 2 } });

    const second = await request(host, path, upload(cookie, SRT, 'application/x-subrip'));
    expect(await second.json()).toEqual({ transcript: { language: 'pt-BR', cueCount: 1 } });

    const list = (await (await request(host, `/api/admin/lessons/${lesson}/transcripts`, { headers: { cookie, accept: 'application/json' } })).json()) as {
      transcripts: { language: string; cueCount: number }[];
    };
    expect(list.transcripts).toEqual([expect.objectContaining({ language: 'pt-BR', cueCount: 1 })]);
    expect(await transcriptsQuery(schoolDbOf(BRESLOV), lesson)).toEqual([{ language: 'pt-BR', cues: [{ start: 1, end: 2, text: 'Hello' }] }]);

    const audit = await schoolDbOf(BRESLOV).db.select().from(auditLogs).where(and(eq(auditLogs.entityId, lesson), eq(auditLogs.entityType, 'lesson')));
    expect(audit.map((a) => a.action).sort()).toEqual(['transcript.replaced', 'transcript.uploaded']);
    expect(audit.find((a) => a.action === 'transcript.replaced')!.metadata).toMatchObject({ before: { cueCount: 2 }, after: { cueCount: 1 } });

    const deleted = await request(host, path, { method: 'DELETE', headers: { cookie, origin, accept: 'application/json' } });
    expect(await deleted.json()).toEqual({ deleted: { language: 'pt-BR' } });
    expect(await transcriptsQuery(schoolDbOf(BRESLOV), lesson)).toEqual([]);
    await expectErrorShape(await request(host, path, { method: 'DELETE', headers: { cookie, origin } }), 404, 'NOT_FOUND');
  });

  it('answers a malformed file with 400 and each problem with its line number', async () => {
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const bad = 'WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nBackwards\n\n00:00:x --> 00:00:09.000\nBroken\n';
    const res = await request(host, `/api/admin/lessons/${lesson}/transcripts/he`, upload(cookie, bad, 'text/plain'));
    const body = (await expectErrorShape(res, 400, 'BAD_REQUEST')) as unknown as { error: { message: string; details: unknown } };
    expect(body.error.message).toBe('The transcript was not saved. Line 3: the end time 00:00:02.000 is before the start time 00:00:05.000. (and 1 more problem)');
    expect(body.error.details).toEqual([
      { line: 3, message: 'Line 3: the end time 00:00:02.000 is before the start time 00:00:05.000.' },
      { line: 6, message: expect.stringContaining('Line 6: the start time "00:00:x" is not a valid time') },
    ]);
    expect(await transcriptsQuery(schoolDbOf(BRESLOV), lesson)).toEqual([]);
  });

  it('refuses other content types, bad language tags, non-UTF-8 bodies, oversized files and unknown lessons', async () => {
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const path = `/api/admin/lessons/${lesson}/transcripts/en`;
    const json = await expectErrorShape(await request(host, path, upload(cookie, '{}', 'application/json')), 400, 'BAD_REQUEST');
    expect(json.error.message).toMatch(/content-type text\/vtt/);
    const tag = await expectErrorShape(await request(host, `/api/admin/lessons/${lesson}/transcripts/english!`, upload(cookie, VTT)), 400, 'BAD_REQUEST');
    expect(tag.error.message).toMatch(/such as en, he or pt-BR/);
    const latin1 = new Uint8Array([...new TextEncoder().encode('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf'), 0xe9]);
    const encoding = await expectErrorShape(await request(host, path, { ...upload(cookie, ''), body: latin1 }), 400, 'BAD_REQUEST');
    expect(encoding.error.message).toMatch(/not UTF-8 text/);
    const huge = await expectErrorShape(await request(host, path, upload(cookie, 'WEBVTT\n\n' + 'x'.repeat(2 * 1024 * 1024 + 1))), 400, 'BAD_REQUEST');
    expect(huge.error.message).toMatch(/larger than 2 MB/);
    await expectErrorShape(await request(host, `/api/admin/lessons/no-such-lesson/transcripts/en`, upload(cookie, VTT)), 404, 'NOT_FOUND');
  });

  it('refuses a cross-site upload (text/plain needs no preflight, so the Origin check is what stops it)', async () => {
    const cookie = await cookieFor(BRESLOV, 'instructor');
    const init = upload(cookie, VTT, 'text/plain');
    const res = await request(host, `/api/admin/lessons/${lesson}/transcripts/en`, { ...init, headers: { ...(init.headers as Record<string, string>), origin: 'http://evil.example' } });
    expect(res.status).toBe(403);
    expect(await transcriptsQuery(schoolDbOf(BRESLOV), lesson)).toEqual([]);
  });
});
