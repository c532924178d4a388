import { eq, sql } from 'drizzle-orm';
import { insertWhere } from '../../../platform/db/guarded-write.ts';
import { Conflict, Invalid, NotFound, TooLarge, UnsupportedType } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { getCourseInSchool, getLessonInSchool } from '../../courses/lookup.ts';
import { type Actor, requireRole } from '../../identity/actor.ts';
import { mediaFiles, mediaUploadParts } from '../schema.ts';
import { fileSummary, mediaAudit } from './audit.ts';
import { canonicalType, expectedPartSize, FILE_TYPES, type FileType, formatBytes, PURPOSE_RULES, uploadShape } from './limits.ts';
import { objectKey } from './object-key.ts';
import { readExactly } from './read-body.ts';
import { describeBytes, looksLike, SNIFF_BYTES } from './sniff.ts';
import { getFileInSchool, libraryFile, type MediaFile, receivedPartsQuery, uploadProgress } from './store.ts';
import { CreateUploadInput, FileIdInput, PartInput } from './validation.ts';

// Staff uploads into R2. A file is declared first (purpose, name, type, size), then its bytes
// arrive in one PUT (up to PART_SIZE) or as an R2 multipart upload whose parts are recorded,
// so a reloaded page can see what is in and resend only what is missing.

type Body = ReadableStream<Uint8Array> | null;

/** POST /api/admin/courses/:courseId/files: declares an upload; answers with how to send the bytes. */
export async function createUpload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const data = CreateUploadInput.parse(input);
  const course = await getCourseInSchool(ctx.schoolDb, data.courseId);
  const rules = PURPOSE_RULES[data.purpose];
  let lessonId: string | null = null;
  if (data.purpose === 'lesson_attachment') {
    if (!data.lessonId) throw new Invalid('Say which lesson the attachment belongs to (lessonId).');
    const lesson = await getLessonInSchool(ctx.schoolDb, data.lessonId);
    if (lesson.courseId !== course.id) throw new NotFound('That lesson is not part of this course.');
    lessonId = lesson.id;
  } else if (data.lessonId) {
    throw new Invalid(`A ${rules.label} belongs to the course, not a lesson: leave lessonId out, or upload it as a lesson_attachment.`);
  }
  const type = canonicalType(data.contentType);
  if (!type || !rules.types.includes(type)) throw new UnsupportedType(typeRefusal(rules.label, data.contentType, rules.types));
  if (data.sizeBytes > rules.maxBytes) {
    throw new TooLarge(`“${data.filename}” is ${formatBytes(data.sizeBytes)}; a ${rules.label} may be at most ${formatBytes(rules.maxBytes)}.`);
  }

  const id = crypto.randomUUID();
  const key = objectKey(ctx.school.id, data.purpose, id, data.filename);
  const shape = uploadShape(data.sizeBytes);
  const multipart =
    shape.method === 'multipart'
      ? await ctx.env.MEDIA.createMultipartUpload(key, { httpMetadata: { contentType: type }, customMetadata: { schoolId: ctx.school.id, fileId: id } })
      : null;
  const file = ctx.schoolDb.withSchool({
    id,
    key,
    purpose: data.purpose,
    courseId: course.id,
    lessonId,
    filename: data.filename,
    contentType: type,
    sizeBytes: data.sizeBytes,
    status: 'uploading' as const,
    multipartUploadId: multipart?.uploadId ?? null,
    createdBy: actor.user.id,
    createdAt: ctx.now,
  });
  const { db } = ctx.schoolDb;
  try {
    await db.batch([db.insert(mediaFiles).values(file), mediaAudit(ctx, actor, 'media_file.upload_started', { type: 'media_file', id }, null, fileSummary(file))]);
  } catch (err) {
    await multipart?.abort().catch(() => {});
    throw err;
  }
  const row = await getFileInSchool(ctx.schoolDb, id);
  return { file: libraryFile(row, []) };
}

/** PUT /api/admin/files/:fileId/content: the whole file in one request (files up to PART_SIZE). */
export async function putFileContent({ ctx, input, body }: { ctx: SchoolCtx; input: unknown; body: Body }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { fileId } = FileIdInput.parse(input);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  requireUploading(file);
  if (file.multipartUploadId) throw new Conflict(`“${file.filename}” is uploaded in parts: PUT each part to /api/admin/files/${file.id}/parts/<n>, then complete it.`);

  const bytes = await readExactly(body, file.sizeBytes, `“${file.filename}”`);
  await requireMagic(ctx, actor, file, bytes);
  const object = await ctx.env.MEDIA.put(file.key, bytes, { httpMetadata: { contentType: file.contentType }, customMetadata: { schoolId: ctx.school.id, fileId: file.id } });
  return { file: await markReady(ctx, actor, file, object.httpEtag) };
}

/**
 * PUT /api/admin/files/:fileId/parts/:partNumber: one part, exactly its expected size. Sending
 * a part again replaces it: that is how a part that failed is resumed. Part 1 carries the
 * file's first bytes, so the type check happens when it arrives.
 */
export async function putFilePart({ ctx, input, body }: { ctx: SchoolCtx; input: unknown; body: Body }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { fileId, partNumber } = PartInput.parse(input);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  requireUploading(file);
  const shape = uploadShape(file.sizeBytes);
  if (!file.multipartUploadId || shape.method !== 'multipart') {
    throw new Conflict(`“${file.filename}” is small enough for one request: PUT it whole to /api/admin/files/${file.id}/content.`);
  }
  if (partNumber > shape.partCount) throw new Invalid(`“${file.filename}” has ${shape.partCount} parts; there is no part ${partNumber}.`);

  const size = expectedPartSize(file.sizeBytes, partNumber);
  const bytes = await readExactly(body, size, `part ${partNumber} of “${file.filename}”`);
  if (partNumber === 1) await requireMagic(ctx, actor, file, bytes);
  let etag: string;
  try {
    ({ etag } = await ctx.env.MEDIA.resumeMultipartUpload(file.key, file.multipartUploadId).uploadPart(partNumber, bytes));
  } catch (err) {
    throw await uploadGone(ctx, file, err);
  }
  const { db, scoped, withSchool } = ctx.schoolDb;
  const stillUploading = sql`exists (select 1 from ${mediaFiles} where ${scoped(mediaFiles, eq(mediaFiles.id, file.id), eq(mediaFiles.status, 'uploading'))})`;
  // Replace, not add: a resent part supersedes the earlier attempt. Guarded, so a part that
  // lands after the upload was completed or aborted leaves no row behind.
  await db.batch([
    db.delete(mediaUploadParts).where(scoped(mediaUploadParts, eq(mediaUploadParts.fileId, file.id), eq(mediaUploadParts.partNumber, partNumber))),
    insertWhere(db, mediaUploadParts, withSchool({ fileId: file.id, partNumber, etag, sizeBytes: size, createdAt: ctx.now }), stillUploading),
  ]);
  const parts = await receivedPartsQuery(ctx.schoolDb, [file.id]);
  return { part: { partNumber, sizeBytes: size }, upload: uploadProgress(file, parts.map((p) => p.partNumber)) };
}

/** POST /api/admin/files/:fileId/complete: joins the recorded parts, in order, once every one is in. */
export async function completeUpload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { fileId } = FileIdInput.parse(input);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  if (file.status === 'ready') return { file: libraryFile(file, []) };
  requireUploading(file);
  const shape = uploadShape(file.sizeBytes);
  if (!file.multipartUploadId || shape.method !== 'multipart') {
    throw new Conflict(`“${file.filename}” is not a multipart upload: PUT it whole to /api/admin/files/${file.id}/content.`);
  }
  const parts = await receivedPartsQuery(ctx.schoolDb, [file.id]);
  const received = new Set(parts.map((p) => p.partNumber));
  const missing = Array.from({ length: shape.partCount }, (_, i) => i + 1).filter((n) => !received.has(n));
  if (missing.length) {
    throw new Conflict(`“${file.filename}” is not complete: part${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${shape.partCount} ${missing.length > 1 ? 'have' : 'has'} not arrived. Send ${missing.length > 1 ? 'them' : 'it'}, then complete the upload.`);
  }
  const wrong = parts.find((p) => p.sizeBytes !== expectedPartSize(file.sizeBytes, p.partNumber));
  const total = parts.reduce((sum, p) => sum + p.sizeBytes, 0);
  if (wrong || total !== file.sizeBytes) {
    throw new Conflict(`The parts of “${file.filename}” add up to ${formatBytes(total)}, not the ${formatBytes(file.sizeBytes)} declared. Resend part ${wrong?.partNumber ?? parts.length}, then complete the upload.`);
  }
  let object: R2Object;
  try {
    object = await ctx.env.MEDIA.resumeMultipartUpload(file.key, file.multipartUploadId).complete(parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })));
  } catch (err) {
    // A second "complete" racing the first finds the upload already joined.
    const now = await getFileInSchool(ctx.schoolDb, file.id);
    if (now.status === 'ready') return { file: libraryFile(now, []) };
    throw await uploadGone(ctx, file, err);
  }
  if (object.size !== file.sizeBytes) {
    await ctx.env.MEDIA.delete(file.key);
    throw new Conflict(`R2 joined “${file.filename}” into ${formatBytes(object.size)}, not ${formatBytes(file.sizeBytes)}; nothing was kept. Start the upload again.`);
  }
  return { file: await markReady(ctx, actor, file, object.httpEtag) };
}

/** POST /api/admin/files/:fileId/abort: gives up an unfinished upload; its parts and its record go. */
export async function abortUpload({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'instructor');
  const { fileId } = FileIdInput.parse(input);
  const file = await getFileInSchool(ctx.schoolDb, fileId);
  if (file.status === 'ready') throw new Conflict(`“${file.filename}” is already uploaded; delete it from the media library instead.`);
  const { db, scoped } = ctx.schoolDb;
  await db.batch([
    db.delete(mediaUploadParts).where(scoped(mediaUploadParts, eq(mediaUploadParts.fileId, file.id))),
    db.delete(mediaFiles).where(scoped(mediaFiles, eq(mediaFiles.id, file.id))),
    mediaAudit(ctx, actor, 'media_file.upload_aborted', { type: 'media_file', id: file.id }, fileSummary(file), null),
  ]);
  await discardObject(ctx, file);
  return { aborted: true as const };
}

function requireUploading(file: MediaFile) {
  if (file.status === 'ready') throw new Conflict(`“${file.filename}” is already uploaded. To replace it, upload a new file.`);
  if (file.status === 'failed') throw new Conflict(`The upload of “${file.filename}” was refused. Delete it and upload the file again.`);
}

/**
 * The declared type must match the bytes. A mismatch stores nothing: the multipart upload is
 * aborted, its parts forgotten, and the file marked failed (so the library says why).
 */
async function requireMagic(ctx: SchoolCtx, actor: Actor, file: MediaFile, bytes: Uint8Array) {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const type = file.contentType as FileType;
  if (looksLike(type, head)) return;
  const seen = describeBytes(head);
  const { db, scoped } = ctx.schoolDb;
  await db.batch([
    db.update(mediaFiles).set({ status: 'failed', multipartUploadId: null }).where(scoped(mediaFiles, eq(mediaFiles.id, file.id), eq(mediaFiles.status, 'uploading'))),
    db.delete(mediaUploadParts).where(scoped(mediaUploadParts, eq(mediaUploadParts.fileId, file.id))),
    mediaAudit(ctx, actor, 'media_file.rejected', { type: 'media_file', id: file.id }, fileSummary(file), { status: 'failed' }, { reason: 'content_mismatch', looksLike: seen }),
  ]);
  await discardObject(ctx, file);
  throw new UnsupportedType(
    `“${file.filename}” is not a ${FILE_TYPES[type]}${seen ? `: its contents look like ${seen}` : ''}. Nothing was stored. Check that you chose the right file, then upload it again.`,
  );
}

/** ready: the object is in R2 and its bytes were checked. Guarded, so a file deleted meanwhile stays deleted. */
async function markReady(ctx: SchoolCtx, actor: Actor, file: MediaFile, etag: string) {
  const { db, scoped } = ctx.schoolDb;
  const [, updated] = await db.batch([
    db.delete(mediaUploadParts).where(scoped(mediaUploadParts, eq(mediaUploadParts.fileId, file.id))),
    db
      .update(mediaFiles)
      .set({ status: 'ready', etag, multipartUploadId: null, completedAt: ctx.now })
      .where(scoped(mediaFiles, eq(mediaFiles.id, file.id), eq(mediaFiles.status, 'uploading')))
      .returning(),
    mediaAudit(ctx, actor, 'media_file.uploaded', { type: 'media_file', id: file.id }, { status: file.status }, { status: 'ready', sizeBytes: file.sizeBytes }),
  ]);
  const row = updated[0];
  if (!row) {
    const now = await ctx.schoolDb.db.select().from(mediaFiles).where(scoped(mediaFiles, eq(mediaFiles.id, file.id))).limit(1);
    if (now[0]?.status === 'ready') return libraryFile(now[0], []);
    // Deleted or aborted while its bytes were arriving: do not leave an object nobody owns.
    await ctx.env.MEDIA.delete(file.key);
    throw new Conflict(`The upload of “${file.filename}” was cancelled while it was arriving; nothing was kept.`);
  }
  return libraryFile(row, []);
}

/** Removes whatever R2 holds for a file that is not (or no longer) wanted: its object and any unfinished multipart upload. */
async function discardObject(ctx: SchoolCtx, file: { key: string; multipartUploadId: string | null }) {
  if (file.multipartUploadId) {
    await ctx.env.MEDIA.resumeMultipartUpload(file.key, file.multipartUploadId)
      .abort()
      .catch(() => {});
  }
  await ctx.env.MEDIA.delete(file.key);
}

/** R2 no longer knows the multipart upload (completed, aborted, or expired after 7 days). */
async function uploadGone(ctx: SchoolCtx, file: MediaFile, err: unknown) {
  console.error(`[media] multipart upload ${file.multipartUploadId} of file ${file.id} failed in R2`, err);
  const [now] = await ctx.schoolDb.db.select({ status: mediaFiles.status }).from(mediaFiles).where(ctx.schoolDb.scoped(mediaFiles, eq(mediaFiles.id, file.id))).limit(1);
  if (!now) return new NotFound('That upload was cancelled; upload the file again.');
  if (now.status === 'ready') return new Conflict(`“${file.filename}” is already uploaded.`);
  return new Conflict(`R2 no longer has this upload of “${file.filename}” (unfinished uploads expire after 7 days). Abort it and upload the file again.`);
}

function typeRefusal(label: string, declared: string, allowed: readonly FileType[]) {
  const names = allowed.map((t) => FILE_TYPES[t]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  const what = declared.trim() ? `“${declared.trim()}” files` : 'Files of an unknown type';
  return `${what} cannot be used as a ${label}. Upload a ${list}.`;
}
