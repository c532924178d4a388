import { and, asc, eq, getTableColumns, isNull, or, sql } from 'drizzle-orm';
import { Forbidden, NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { hasRole } from '../identity/roles.ts';
import { chapters, courses, entitlements, lessons, userProgress } from '../courses/schema.ts';
import { previewLessonLimitSql } from '../media/protection/policy.ts';
import { type LessonAccess, entitlementActive, lessonAccess } from './access.ts';
import { resumePoint } from './resume.ts';

/** Outline columns only: a lesson's body, video and attachments never leave through here. */
export const outlineLesson = {
  id: lessons.id,
  chapterId: lessons.chapterId,
  title: lessons.title,
  position: lessons.position,
  status: lessons.status,
  isPreview: lessons.isPreview,
  isRequired: lessons.isRequired,
  estimatedMinutes: lessons.estimatedMinutes,
  releaseAt: lessons.releaseAt,
  releaseAfterDays: lessons.releaseAfterDays,
};

/**
 * The statements that load a course page for the viewer, to be sent in ONE db.batch with
 * whatever else a route needs. Anonymous viewers still run the per-user selects (they
 * match nothing) so the batch keeps one shape.
 */
export function courseViewQueries(ctx: SchoolCtx, by: { slug: string } | { courseId: string } | { lessonId: string }) {
  const { db, scoped, schoolId } = ctx.schoolDb;
  const userId = ctx.actor?.user.id ?? '';
  const match =
    'slug' in by
      ? eq(courses.slug, by.slug)
      : 'courseId' in by
        ? eq(courses.id, by.courseId)
        : eq(courses.id, sql`(select ${lessons.courseId} from ${lessons} where ${lessons.id} = ${by.lessonId} and ${lessons.schoolId} = ${schoolId})`);
  const onCourse = and(eq(courses.id, lessons.courseId), eq(courses.schoolId, lessons.schoolId));
  return [
    db.select(courseColumns(ctx)).from(courses).where(scoped(courses, match)).limit(1),
    db.select({ chapter: chapters }).from(chapters).innerJoin(courses, and(eq(courses.id, chapters.courseId), eq(courses.schoolId, chapters.schoolId))).where(scoped(chapters, match)).orderBy(asc(chapters.position)),
    db.select(outlineLesson).from(lessons).innerJoin(courses, onCourse).where(scoped(lessons, match)).orderBy(asc(lessons.position)),
    db
      .select({ entitlement: entitlements })
      .from(entitlements)
      .leftJoin(courses, and(eq(courses.id, entitlements.courseId), eq(courses.schoolId, entitlements.schoolId)))
      .where(scoped(entitlements, eq(entitlements.userId, userId), isNull(entitlements.revokedAt), or(eq(entitlements.type, 'all_courses'), eq(entitlements.type, 'downloads'), and(eq(entitlements.type, 'course'), match)))),
    db.select({ progress: userProgress }).from(userProgress).innerJoin(courses, and(eq(courses.id, userProgress.courseId), eq(courses.schoolId, userProgress.schoolId))).where(scoped(userProgress, eq(userProgress.userId, userId), match)),
  ] as const;
}

/** A course row as the access rule needs it: the content protection policy's preview lesson limit rides along. */
export function courseColumns(ctx: SchoolCtx) {
  return { ...getTableColumns(courses), previewLessonLimit: previewLessonLimitSql(ctx.schoolDb).as('preview_lesson_limit') };
}

type Rows<Q extends readonly unknown[]> = { [K in keyof Q]: Awaited<Q[K]> };
export type CourseViewRows = Rows<ReturnType<typeof courseViewQueries>>;

export type OutlineLesson = { id: string; chapterId: string; title: string; position: number; isPreview: boolean; isRequired: boolean; estimatedMinutes: number | null; access: LessonAccess };

/**
 * "View as student": staff see the course as a student who enrolled just now would — only
 * published chapters and lessons, and every lock a student would meet. A draft course is
 * shown as if it were published, so it can be checked before it goes out.
 */
export type ViewAs = 'student' | undefined;

/** Turns the batch's rows into the course, its outline with access per lesson, and the viewer's state. */
export function buildCourseView(ctx: SchoolCtx, [courseRows, chapterRows, lessonRows, entRows, progressRows]: CourseViewRows, viewAs?: ViewAs) {
  const found = courseRows[0];
  const isStaff = !!ctx.actor && hasRole(ctx.actor.membership.role, 'instructor');
  // Unpublished courses do not exist for learners: same answer as another school's course.
  if (!found || (found.status !== 'published' && !isStaff)) throw new NotFound('There is no such course.');
  const now = ctx.now;
  const preview = isStaff && viewAs === 'student';
  const staff = isStaff && !preview;
  const course = preview ? { ...found, status: 'published' as const } : found;
  const held = entRows.map((r) => r.entitlement).filter((e) => entitlementActive(e, now));
  // A `downloads` entitlement (an offer selling the school's downloads) opens no lesson.
  const active = held.filter((e) => e.type !== 'downloads');
  const holdsDownloads = held.some((e) => e.type === 'downloads');
  // The earliest active enrollment starts the drip clock.
  const entitlement = preview ? { startsAt: now, endsAt: null, revokedAt: null } : (active.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null);
  const viewer = preview ? { role: 'student' as const } : ctx.actor ? { role: ctx.actor.membership.role } : null;
  const visibleChapters = chapterRows.map((r) => r.chapter).filter((ch) => staff || ch.status === 'published');
  // Someone without access (no active entitlement, not staff) gets only the first N preview
  // lessons as previews; everyone else sees the lesson rows as authored.
  const visibleLessons = visibleChapters.flatMap((ch) => lessonRows.filter((l) => l.chapterId === ch.id && (staff || l.status === 'published')));
  const previews = previewsWithinLimit(visibleLessons, !staff && entitlement === null ? found.previewLessonLimit : null);
  const outline = visibleChapters.map((chapter) => ({
    id: chapter.id,
    title: chapter.title,
    position: chapter.position,
    releaseAt: chapter.releaseAt,
    lessons: lessonRows
      .filter((l) => l.chapterId === chapter.id && (staff || l.status === 'published'))
      .map((row): OutlineLesson => ({
        id: row.id,
        chapterId: row.chapterId,
        title: row.title,
        position: row.position,
        isPreview: previews.has(row.id),
        isRequired: row.isRequired,
        estimatedMinutes: row.estimatedMinutes,
        access: lessonAccess({ lesson: { ...row, isPreview: previews.has(row.id) }, chapter, course, viewer, entitlement, now }),
      })),
  }));
  const ordered = outline.flatMap((ch) => ch.lessons);
  const progress = preview ? [] : progressRows.map((r) => r.progress).filter((p) => ordered.some((l) => l.id === p.lessonId));
  const completed = new Set(progress.filter((p) => p.completedAt).map((p) => p.lessonId));
  const required = ordered.filter((l) => l.isRequired);
  const percent = required.length ? Math.round((100 * required.filter((l) => completed.has(l.id)).length) / required.length) : 0;
  const continueWith = resumePoint(ordered.map((l) => ({ id: l.id, open: l.access.open })), progress);
  return {
    course: found,
    preview,
    outline,
    ordered,
    entitlement,
    holdsDownloads,
    viewerProgress: {
      enrolled: entitlement !== null,
      completedLessonIds: [...completed],
      percent,
      continueWith,
    },
  };
}

/**
 * The preview lessons that stay previews when a course allows `limit` of them: the first
 * ones in outline order (null = no limit). Pure; the caller decides who the limit is for.
 */
export function previewsWithinLimit(ordered: { id: string; isPreview: boolean }[], limit: number | null): Set<string> {
  const previews = ordered.filter((l) => l.isPreview).map((l) => l.id);
  return new Set(limit === null ? previews : previews.slice(0, Math.max(0, limit)));
}

/**
 * For writes on a lesson (progress, notes, bookmarks): the lesson must exist in this school
 * and be open to the signed-in viewer. One batch; returns the course view and the lesson.
 */
export async function requireOpenLesson(ctx: SchoolCtx, lessonId: string) {
  const rows = await ctx.schoolDb.db.batch(courseViewQueries(ctx, { lessonId }));
  let view: ReturnType<typeof buildCourseView>;
  try {
    view = buildCourseView(ctx, rows);
  } catch {
    throw new NotFound('There is no such lesson.');
  }
  const lesson = view.ordered.find((l) => l.id === lessonId);
  if (!lesson) throw new NotFound('There is no such lesson.');
  if (!lesson.access.open) throw new Forbidden(lesson.access.message);
  return { view, lesson };
}
