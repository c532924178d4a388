import { api } from '../../lib/api';
import { boolean, list, nullableInstant, object, oneOf, string, stringList, type Json } from '../../lib/json';
import { ACCESS_LEVELS, type AccessLevel } from './learning-format';
import { nullableNum, num } from './learning-json';

// GET /api/courses/:slug (src/modules/learning/course-page.ts): the course, its outline with
// each lesson's access for this viewer, and the viewer's progress. Never a lesson body.

export const LOCK_REASONS = ['not_signed_in', 'not_entitled', 'drip', 'chapter_not_released', 'not_published'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export type LessonAccess = { open: true } | { open: false; reason: LockReason; message: string; opensAt: Date | null };

export type OutlineLesson = {
  id: string;
  chapterId: string;
  title: string;
  isPreview: boolean;
  isRequired: boolean;
  estimatedMinutes: number | null;
  access: LessonAccess;
};

export type OutlineChapter = { id: string; title: string; releaseAt: Date | null; lessons: OutlineLesson[] };

export type ViewerProgress = {
  enrolled: boolean;
  completedLessonIds: string[];
  percent: number;
  continueWith: { lessonId: string; positionSeconds: number } | null;
};

export type CourseInfo = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  description: string;
  /** Staff may open drafts; learners only ever get published courses. */
  status: string;
  accessLevel: AccessLevel;
  priceCents: number | null;
  currency: string;
};

export type CoursePageData = {
  course: CourseInfo;
  /** True when staff asked for `?as=student` and the Worker answered as a new student would see it. */
  viewingAsStudent: boolean;
  chapters: OutlineChapter[];
  /** Null when signed out. */
  viewer: ViewerProgress | null;
};

export function parseAccess(data: unknown): LessonAccess {
  const access = object(data, 'access');
  if (boolean(access, 'open')) return { open: true };
  return { open: false, reason: oneOf(access, 'reason', LOCK_REASONS), message: string(access, 'message'), opensAt: nullableInstant(access, 'opensAt') };
}

function parseLesson(data: unknown): OutlineLesson {
  const l = object(data, 'lesson');
  return {
    id: string(l, 'id'),
    chapterId: string(l, 'chapterId'),
    title: string(l, 'title'),
    isPreview: boolean(l, 'isPreview'),
    isRequired: boolean(l, 'isRequired'),
    estimatedMinutes: nullableNum(l, 'estimatedMinutes'),
    access: parseAccess(l.access),
  };
}

function parseViewer(data: unknown): ViewerProgress | null {
  if (data === null || data === undefined) return null;
  const v = object(data, 'viewer');
  const next = v.continueWith === null || v.continueWith === undefined ? null : object(v.continueWith, 'continueWith');
  return {
    enrolled: boolean(v, 'enrolled'),
    completedLessonIds: stringList(v, 'completedLessonIds'),
    percent: num(v, 'percent'),
    continueWith: next ? { lessonId: string(next, 'lessonId'), positionSeconds: num(next, 'positionSeconds') } : null,
  };
}

function parseCourse(c: Json): CourseInfo {
  return {
    id: string(c, 'id'),
    slug: string(c, 'slug'),
    title: string(c, 'title'),
    summary: typeof c.summary === 'string' ? c.summary : '',
    description: typeof c.description === 'string' ? c.description : '',
    status: typeof c.status === 'string' ? c.status : 'published',
    accessLevel: oneOf(c, 'accessLevel', ACCESS_LEVELS),
    priceCents: nullableNum(c, 'priceCents'),
    currency: typeof c.currency === 'string' && c.currency ? c.currency : 'usd',
  };
}

export function parseCoursePage(data: unknown): CoursePageData {
  const body = object(data, 'course page');
  return {
    course: parseCourse(object(body.course, 'course')),
    viewingAsStudent: body.viewingAsStudent === true,
    chapters: list(body, 'chapters').map((entry) => {
      const ch = object(entry, 'chapter');
      return { id: string(ch, 'id'), title: string(ch, 'title'), releaseAt: nullableInstant(ch, 'releaseAt'), lessons: list(ch, 'lessons').map(parseLesson) };
    }),
    viewer: parseViewer(body.viewer),
  };
}

export function fetchCoursePage(slug: string, asStudent: boolean): Promise<CoursePageData> {
  return api(`/api/courses/${encodeURIComponent(slug)}${asStudent ? '?as=student' : ''}`, { parse: parseCoursePage });
}

/** POST /api/courses/:slug/enroll — idempotent: enrolling twice keeps the first start date. */
export async function enrollIn(slug: string): Promise<void> {
  await api(`/api/courses/${encodeURIComponent(slug)}/enroll`, { method: 'POST' });
}

/** Every lesson in course order. */
export function orderedLessons(page: Pick<CoursePageData, 'chapters'>): OutlineLesson[] {
  return page.chapters.flatMap((chapter) => chapter.lessons);
}
