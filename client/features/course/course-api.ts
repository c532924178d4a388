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

/** An offer that sells this (paid) course, as the course page lists it. */
export type CourseOffer = {
  id: string;
  title: string;
  offerType: 'one_time' | 'subscription' | 'bundle';
  priceCents: number;
  currency: string;
  billingInterval: 'month' | 'year' | null;
};

/** What the course page and the lesson player share: the course, its outline with access, the viewer's progress. */
export type CourseScreen = {
  course: CourseInfo;
  /** True when staff asked for `?as=student` and the Worker answered as a new student would see it. */
  viewingAsStudent: boolean;
  chapters: OutlineChapter[];
  /** Null when signed out. */
  viewer: ViewerProgress | null;
};

export type CoursePageData = CourseScreen & {
  /** What buys access to a paid course; empty when none is on sale (or the course is not paid). */
  offers: CourseOffer[];
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
    summary: string(c, 'summary'),
    description: string(c, 'description'),
    status: string(c, 'status'),
    accessLevel: oneOf(c, 'accessLevel', ACCESS_LEVELS),
    priceCents: nullableNum(c, 'priceCents'),
    currency: string(c, 'currency'),
  };
}

/** One of `offers` on a paid course's page (src/modules/learning/course-page.ts, `activeOffersQuery`). */
function parseOffer(data: unknown): CourseOffer {
  const o = object(data, 'offer');
  const interval = o.billingInterval;
  return {
    id: string(o, 'id'),
    title: string(o, 'title'),
    offerType: oneOf(o, 'offerType', ['one_time', 'subscription', 'bundle'] as const),
    priceCents: num(o, 'priceCents'),
    currency: string(o, 'currency'),
    billingInterval: interval === null ? null : oneOf(o, 'billingInterval', ['month', 'year'] as const),
  };
}

/** The course screen both GET /api/courses/:slug and the lesson answer carry. */
export function parseCourseScreen(body: Json): CourseScreen {
  return {
    course: parseCourse(object(body.course, 'course')),
    viewingAsStudent: boolean(body, 'viewingAsStudent'),
    chapters: list(body, 'chapters').map((entry) => {
      const ch = object(entry, 'chapter');
      return { id: string(ch, 'id'), title: string(ch, 'title'), releaseAt: nullableInstant(ch, 'releaseAt'), lessons: list(ch, 'lessons').map(parseLesson) };
    }),
    viewer: parseViewer(body.viewer),
  };
}

/** GET /api/courses/:slug: the course screen plus `offers` (always present; empty unless the course is paid). */
export function parseCoursePage(data: unknown): CoursePageData {
  const body = object(data, 'course page');
  return { ...parseCourseScreen(body), offers: list(body, 'offers').map(parseOffer) };
}

export function fetchCoursePage(slug: string, asStudent: boolean): Promise<CoursePageData> {
  return api(`/api/courses/${encodeURIComponent(slug)}${asStudent ? '?as=student' : ''}`, { parse: parseCoursePage });
}

/** POST /api/courses/:slug/enroll — idempotent: enrolling twice keeps the first start date. */
export async function enrollIn(slug: string): Promise<void> {
  await api(`/api/courses/${encodeURIComponent(slug)}/enroll`, { method: 'POST' });
}

/** Every lesson in course order. */
export function orderedLessons(page: Pick<CourseScreen, 'chapters'>): OutlineLesson[] {
  return page.chapters.flatMap((chapter) => chapter.lessons);
}
