import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { Forbidden } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { requireActor } from '../../identity/actor.ts';
import { downloads, downloadTokens, mediaFiles } from '../schema.ts';
import { courseViewWithProtection, downloadVerdict, getOfferedDownload, holdsCourseFiles, verdictFor } from './eligibility.ts';
import { DownloadIdInput } from './manage.ts';
import { signDownloadToken } from './token.ts';
import { fileTokenKeys } from './token-keys.ts';

/** How long a minted link may wait before its first use. */
export const LINK_TTL_SECONDS = 5 * 60;

/**
 * POST /api/downloads/:downloadId/link: a signed, single-use link to the file, valid for five
 * minutes, for the signed-in member if they may take it (see eligibility.ts). The link names
 * a download_tokens row, which its first use stamps.
 */
export async function mintDownloadLink({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { downloadId } = DownloadIdInput.parse(input);
  const keys = await fileTokenKeys(ctx.env);
  const { download } = await getOfferedDownload(ctx.schoolDb, downloadId);
  const verdict = await verdictFor(ctx, download);
  if (!verdict.allowed) throw new Forbidden(verdict.message);

  const tokenId = crypto.randomUUID();
  const exp = Math.floor(ctx.now.getTime() / 1000) + LINK_TTL_SECONDS;
  const expiresAt = new Date(exp * 1000);
  await ctx.schoolDb.db.insert(downloadTokens).values(ctx.schoolDb.withSchool({ id: tokenId, downloadId: download.id, userId: actor.user.id, expiresAt, createdAt: ctx.now }));
  const token = await signDownloadToken(keys, { school: ctx.school.id, user: actor.user.id, object: { download: download.id, token: tokenId }, exp });
  return { url: `/files/${token}`, expiresAt: expiresAt.toISOString() };
}

/**
 * GET /api/courses/:slug/downloads: the course-level downloads (not lesson attachments, which
 * come with their lesson), and whether the viewer may take them — with the sentence saying
 * why not. Anyone who can see the course sees the list, as they see its outline.
 */
export async function listCourseDownloads({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const { slug } = z.object({ slug: z.string().trim().min(1).max(200) }).parse(input);
  const { view, protection, isStaff } = await courseViewWithProtection(ctx, { slug });
  const { db, scoped } = ctx.schoolDb;
  const rows = await db
    .select({ downloadId: downloads.id, title: downloads.title, filename: mediaFiles.filename, contentType: mediaFiles.contentType, sizeBytes: mediaFiles.sizeBytes })
    .from(downloads)
    .innerJoin(mediaFiles, and(eq(mediaFiles.id, downloads.fileId), eq(mediaFiles.schoolId, downloads.schoolId)))
    .where(scoped(downloads, eq(downloads.courseId, view.course.id), isNull(downloads.lessonId), eq(mediaFiles.status, 'ready')))
    .orderBy(asc(downloads.createdAt));
  const verdict = ctx.actor
    ? downloadVerdict({ isStaff, lessonAccess: null, holdsCourse: holdsCourseFiles(view, true), accessLevel: view.course.accessLevel, mode: protection.downloadMode })
    : { allowed: false as const, message: 'Sign in to download these files.' };
  return {
    downloads: rows,
    downloadMode: protection.downloadMode,
    canDownload: verdict.allowed,
    reason: verdict.allowed ? null : verdict.message,
  };
}
