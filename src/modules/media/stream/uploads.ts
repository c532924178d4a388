import { desc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { Conflict, Invalid, NotFound, Unavailable } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditValues } from '../../audit/record.ts';
import { auditLogs } from '../../audit/schema.ts';
import { getLessonInSchool } from '../../courses/lookup.ts';
import { lessons } from '../../courses/schema.ts';
import { requireRole } from '../../identity/actor.ts';
import { streamUploads } from '../schema.ts';
import { deleteStreamVideosQuietly, isStreamNotFound, observe, streamOf, usesRealStream } from './binding.ts';
import { provisionDirectUpload, type Transfer } from './direct-upload.ts';
import { deleteClipsQuietly, deleteLessonClipRows } from './preview-clips.ts';
import { streamPreviewClips } from './schema.ts';
import { MAX_VIDEO_BYTES, matchesMagic, Mp4DurationScanner, SNIFF_BYTES, VIDEO_CONTENT_TYPES, videoContentType } from './formats.ts';
import { applyObservation, type UploadRow } from './status.ts';

const Id = z.string().trim().min(1).max(100);
const GiB = (n: number) => `${Math.round((n / 1024 ** 3) * 10) / 10} GB`;

export const StartVideoUploadInput = z.object({
  lessonId: Id,
  filename: z.string({ error: 'Give the file name.' }).trim().min(1, { error: 'Give the file name.' }).max(255, { error: 'Keep the file name under 255 characters.' }),
  sizeBytes: z
    .number({ error: 'Give the file size in bytes.' })
    .int()
    .min(1, { error: 'The file is empty.' })
    .max(MAX_VIDEO_BYTES, { error: `Videos can be at most ${GiB(MAX_VIDEO_BYTES)}. Export a smaller file (a lower bitrate) and try again.` }),
  contentType: z
    .string({ error: 'Give the file type.' })
    .transform((t, ctx) => {
      const type = videoContentType(t);
      if (!type) {
        ctx.addIssue({ code: 'custom', message: `Upload an MP4, WebM or QuickTime (.mov) video (${VIDEO_CONTENT_TYPES.join(', ')}).` });
        return z.NEVER;
      }
      return type;
    }),
});

/** What staff see of an upload: never the Stream uid or an upload URL after the fact. */
export function uploadView(row: UploadRow) {
  return {
    id: row.id,
    lessonId: row.lessonId,
    filename: row.filename,
    sizeBytes: row.sizeBytes,
    status: row.status,
    errorMessage: row.errorMessage,
    durationSeconds: row.durationSeconds,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function audit(ctx: SchoolCtx, actorUserId: string, action: string, lessonId: string, before: unknown, after: unknown) {
  return ctx.schoolDb.db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId, action, entityType: 'lesson', entityId: lessonId, metadata: { before, after }, now: ctx.now }));
}

/**
 * POST /api/admin/lessons/:lessonId/video — starts an upload. An upload still in flight for
 * the lesson is superseded (marked error, its Stream video deleted): one pending upload
 * per lesson, so the newest file always wins. The current video keeps playing until the
 * new one is ready.
 */
export async function startVideoUpload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = StartVideoUploadInput.parse(input);
  const lesson = await getLessonInSchool(ctx.schoolDb, data.lessonId);
  const { db, scoped, withSchool } = ctx.schoolDb;
  const uploadId = crypto.randomUUID();
  const meta = { schoolId: ctx.school.id, lessonId: lesson.id, uploadId, contentType: data.contentType };

  let uid: string | null = null;
  let transfer: Transfer;
  if (usesRealStream(ctx.env)) {
    const provisioned = await provisionDirectUpload(ctx.env, { meta, filename: data.filename, sizeBytes: data.sizeBytes, now: ctx.now });
    uid = provisioned.uid;
    transfer = provisioned.transfer;
  } else {
    transfer = { protocol: 'put', method: 'PUT', url: `/api/admin/video-uploads/${uploadId}`, headers: { 'content-type': data.contentType } };
  }

  const pending = await db
    .select({ id: streamUploads.id, streamUid: streamUploads.streamUid })
    .from(streamUploads)
    .where(scoped(streamUploads, eq(streamUploads.lessonId, lesson.id), inArray(streamUploads.status, ['uploading', 'processing'])));
  const row = withSchool({
    id: uploadId,
    lessonId: lesson.id,
    streamUid: uid,
    uploadUrl: transfer.protocol === 'put' ? null : transfer.url,
    filename: data.filename,
    sizeBytes: data.sizeBytes,
    status: 'uploading' as const,
    createdBy: actor.user.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const [, inserted] = await db.batch([
    db
      .update(streamUploads)
      .set({ status: 'error', errorMessage: 'Replaced by a newer upload.', updatedAt: ctx.now })
      .where(scoped(streamUploads, eq(streamUploads.lessonId, lesson.id), inArray(streamUploads.status, ['uploading', 'processing']))),
    db.insert(streamUploads).values(row).returning(),
    audit(ctx, actor.user.id, 'lesson_video.upload_started', lesson.id, null, { uploadId, filename: data.filename, sizeBytes: data.sizeBytes, contentType: data.contentType }),
  ]);
  await deleteStreamVideosQuietly(
    ctx.env,
    pending.map((p) => p.streamUid).filter((u): u is string => !!u),
    'superseded by a newer upload',
  );
  return { upload: uploadView(inserted[0]!), transfer };
}

export const ReceiveVideoInput = z.object({
  uploadId: Id,
  contentType: z.string().nullable(),
  contentLength: z.string().nullable(),
  body: z.custom<ReadableStream<Uint8Array> | null>((b) => b === null || b instanceof ReadableStream),
});

/**
 * PUT /api/admin/video-uploads/:uploadId — local development only: the raw file streams
 * through the Worker into the Stream simulator. The declared size is enforced exactly
 * (FixedLengthStream), the first bytes must be the declared type's, and the body is never
 * buffered whole.
 */
export async function receiveLocalVideoUpload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { uploadId, contentType, contentLength, body } = ReceiveVideoInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [row] = await db.select().from(streamUploads).where(scoped(streamUploads, eq(streamUploads.id, uploadId))).limit(1);
  if (!row) throw new NotFound('There is no such upload. Start the upload again from the lesson editor.');
  if (usesRealStream(ctx.env) || row.uploadUrl !== null) throw new Conflict('This upload goes directly to Stream, not through this address.');
  if (row.status !== 'uploading' || row.streamUid) {
    throw new Conflict(row.errorMessage === 'Replaced by a newer upload.' ? 'A newer upload replaced this one.' : 'This upload has already been received.');
  }
  const type = videoContentType(contentType);
  if (!type) throw new Invalid(`Send the video with its content type: ${VIDEO_CONTENT_TYPES.join(', ')}.`);
  const expected = row.sizeBytes ?? 0;
  if (contentLength !== null && (!/^\d+$/.test(contentLength.trim()) || Number(contentLength) !== expected)) {
    throw new Invalid(`The file is ${contentLength.trim()} bytes but the upload was started for ${expected} bytes. Start the upload again.`);
  }
  if (!body) throw new Invalid('The request has no file. Send the video as the request body.');

  const reader = body.getReader();
  let head = new Uint8Array(0);
  while (head.length < SNIFF_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    const merged = new Uint8Array(head.length + value.length);
    merged.set(head);
    merged.set(value, head.length);
    head = merged;
  }
  if (!matchesMagic(type, head)) {
    await reader.cancel().catch(() => undefined);
    await markFailed(ctx, row.id, 'The file is not a video of the type it claims to be.');
    throw new Invalid(`This file is not ${type === 'video/webm' ? 'a WebM' : type === 'video/quicktime' ? 'a QuickTime' : 'an MP4'} video: its first bytes do not match. Export the video again and upload that file.`);
  }
  if (head.length > expected) {
    await reader.cancel().catch(() => undefined);
    await markFailed(ctx, row.id, 'The file was larger than the size the upload was started with.');
    throw new Invalid(`The file is larger than the ${expected} bytes the upload was started for. Start the upload again.`);
  }

  // Exactly `expected` bytes or the stream errors, whatever Content-Length said.
  const { readable, writable } = new FixedLengthStream(expected);
  const scanner = type === 'video/webm' ? null : new Mp4DurationScanner();
  let received = 0;
  const pump = (async () => {
    const writer = writable.getWriter();
    try {
      scanner?.push(head);
      received += head.length;
      await writer.write(head);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        scanner?.push(value);
        received += value.length;
        await writer.write(value);
      }
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => undefined);
      await reader.cancel(err).catch(() => undefined);
      throw err;
    }
  })();

  const [uploaded, pumped] = await Promise.allSettled([
    streamOf(ctx.env).upload(readable, { meta: { schoolId: ctx.school.id, lessonId: row.lessonId, uploadId: row.id, contentType: type }, requireSignedURLs: true }),
    pump,
  ]);
  if (pumped.status === 'rejected' || received !== expected) {
    // FixedLengthStream refused the bytes (too many or too few), or the browser went away.
    if (uploaded.status === 'fulfilled') await deleteStreamVideosQuietly(ctx.env, [uploaded.value.id], 'incomplete upload');
    await markFailed(ctx, row.id, 'The file did not arrive whole (its size differed from the one declared, or the connection dropped).');
    throw new Invalid(`The file did not arrive whole: expected exactly ${expected} bytes. Start the upload again.`);
  }
  if (uploaded.status === 'rejected') {
    console.error(`[stream] local upload ${row.id} failed`, uploaded.reason);
    await markFailed(ctx, row.id, 'Stream did not accept the video.');
    throw new Unavailable('The video could not be stored. Please try again.');
  }
  const uid = uploaded.value.id;
  if (scanner?.moov) {
    // Where the MP4's index sits, so a byte-limited preview can still let the player read it
    // (see local-player.ts). Kept on the video, beside the rest of its meta.
    await streamOf(ctx.env)
      .video(uid)
      .update({ meta: { ...uploaded.value.meta, moovStart: String(scanner.moov.start), moovEnd: String(scanner.moov.end) } })
      .catch((err: unknown) => console.warn(`[stream] could not record the index position of ${uid}`, err));
  }

  const seconds = scanner?.seconds != null && Number.isFinite(scanner.seconds) ? Math.round(scanner.seconds) : null;
  const [stored] = await db.batch([
    db
      .update(streamUploads)
      .set({ streamUid: uid, durationSeconds: seconds, updatedAt: ctx.now })
      .where(scoped(streamUploads, eq(streamUploads.id, row.id), eq(streamUploads.status, 'uploading'), isNull(streamUploads.streamUid)))
      .returning(),
    audit(ctx, actor.user.id, 'lesson_video.uploaded', row.lessonId, null, { uploadId: row.id, sizeBytes: expected, durationSeconds: seconds }),
  ]);
  if (!stored[0]) {
    // Superseded while the bytes were arriving (or the same upload sent twice at once): the other one wins.
    await deleteStreamVideosQuietly(ctx.env, [uid], 'superseded while uploading');
    throw new Conflict('A newer upload replaced this one while it was arriving.');
  }
  // Stream has the bytes: processing, until details() says it is ready (the staff screen polls).
  const moved = await applyObservation({ schoolDb: ctx.schoolDb, env: ctx.env, now: ctx.now }, stored[0], { status: 'processing', durationSeconds: seconds, errorMessage: null });
  return { upload: uploadView(moved ?? stored[0]) };
}

async function markFailed(ctx: SchoolCtx, uploadId: string, reason: string) {
  await ctx.schoolDb.db
    .update(streamUploads)
    .set({ status: 'error', errorMessage: reason, updatedAt: ctx.now })
    .where(ctx.schoolDb.scoped(streamUploads, eq(streamUploads.id, uploadId), eq(streamUploads.status, 'uploading')));
}

/**
 * GET /api/admin/lessons/:lessonId/video — the lesson's current video and its latest
 * upload. Uploads Stream is still working on are checked with details() and advanced, so
 * the staff screen can poll this (locally it is the only way a status moves; in production
 * the webhook usually got there first).
 */
export async function getLessonVideo({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { lessonId } = z.object({ lessonId: Id }).parse(input);
  const lesson = await getLessonInSchool(ctx.schoolDb, lessonId);
  const rows = await uploadsOf(ctx, lesson.id);
  const inFlight = rows.filter((r) => r.streamUid && (r.status === 'uploading' || r.status === 'processing'));
  let moved = false;
  for (const row of inFlight) {
    let seen;
    try {
      seen = observe(await streamOf(ctx.env).video(row.streamUid!).details());
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
      seen = { status: 'error' as const, durationSeconds: null, errorMessage: 'The video is no longer in Stream.' };
    }
    moved = (await applyObservation({ schoolDb: ctx.schoolDb, env: ctx.env, now: ctx.now }, row, seen)) !== null || moved;
  }
  const [current] = moved ? await ctx.schoolDb.db.select({ videoRef: lessons.videoRef }).from(lessons).where(ctx.schoolDb.scoped(lessons, eq(lessons.id, lesson.id))).limit(1) : [lesson];
  const fresh = moved ? await uploadsOf(ctx, lesson.id) : rows;
  const video = fresh.find((r) => r.streamUid !== null && r.streamUid === current?.videoRef) ?? null;
  const latest = fresh.find((r) => r !== video) ?? null;
  return {
    lesson: { id: lesson.id, title: lesson.title, status: lesson.status },
    video: video ? uploadView(video) : null,
    /** The newest upload that is not the current video: in flight, or failed with its reason. */
    upload: latest && (!video || latest.createdAt.getTime() > video.createdAt.getTime()) ? uploadView(latest) : null,
  };
}

function uploadsOf(ctx: SchoolCtx, lessonId: string) {
  return ctx.schoolDb.db.select().from(streamUploads).where(ctx.schoolDb.scoped(streamUploads, eq(streamUploads.lessonId, lessonId))).orderBy(desc(streamUploads.createdAt));
}

export const DeleteLessonVideoInput = z.object({ lessonId: Id, confirm: z.boolean() });

/**
 * DELETE /api/admin/lessons/:lessonId/video[?confirm=true] — removes the lesson's video and
 * any upload in flight. On a published lesson learners lose the video at once, so that
 * needs confirm=true.
 */
export async function deleteLessonVideo({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { lessonId, confirm } = DeleteLessonVideoInput.parse(input);
  const lesson = await getLessonInSchool(ctx.schoolDb, lessonId);
  const { db, scoped } = ctx.schoolDb;
  if (lesson.status === 'published' && lesson.videoRef && !confirm) {
    throw new Conflict(`“${lesson.title}” is published: learners will no longer see its video. Confirm to delete it (confirm=true).`);
  }
  const [removed, , , clips] = await db.batch([
    db.delete(streamUploads).where(scoped(streamUploads, eq(streamUploads.lessonId, lesson.id))).returning({ id: streamUploads.id, streamUid: streamUploads.streamUid }),
    db.update(lessons).set({ videoRef: null, updatedAt: ctx.now }).where(scoped(lessons, eq(lessons.id, lesson.id))),
    audit(ctx, actor.user.id, 'lesson_video.deleted', lesson.id, { videoRef: lesson.videoRef }, null),
    deleteLessonClipRows(ctx.schoolDb, lesson.id),
  ]);
  const uids = new Set([lesson.videoRef, ...removed.map((r) => r.streamUid)].filter((u): u is string => !!u));
  await deleteStreamVideosQuietly(ctx.env, [...uids], 'lesson video deleted');
  await deleteClipsQuietly(
    ctx.env,
    clips.map((c) => c.clipUid),
    'lesson video deleted',
  );
  return { deleted: true as const };
}

/**
 * For deleting a lesson (courses/outline.ts): its upload rows go in the same batch, its
 * Stream videos (and its preview clips) after. The clip rows stay behind, naming a lesson
 * that no longer exists; nothing reads them again.
 */
export async function lessonVideoUids(ctx: Pick<SchoolCtx, 'schoolDb'>, lesson: { id: string; videoRef: string | null }): Promise<string[]> {
  const { db, scoped } = ctx.schoolDb;
  const [rows, clips] = await db.batch([
    db.select({ streamUid: streamUploads.streamUid }).from(streamUploads).where(scoped(streamUploads, eq(streamUploads.lessonId, lesson.id))),
    db.select({ clipUid: streamPreviewClips.clipUid }).from(streamPreviewClips).where(scoped(streamPreviewClips, eq(streamPreviewClips.lessonId, lesson.id))),
  ]);
  return [...new Set([lesson.videoRef, ...rows.map((r) => r.streamUid), ...clips.map((c) => c.clipUid)].filter((u): u is string => !!u))];
}

/** The lesson's upload and preview-clip rows, for the batch that deletes the lesson. */
export function deleteLessonUploadRows(ctx: Pick<SchoolCtx, 'schoolDb'>, lessonId: string) {
  const { db, scoped } = ctx.schoolDb;
  return [
    db.delete(streamUploads).where(scoped(streamUploads, eq(streamUploads.lessonId, lessonId))),
    db.delete(streamPreviewClips).where(scoped(streamPreviewClips, eq(streamPreviewClips.lessonId, lessonId))),
  ] as const;
}

/** Every Stream video a course's lessons use or were uploading, and their preview clips: what deleting the course must remove from Stream. */
export async function courseVideoUids(ctx: Pick<SchoolCtx, 'schoolDb'>, courseId: string): Promise<string[]> {
  const { db, scoped } = ctx.schoolDb;
  const courseLessons = db.select({ id: lessons.id }).from(lessons).where(scoped(lessons, eq(lessons.courseId, courseId)));
  const [refs, uploads, clips] = await db.batch([
    db.select({ uid: lessons.videoRef }).from(lessons).where(scoped(lessons, eq(lessons.courseId, courseId))),
    db.select({ uid: streamUploads.streamUid }).from(streamUploads).where(scoped(streamUploads, inArray(streamUploads.lessonId, courseLessons))),
    db.select({ uid: streamPreviewClips.clipUid }).from(streamPreviewClips).where(scoped(streamPreviewClips, inArray(streamPreviewClips.lessonId, courseLessons))),
  ]);
  return [...new Set([...refs, ...uploads, ...clips].map((r) => r.uid).filter((u): u is string => !!u))];
}

export function deleteCourseUploadRows(ctx: Pick<SchoolCtx, 'schoolDb'>, courseId: string) {
  const { db, scoped } = ctx.schoolDb;
  const courseLessons = db.select({ id: lessons.id }).from(lessons).where(scoped(lessons, eq(lessons.courseId, courseId)));
  return [
    db.delete(streamUploads).where(scoped(streamUploads, inArray(streamUploads.lessonId, courseLessons))),
    db.delete(streamPreviewClips).where(scoped(streamPreviewClips, inArray(streamPreviewClips.lessonId, courseLessons))),
  ] as const;
}
