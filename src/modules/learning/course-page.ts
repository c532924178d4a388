import { and, asc, eq, or, sql } from 'drizzle-orm';
import { offers } from '../commerce/schema.ts';
import { z } from 'zod';
import { Forbidden, NotFound, Unauthorized } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { bookmarks, lessonNotes, lessons } from '../courses/schema.ts';
import { transcriptsQuery } from '../courses/transcripts/store.ts';
import { lessonAttachmentsQuery } from '../media/attachments.ts';
import { protectionRowsQuery, resolveProtection } from '../media/protection/policy.ts';
import { lessonVideoQuery, lessonVideoView } from '../media/stream/lesson-video.ts';
import { buildCourseView, courseViewQueries } from './load.ts';

const Slug = z.string().trim().min(1).max(200);
/** `?as=student` (staff only; ignored for everyone else) — see ViewAs in load.ts. */
const As = z.enum(['student']).optional().catch(undefined);
export const GetCoursePageInput = z.object({ slug: Slug, as: As });
export const GetLessonInput = z.object({ slug: Slug, lessonId: z.string().trim().min(1).max(100), as: As });

/** The course page: the course, its outline with per-lesson access, and the viewer's progress. One batch. */
export async function getCoursePage({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  // Public: the outline is visible to anyone; access per lesson says what they may open.
  const { slug, as } = GetCoursePageInput.parse(input);
  const [courseRows, chapterRows, lessonRows, entRows, progressRows, offerRows] = await ctx.schoolDb.db.batch([...courseViewQueries(ctx, { slug }), activeOffersQuery(ctx, slug)]);
  const view = buildCourseView(ctx, [courseRows, chapterRows, lessonRows, entRows, progressRows], as);
  // A paid course is sold through offers: the page lists the active ones that grant it.
  return { ...courseScreen(ctx, view), offers: view.course.accessLevel === 'paid' ? offerRows : [] };
}

/** Active offers granting the course: those listing it, and those granting every course. Rides in the page's batch. */
function activeOffersQuery(ctx: SchoolCtx, slug: string) {
  const { db, scoped, schoolId } = ctx.schoolDb;
  const listsCourse = sql`${offers.id} in (select oc.offer_id from offer_courses oc join courses c on c.id = oc.course_id and c.school_id = oc.school_id where oc.school_id = ${schoolId} and c.slug = ${slug})`;
  return db
    .select({ id: offers.id, title: offers.title, offerType: offers.offerType, priceCents: offers.priceCents, currency: offers.currency, billingInterval: offers.billingInterval })
    .from(offers)
    .where(scoped(offers, eq(offers.status, 'active'), or(eq(offers.accessScope, 'all_courses'), and(eq(offers.accessScope, 'courses'), listsCourse))))
    .orderBy(asc(offers.priceCents), asc(offers.title));
}

/** What the course page and the lesson player both show: the course, its outline with access, the viewer's progress. */
function courseScreen(ctx: SchoolCtx, view: ReturnType<typeof buildCourseView>) {
  const { course } = view;
  return {
    course: { id: course.id, slug: course.slug, title: course.title, summary: course.summary, description: course.description, status: course.status, accessLevel: course.accessLevel, priceCents: course.priceCents, currency: course.currency },
    viewingAsStudent: view.preview,
    chapters: view.outline,
    viewer: ctx.actor ? view.viewerProgress : null,
  };
}

/**
 * One lesson with everything its screen shows, in one batch. Content leaves only when
 * lessonAccess says open; otherwise the lock's sentence is the answer.
 */
export async function getLessonForLearner({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const { slug, lessonId, as } = GetLessonInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const userId = ctx.actor?.user.id ?? '';
  const [courseRows, chapterRows, lessonRows, entRows, progressRows, full, notes, bookmark, transcriptRows, attachments, videoRows, policyRows] = await db.batch([
    ...courseViewQueries(ctx, { slug }),
    db.select({ id: lessons.id, courseId: lessons.courseId, body: lessons.body }).from(lessons).where(scoped(lessons, eq(lessons.id, lessonId))).limit(1),
    db.select().from(lessonNotes).where(scoped(lessonNotes, eq(lessonNotes.userId, userId), eq(lessonNotes.lessonId, lessonId))).orderBy(asc(lessonNotes.createdAt)),
    db.select({ id: bookmarks.id }).from(bookmarks).where(scoped(bookmarks, and(eq(bookmarks.userId, userId), eq(bookmarks.lessonId, lessonId)))).limit(1),
    transcriptsQuery(ctx.schoolDb, lessonId),
    lessonAttachmentsQuery(ctx.schoolDb, lessonId),
    lessonVideoQuery(ctx.schoolDb, lessonId),
    protectionRowsQuery(ctx.schoolDb, { slug }),
  ]);
  const view = buildCourseView(ctx, [courseRows, chapterRows, lessonRows, entRows, progressRows], as);
  const index = view.ordered.findIndex((l) => l.id === lessonId);
  const entry = view.ordered[index];
  const content = full[0];
  if (!entry || !content || content.courseId !== view.course.id) throw new NotFound('There is no such lesson in this course.');
  if (!entry.access.open) {
    // The reason travels as data too, so the player can offer the right way in without a second call.
    const details = { reason: entry.access.reason, opensAt: entry.access.opensAt ?? null, course: { accessLevel: view.course.accessLevel, priceCents: view.course.priceCents, currency: view.course.currency }, enrolled: view.viewerProgress.enrolled };
    if (entry.access.reason === 'not_signed_in') throw new Unauthorized(entry.access.message, details);
    throw new Forbidden(entry.access.message, details);
  }
  const progress = progressRows.map((r) => r.progress).find((p) => p.lessonId === lessonId);
  const protection = resolveProtection(policyRows);
  return {
    // The whole course screen rides along, so the player draws its outline, neighbours and progress from this one call.
    ...courseScreen(ctx, view),
    // The Stream id stays on the server: video leaves only through playback tokens.
    lesson: { ...entry, body: content.body, attachments, video: lessonVideoView(videoRows, transcriptRows.map((t) => t.language)) },
    previousLessonId: view.ordered[index - 1]?.id ?? null,
    nextLessonId: view.ordered[index + 1]?.id ?? null,
    progress: progress ? { progress: progress.progress, positionSeconds: progress.lastPositionSeconds, completedAt: progress.completedAt } : null,
    notes: notes.map((n) => ({ id: n.id, body: n.body, videoPositionSeconds: n.videoPositionSeconds, createdAt: n.createdAt, updatedAt: n.updatedAt })),
    bookmarked: bookmark.length > 0,
    transcripts: transcriptRows,
    /** How the client should treat the content (copy_mode is advisory; downloads are enforced by the server). */
    protection: { copyMode: protection.copyMode, downloadMode: protection.downloadMode },
  };
}
