import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { auditOf } from '../../members/testing.ts';
import { instructorCtx, mediaDbOf, SAMPLE_HEADS, sampleFile, uploadReadyFile } from '../files/testing.ts';
import { createUpload } from '../files/upload.ts';
import { downloads } from '../schema.ts';
import { createDownload } from './manage.ts';

// PATCH /api/admin/downloads/:id { fileId }: another file behind the same download.

const host = hostOf(BRESLOV);
const instructor = await cookieFor(BRESLOV, 'instructor');
type Json = Record<string, any>;

const patch = (downloadId: string, body: unknown, cookie = instructor) =>
  request(host, `/api/admin/downloads/${downloadId}`, {
    method: 'PATCH',
    headers: { accept: 'application/json', origin: `http://${host}`, cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const get = (path: string, headers: Record<string, string> = {}) => request(host, path, { headers: { accept: 'application/json', ...headers } });

async function offered(school: typeof BRESLOV, courseId: string, bytes: Uint8Array, filename = 'notes.txt') {
  const file = await uploadReadyFile(school, { courseId, purpose: 'download', filename, contentType: 'text/plain', bytes });
  const { download } = await createDownload({ ctx: instructorCtx(school), input: { courseId, fileId: file.id, title: 'Reading list' } });
  return { file, downloadId: download.id };
}

const FIRST = sampleFile(SAMPLE_HEADS.txt, 600);
const SECOND = sampleFile(SAMPLE_HEADS.txt, 900).map((b, i) => (i > 60 ? 65 + (i % 26) : b));

const course = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
const acme = await seedLearningCourse(ACME, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
const suite = await offered(BRESLOV, course.courseId, FIRST);
const suiteNext = await uploadReadyFile(BRESLOV, { courseId: course.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 50) });
const acmeOffer = await offered(ACME, acme.courseId, FIRST);

describeAccessRules('PATCH /api/admin/downloads/:id { fileId }', {
  method: 'PATCH',
  path: `/api/admin/downloads/${suite.downloadId}`,
  body: { fileId: suiteNext.id },
  minimumRole: 'instructor',
  foreignPath: `/api/admin/downloads/${acmeOffer.downloadId}`,
});

describe('replacing the file behind a download', () => {
  it('keeps the download’s id, title and links; learners get the new file; audited', async () => {
    const { file: oldFile, downloadId } = await offered(BRESLOV, course.courseId, FIRST, 'list v1.txt');
    const next = await uploadReadyFile(BRESLOV, { courseId: course.courseId, purpose: 'download', filename: 'list v2.txt', contentType: 'text/plain', bytes: SECOND });
    const mint = async () =>
      ((await (await request(host, `/api/downloads/${downloadId}/link`, { method: 'POST', headers: { accept: 'application/json', origin: `http://${host}`, cookie: instructor } })).json()) as Json).url as string;
    // One link used (a download under way), one not yet used.
    const used = await mint();
    expect(new Uint8Array(await (await get(used)).arrayBuffer())).toEqual(FIRST);
    const unused = await mint();

    const res = await patch(downloadId, { fileId: next.id });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).download).toMatchObject({ id: downloadId, fileId: next.id, title: 'Reading list', courseId: course.courseId, lessonId: null });
    const rows = await mediaDbOf(BRESLOV).db.select().from(downloads).where(eq(downloads.id, downloadId));
    expect(rows).toMatchObject([{ id: downloadId, fileId: next.id, title: 'Reading list' }]);
    expect((await auditOf(BRESLOV, downloadId)).at(-1)).toMatchObject({
      action: 'download.file_replaced',
      entityType: 'download',
      metadata: { before: { fileId: oldFile.id }, after: { fileId: next.id } },
    });

    // The unused link gives the new file; the used one could only resume the old one's bytes, so it stops.
    const fresh = await get(unused);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-disposition')).toContain('list v2.txt');
    expect(new Uint8Array(await fresh.arrayBuffer())).toEqual(SECOND);
    const resume = await get(used, { range: 'bytes=100-' });
    expect(((await expectErrorShape(resume, 404, 'NOT_FOUND')).error as Json).details).toEqual({ reason: 'gone' });

    // The old file stays in the library, no longer used; naming the current file again changes nothing.
    const old = (await (await get(`/api/admin/files/${oldFile.id}`, { cookie: instructor })).json()) as Json;
    expect(old.file).toMatchObject({ status: 'ready', usedBy: [] });
    const auditCount = (await auditOf(BRESLOV, downloadId)).length;
    expect((await patch(downloadId, { fileId: next.id })).status).toBe(200);
    expect((await auditOf(BRESLOV, downloadId)).length).toBe(auditCount);
    // Title and file together, in one change.
    const both = await patch(downloadId, { fileId: oldFile.id, title: 'Reading list (first edition)' });
    expect(((await both.json()) as Json).download).toMatchObject({ id: downloadId, fileId: oldFile.id, title: 'Reading list (first edition)' });
    expect((await auditOf(BRESLOV, downloadId)).at(-1)!.metadata).toMatchObject({
      before: { fileId: next.id, title: 'Reading list' },
      after: { fileId: oldFile.id, title: 'Reading list (first edition)' },
    });
  });

  it('refuses what cannot be offered: bad input 400, another school’s or course’s file 404, covers and unfinished files 409', async () => {
    const { file: current, downloadId } = await offered(BRESLOV, course.courseId, FIRST);
    for (const body of [{}, { fileId: '' }, { fileId: 42 }, { title: '' }]) {
      await expectErrorShape(await patch(downloadId, body), 400, 'BAD_REQUEST');
    }
    const acmeFile = await uploadReadyFile(ACME, { courseId: acme.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 40) });
    await expectErrorShape(await patch(downloadId, { fileId: acmeFile.id }), 404, 'NOT_FOUND');
    await expectErrorShape(await patch(downloadId, { fileId: 'no-such-file' }), 404, 'NOT_FOUND');
    const other = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
    const elsewhere = await uploadReadyFile(BRESLOV, { courseId: other.courseId, purpose: 'download', bytes: sampleFile(SAMPLE_HEADS.pdf, 40) });
    await expectErrorShape(await patch(downloadId, { fileId: elsewhere.id }), 404, 'NOT_FOUND');

    const { file: unfinished } = await createUpload({
      ctx: instructorCtx(BRESLOV),
      input: { courseId: course.courseId, purpose: 'download', filename: 'later.pdf', contentType: 'application/pdf', sizeBytes: 100 },
    });
    const notReady = await expectErrorShape(await patch(downloadId, { fileId: unfinished.id }), 409, 'CONFLICT');
    expect(notReady.error.message).toBe('“later.pdf” has not finished uploading; complete the upload first.');
    const cover = await uploadReadyFile(BRESLOV, { courseId: course.courseId, purpose: 'course_cover', filename: 'c.png', contentType: 'image/png', bytes: sampleFile(SAMPLE_HEADS.png, 100) });
    await expectErrorShape(await patch(downloadId, { fileId: cover.id }), 409, 'CONFLICT');

    // Nothing changed, nothing audited beyond the creation.
    const [row] = await mediaDbOf(BRESLOV).db.select().from(downloads).where(eq(downloads.id, downloadId));
    expect(row!.fileId).toBe(current.id);
    expect((await auditOf(BRESLOV, downloadId)).map((a) => a.action)).toEqual(['download.created']);
  });
});
