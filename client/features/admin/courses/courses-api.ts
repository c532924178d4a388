import { api } from '../../../lib/api';
import { boolean, fail, instant, list, nullableInstant, nullableString, object, oneOf, string, type Json } from '../../../lib/json';

// The staff authoring API (src/modules/courses/routes.ts), checked at the boundary.

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export const ACCESS_LEVELS = ['public', 'free', 'paid', 'members'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];
export const CONTENT_STATUSES = ['draft', 'published'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];

export type CourseSummary = {
  id: string;
  slug: string;
  title: string;
  summary: string;
  status: CourseStatus;
  accessLevel: AccessLevel;
  priceCents: number | null;
  currency: string;
  chapterCount: number;
  lessonCount: number;
  createdAt: Date;
  updatedAt: Date | null;
};

export type Lesson = {
  id: string;
  chapterId: string;
  title: string;
  body: string;
  status: ContentStatus;
  isPreview: boolean;
  isRequired: boolean;
  estimatedMinutes: number | null;
  releaseAt: Date | null;
  releaseAfterDays: number | null;
  updatedAt: Date | null;
};

export type Chapter = {
  id: string;
  title: string;
  status: ContentStatus;
  releaseAt: Date | null;
  lessons: Lesson[];
};

export type Course = Omit<CourseSummary, 'chapterCount' | 'lessonCount'> & {
  description: string;
  coverImageKey: string | null;
  publishedAt: Date | null;
  chapters: Chapter[];
};

function nullableNumber(obj: Json, key: string): number | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

function number(obj: Json, key: string): number {
  return nullableNumber(obj, key) ?? fail(`${key} is missing`);
}

function courseFields(c: Json) {
  return {
    id: string(c, 'id'),
    slug: string(c, 'slug'),
    title: string(c, 'title'),
    summary: string(c, 'summary'),
    status: oneOf(c, 'status', COURSE_STATUSES),
    accessLevel: oneOf(c, 'accessLevel', ACCESS_LEVELS),
    priceCents: nullableNumber(c, 'priceCents'),
    currency: nullableString(c, 'currency') ?? 'usd',
    createdAt: instant(c, 'createdAt'),
    updatedAt: nullableInstant(c, 'updatedAt'),
  };
}

function parseSummary(value: unknown): CourseSummary {
  const c = object(value, 'course');
  return { ...courseFields(c), chapterCount: number(c, 'chapterCount'), lessonCount: number(c, 'lessonCount') };
}

export function parseLesson(value: unknown): Lesson {
  const l = object(value, 'lesson');
  return {
    id: string(l, 'id'),
    chapterId: string(l, 'chapterId'),
    title: string(l, 'title'),
    body: string(l, 'body'),
    status: oneOf(l, 'status', CONTENT_STATUSES),
    isPreview: boolean(l, 'isPreview'),
    isRequired: boolean(l, 'isRequired'),
    estimatedMinutes: nullableNumber(l, 'estimatedMinutes'),
    releaseAt: nullableInstant(l, 'releaseAt'),
    releaseAfterDays: nullableNumber(l, 'releaseAfterDays'),
    updatedAt: nullableInstant(l, 'updatedAt'),
  };
}

function parseChapterRow(value: unknown): Omit<Chapter, 'lessons'> {
  const c = object(value, 'chapter');
  return { id: string(c, 'id'), title: string(c, 'title'), status: oneOf(c, 'status', CONTENT_STATUSES), releaseAt: nullableInstant(c, 'releaseAt') };
}

function parseCourse(value: unknown): Course {
  const c = object(value, 'course');
  return {
    ...courseFields(c),
    description: string(c, 'description'),
    coverImageKey: nullableString(c, 'coverImageKey'),
    publishedAt: nullableInstant(c, 'publishedAt'),
    chapters: Array.isArray(c.chapters)
      ? c.chapters.map((chapter) => ({ ...parseChapterRow(chapter), lessons: list(object(chapter, 'chapter'), 'lessons').map(parseLesson) }))
      : [],
  };
}

const id = (value: string) => encodeURIComponent(value);
const courseOf = (data: unknown) => parseCourse(object(data, 'course response').course);

// ---- courses ------------------------------------------------------------------------

export function fetchCourses(): Promise<CourseSummary[]> {
  return api('/api/admin/courses', { parse: (data) => list(object(data, 'courses response'), 'courses').map(parseSummary) });
}

export type NewCourse = { title: string; slug?: string; accessLevel: AccessLevel; priceCents?: number | null };

export function createCourse(input: NewCourse): Promise<Course> {
  return api('/api/admin/courses', { method: 'POST', body: input, parse: courseOf });
}

export function fetchCourse(courseId: string): Promise<Course> {
  return api(`/api/admin/courses/${id(courseId)}`, { parse: courseOf });
}

export type CoursePatch = Partial<{
  title: string;
  slug: string;
  summary: string;
  description: string;
  coverImageKey: string | null;
  accessLevel: AccessLevel;
  priceCents: number | null;
}>;

/** The PATCH answers without the outline; the caller keeps its own chapters. */
export function updateCourse(courseId: string, patch: CoursePatch): Promise<Omit<Course, 'chapters'>> {
  return api(`/api/admin/courses/${id(courseId)}`, { method: 'PATCH', body: patch, parse: courseOf });
}

export type StatusAction = 'publish' | 'unpublish' | 'archive';

export function changeCourseStatus(courseId: string, action: StatusAction): Promise<Omit<Course, 'chapters'>> {
  return api(`/api/admin/courses/${id(courseId)}/${action}`, { method: 'POST', parse: courseOf });
}

export function deleteCourse(courseId: string): Promise<void> {
  return api(`/api/admin/courses/${id(courseId)}`, { method: 'DELETE', parse: () => undefined });
}

/** The whole outline's order: every chapter, each with every one of its lessons. */
export type OutlineOrder = { id: string; lessonIds: string[] }[];

export function saveOrder(courseId: string, chapters: OutlineOrder): Promise<void> {
  return api(`/api/admin/courses/${id(courseId)}/order`, { method: 'PUT', body: { chapters }, parse: () => undefined });
}

// ---- chapters and lessons -----------------------------------------------------------

export function createChapter(courseId: string, title: string): Promise<Omit<Chapter, 'lessons'>> {
  return api(`/api/admin/courses/${id(courseId)}/chapters`, {
    method: 'POST',
    body: { title },
    parse: (data) => parseChapterRow(object(data, 'chapter response').chapter),
  });
}

export type ChapterPatch = Partial<{ title: string; status: ContentStatus; releaseAt: string | null }>;

export function updateChapter(chapterId: string, patch: ChapterPatch): Promise<Omit<Chapter, 'lessons'>> {
  return api(`/api/admin/chapters/${id(chapterId)}`, {
    method: 'PATCH',
    body: patch,
    parse: (data) => parseChapterRow(object(data, 'chapter response').chapter),
  });
}

export function deleteChapter(chapterId: string): Promise<void> {
  return api(`/api/admin/chapters/${id(chapterId)}`, { method: 'DELETE', parse: () => undefined });
}

export function createLesson(chapterId: string, title: string): Promise<Lesson> {
  return api(`/api/admin/chapters/${id(chapterId)}/lessons`, {
    method: 'POST',
    body: { title },
    parse: (data) => parseLesson(object(data, 'lesson response').lesson),
  });
}

export type LessonPatch = Partial<{
  title: string;
  body: string;
  status: ContentStatus;
  isPreview: boolean;
  isRequired: boolean;
  estimatedMinutes: number | null;
  releaseAt: string | null;
  releaseAfterDays: number | null;
}>;

export function updateLesson(lessonId: string, patch: LessonPatch): Promise<Lesson> {
  return api(`/api/admin/lessons/${id(lessonId)}`, {
    method: 'PATCH',
    body: patch,
    parse: (data) => parseLesson(object(data, 'lesson response').lesson),
  });
}

export function deleteLesson(lessonId: string): Promise<void> {
  return api(`/api/admin/lessons/${id(lessonId)}`, { method: 'DELETE', parse: () => undefined });
}
