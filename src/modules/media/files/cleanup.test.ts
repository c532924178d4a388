import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { runScheduled } from '../../jobs/scheduled.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { auditOf } from '../../members/testing.ts';
import { mediaFiles, mediaUploadParts } from '../schema.ts';
import { ABANDON_AFTER_MS, abandonStaleUploads, sweepAbandonedUploads } from './cleanup.ts';
import { PART_SIZE } from './limits.ts';
import { bodyOf, instructorCtx, mediaDbOf, SAMPLE_HEADS, sampleFile } from './testing.ts';
import { createUpload, putFileContent, putFilePart } from './upload.ts';

// Each test works at its own moment in the past (on the hour: the sweep runs in the first
// minutes of an hour), so uploads made by the others are never older than its own.
const HOUR = 3600_000;
const host = hostOf(BRESLOV);
const instructor = await cookieFor(BRESLOV, 'instructor');
const course = await seedLearningCourse(BRESLOV, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });
const acme = await seedLearningCourse(ACME, { accessLevel: 'members', chapters: [{ lessons: [{}] }] });

type School = typeof BRESLOV;
const courseOf = (school: School) => (school === ACME ? acme.courseId : course.courseId);

/** An upload declared at `at`: multipart when `multipart`, one PUT otherwise. */
async function declared(school: School, at: Date, multipart = false, filename = 'left.pdf') {
  const { file } = await createUpload({
    ctx: instructorCtx(school, at),
    input: { courseId: courseOf(school), purpose: 'download', filename, contentType: 'application/pdf', sizeBytes: multipart ? PART_SIZE + 10 : 100 },
  });
  return file;
}

/** Sends the short last part (2) of a multipart upload at `at`. */
const sendLastPart = (school: School, fileId: string, at: Date) => putFilePart({ ctx: instructorCtx(school, at), input: { fileId, partNumber: '2' }, body: bodyOf(sampleFile(SAMPLE_HEADS.pdf, 10)) });

async function rowOf(school: School, id: string) {
  const [row] = await mediaDbOf(school).db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
  return row;
}

const partsOf = async (school: School, id: string) => (await mediaDbOf(school).db.select().from(mediaUploadParts).where(eq(mediaUploadParts.fileId, id))).length;

/** Whether R2 still accepts parts of the multipart upload. */
async function r2Open(key: string, uploadId: string) {
  try {
    await env.MEDIA.resumeMultipartUpload(key, uploadId).uploadPart(1, 'x');
    return true;
  } catch {
    return false;
  }
}

describe('abandoned uploads', () => {
  it('gives up this school’s uploads idle for a day: R2 upload aborted, parts and record gone, audited', async () => {
    const now = new Date(Date.UTC(2000, 0, 10, 3, 0));
    const old = new Date(now.getTime() - ABANDON_AFTER_MS - 6 * HOUR);
    const staleParts = await declared(BRESLOV, old, true, 'stale parts.pdf');
    await sendLastPart(BRESLOV, staleParts.id, new Date(old.getTime() + HOUR));
    const staleSingle = await declared(BRESLOV, old);
    // Declared long ago, but a part arrived an hour ago: someone is still at it (a resumed upload).
    const resumed = await declared(BRESLOV, old, true);
    await sendLastPart(BRESLOV, resumed.id, new Date(now.getTime() - HOUR));
    const fresh = await declared(BRESLOV, new Date(now.getTime() - ABANDON_AFTER_MS + HOUR), true);
    // Finished, or refused, long ago: not uploads any more.
    const done = await declared(BRESLOV, old);
    await putFileContent({ ctx: instructorCtx(BRESLOV, old), input: { fileId: done.id }, body: bodyOf(sampleFile(SAMPLE_HEADS.pdf, 100)) });
    const refused = await declared(BRESLOV, old);
    await expect(putFileContent({ ctx: instructorCtx(BRESLOV, old), input: { fileId: refused.id }, body: bodyOf(sampleFile(SAMPLE_HEADS.png, 100)) })).rejects.toThrow();
    const acmeStale = await declared(ACME, old, true);

    const before = { staleParts: (await rowOf(BRESLOV, staleParts.id))!, resumed: (await rowOf(BRESLOV, resumed.id))!, acme: (await rowOf(ACME, acmeStale.id))! };
    expect(await partsOf(BRESLOV, staleParts.id)).toBe(1);

    const given = await abandonStaleUploads(mediaDbOf(BRESLOV), env.MEDIA, now);
    expect(given.sort()).toEqual([staleParts.id, staleSingle.id].sort());

    expect(await rowOf(BRESLOV, staleParts.id)).toBeUndefined();
    expect(await rowOf(BRESLOV, staleSingle.id)).toBeUndefined();
    expect(await partsOf(BRESLOV, staleParts.id)).toBe(0);
    expect(await r2Open(before.staleParts.key, before.staleParts.multipartUploadId!)).toBe(false);
    expect((await auditOf(BRESLOV, staleParts.id)).at(-1)).toMatchObject({
      actorUserId: null,
      action: 'media_file.upload_abandoned',
      metadata: { reason: 'idle', before: { filename: 'stale parts.pdf', status: 'uploading' }, after: null },
    });
    // The page that gave up finds the upload gone, and a late part is refused.
    expect((await request(host, `/api/admin/files/${staleParts.id}`, { headers: { accept: 'application/json', cookie: instructor } })).status).toBe(404);
    const late = await request(host, `/api/admin/files/${staleParts.id}/parts/2`, {
      method: 'PUT',
      headers: { accept: 'application/json', cookie: instructor, origin: `http://${host}`, 'content-type': 'application/octet-stream' },
      body: sampleFile(SAMPLE_HEADS.pdf, 10),
    });
    expect(late.status).toBe(404);

    // Untouched: the resumed and the fresh upload, finished and refused files, and Acme's.
    expect((await rowOf(BRESLOV, resumed.id))!.status).toBe('uploading');
    expect(await partsOf(BRESLOV, resumed.id)).toBe(1);
    expect(await r2Open(before.resumed.key, before.resumed.multipartUploadId!)).toBe(true);
    expect((await rowOf(BRESLOV, fresh.id))!.status).toBe('uploading');
    expect((await rowOf(BRESLOV, done.id))!.status).toBe('ready');
    expect(await env.MEDIA.head((await rowOf(BRESLOV, done.id))!.key)).not.toBeNull();
    expect((await rowOf(BRESLOV, refused.id))!.status).toBe('failed');
    expect((await rowOf(ACME, acmeStale.id))!.status).toBe('uploading');
    expect(await r2Open(before.acme.key, before.acme.multipartUploadId!)).toBe(true);

    // A second run has nothing left to do here.
    expect(await abandonStaleUploads(mediaDbOf(BRESLOV), env.MEDIA, now)).toEqual([]);
  });

  it('the cron job reaches every active school, in the first minutes of each hour', async () => {
    const now = new Date(Date.UTC(2000, 2, 10, 3, 0));
    const old = new Date(now.getTime() - 2 * ABANDON_AFTER_MS);
    const breslov = await declared(BRESLOV, old, true);
    const acmeStale = await declared(ACME, old, true);
    const acmeKey = (await rowOf(ACME, acmeStale.id))!;

    // The other runs of the five-minute cron leave school databases alone.
    expect(await sweepAbandonedUploads(env, new Date(now.getTime() + 10 * 60_000))).toEqual({ schools: 0, removed: 0 });
    expect(await rowOf(ACME, acmeStale.id)).toBeDefined();

    await runScheduled({ scheduledTime: now.getTime(), cron: '*/5 * * * *', noRetry: () => undefined } as ScheduledController, env);
    expect(await rowOf(BRESLOV, breslov.id)).toBeUndefined();
    expect(await rowOf(ACME, acmeStale.id)).toBeUndefined();
    expect(await r2Open(acmeKey.key, acmeKey.multipartUploadId!)).toBe(false);
    expect((await auditOf(ACME, acmeStale.id)).at(-1)!.action).toBe('media_file.upload_abandoned');
  });

  it('gives up at most a batch per school and run, oldest first; the rest go on later runs', async () => {
    // Earlier than every other test's uploads, so only these five are old enough here.
    const now = new Date(Date.UTC(1999, 0, 10, 3, 0));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await declared(BRESLOV, new Date(now.getTime() - 2 * ABANDON_AFTER_MS + i * 60_000), i === 0)).id);

    expect(await abandonStaleUploads(mediaDbOf(BRESLOV), env.MEDIA, now, 3)).toEqual(ids.slice(0, 3));
    const left = await mediaDbOf(BRESLOV).db.select({ id: mediaFiles.id }).from(mediaFiles).where(inArray(mediaFiles.id, ids));
    expect(left.map((r) => r.id).sort()).toEqual(ids.slice(3).sort());
    expect(await abandonStaleUploads(mediaDbOf(BRESLOV), env.MEDIA, now, 3)).toEqual(ids.slice(3));
    expect(await abandonStaleUploads(mediaDbOf(BRESLOV), env.MEDIA, now, 3)).toEqual([]);
  });
});

describe('cancelling an upload in progress', () => {
  const call = (path: string, method: string) => request(host, path, { method, headers: { accept: 'application/json', cookie: instructor, origin: `http://${host}` } });

  it('DELETE on an uploading file aborts its R2 multipart upload and removes its parts and record', async () => {
    const file = await declared(BRESLOV, new Date(), true, 'cancel me.pdf');
    await sendLastPart(BRESLOV, file.id, new Date());
    const row = (await rowOf(BRESLOV, file.id))!;
    expect(await r2Open(row.key, row.multipartUploadId!)).toBe(true);

    const res = await call(`/api/admin/files/${file.id}`, 'DELETE');
    expect(await res.json()).toEqual({ deleted: true });
    expect(await rowOf(BRESLOV, file.id)).toBeUndefined();
    expect(await partsOf(BRESLOV, file.id)).toBe(0);
    expect(await r2Open(row.key, row.multipartUploadId!)).toBe(false);
    expect((await auditOf(BRESLOV, file.id)).at(-1)).toMatchObject({ action: 'media_file.deleted', metadata: { before: { status: 'uploading' } } });
  });
});
