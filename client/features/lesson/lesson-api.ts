import { api, ApiError } from '../../lib/api';
import { boolean, instant, isObject, list, nullableInstant, nullableString, object, oneOf, string, stringList, type Json } from '../../lib/json';
import { LOCK_REASONS, parseCourseScreen, type CourseScreen, type LockReason } from '../course/course-api';
import { ACCESS_LEVELS, type AccessLevel } from '../course/learning-format';
import { nullableNum, num } from '../course/learning-json';

// GET /api/courses/:slug/lessons/:lessonId (src/modules/learning/course-page.ts) and the
// learner's writes on a lesson: progress, notes, bookmark. The lesson response carries the
// whole course screen too (course, outline with access, the viewer's progress), so the
// player needs no second call.

export type Note = { id: string; body: string; videoPositionSeconds: number | null; createdAt: Date; updatedAt: Date | null };
export type Cue = { start: number; end: number; text: string };
export type Transcript = { language: string; cues: Cue[] };
export type LessonProgress = { progress: number; positionSeconds: number; completedAt: Date | null };

export type Attachment = { downloadId: string; title: string; filename: string; contentType: string | null; sizeBytes: number | null };

export const COPY_MODES = ['allow', 'discourage'] as const;
export const DOWNLOAD_MODES = ['allow', 'entitled', 'none'] as const;
/** How the school wants this course's content treated (copying is advisory; downloads are enforced by the Worker). */
export type Protection = { copyMode: (typeof COPY_MODES)[number]; downloadMode: (typeof DOWNLOAD_MODES)[number] };

/** The lesson's video as the Worker describes it; the file itself comes through POST …/playback. */
export type LessonVideo = { status: string; durationSeconds: number | null; captions: string[] };

export type LessonData = CourseScreen & {
  lesson: {
    id: string;
    chapterId: string;
    title: string;
    isPreview: boolean;
    isRequired: boolean;
    estimatedMinutes: number | null;
    body: string;
    /** Null when the lesson has no video. */
    video: LessonVideo | null;
    /** Files to download with the lesson: titles and sizes only (a file is fetched through a signed link). */
    attachments: Attachment[];
  };
  previousLessonId: string | null;
  nextLessonId: string | null;
  progress: LessonProgress | null;
  notes: Note[];
  bookmarked: boolean;
  transcripts: Transcript[];
  protection: Protection;
};

export function parseNote(data: unknown): Note {
  const n = object(data, 'note');
  return {
    id: string(n, 'id'),
    body: string(n, 'body'),
    videoPositionSeconds: nullableNum(n, 'videoPositionSeconds'),
    createdAt: instant(n, 'createdAt'),
    updatedAt: nullableInstant(n, 'updatedAt'),
  };
}

export function parseProgress(data: unknown): LessonProgress | null {
  if (data === null || data === undefined) return null;
  const p = object(data, 'progress');
  return { progress: num(p, 'progress'), positionSeconds: num(p, 'positionSeconds'), completedAt: nullableInstant(p, 'completedAt') };
}

function parseTranscript(data: unknown): Transcript {
  const t = object(data, 'transcript');
  return {
    language: string(t, 'language'),
    cues: list(t, 'cues').map((entry) => {
      const c = object(entry, 'cue');
      return { start: num(c, 'start'), end: num(c, 'end'), text: string(c, 'text') };
    }),
  };
}

function parseVideo(data: unknown): LessonVideo | null {
  if (data === null || data === undefined) return null;
  const v = object(data, 'video');
  return { status: string(v, 'status'), durationSeconds: nullableNum(v, 'durationSeconds'), captions: Array.isArray(v.captions) ? stringList(v, 'captions') : [] };
}

function parseAttachment(entry: unknown): Attachment {
  const a = object(entry, 'attachment');
  return {
    downloadId: string(a, 'downloadId'),
    title: string(a, 'title'),
    filename: string(a, 'filename'),
    contentType: nullableString(a, 'contentType'),
    sizeBytes: nullableNum(a, 'sizeBytes'),
  };
}

function parseLesson(l: Json): LessonData['lesson'] {
  return {
    id: string(l, 'id'),
    chapterId: string(l, 'chapterId'),
    title: string(l, 'title'),
    isPreview: boolean(l, 'isPreview'),
    isRequired: boolean(l, 'isRequired'),
    estimatedMinutes: nullableNum(l, 'estimatedMinutes'),
    body: typeof l.body === 'string' ? l.body : '',
    video: parseVideo(l.video),
    attachments: Array.isArray(l.attachments) ? l.attachments.map(parseAttachment) : [],
  };
}

export function parseProtection(data: unknown): Protection {
  const p = object(data, 'protection');
  return { copyMode: oneOf(p, 'copyMode', COPY_MODES), downloadMode: oneOf(p, 'downloadMode', DOWNLOAD_MODES) };
}

export function parseLessonData(data: unknown): LessonData {
  const body = object(data, 'lesson response');
  return {
    ...parseCourseScreen(body),
    lesson: parseLesson(object(body.lesson, 'lesson')),
    previousLessonId: nullableString(body, 'previousLessonId'),
    nextLessonId: nullableString(body, 'nextLessonId'),
    progress: parseProgress(body.progress),
    notes: list(body, 'notes').map(parseNote),
    bookmarked: boolean(body, 'bookmarked'),
    transcripts: Array.isArray(body.transcripts) ? body.transcripts.map(parseTranscript) : [],
    // An older Worker without the field protects nothing, which is also the school default.
    protection: body.protection === undefined ? { copyMode: 'allow', downloadMode: 'entitled' } : parseProtection(body.protection),
  };
}

export function fetchLesson(slug: string, lessonId: string, asStudent: boolean): Promise<LessonData> {
  const path = `/api/courses/${encodeURIComponent(slug)}/lessons/${encodeURIComponent(lessonId)}${asStudent ? '?as=student' : ''}`;
  return api(path, { parse: parseLessonData });
}

/** Why a lesson was refused (401/403 `error.details`), so the lock screen needs no second call. */
export type LockDetails = {
  reason: LockReason;
  opensAt: Date | null;
  /** The Worker also sends the course's own priceCents and currency; the lock screen sends buyers to the course page's offers instead. */
  course: { accessLevel: AccessLevel };
  enrolled: boolean;
};

/** The lock's details from a refused lesson request; null for any other failure (one without lock details). */
export function lockDetails(error: unknown): LockDetails | null {
  if (!(error instanceof ApiError) || (error.status !== 401 && error.status !== 403) || !isObject(error.details)) return null;
  const d = error.details;
  try {
    const course = object(d.course, 'course');
    return {
      reason: oneOf(d, 'reason', LOCK_REASONS),
      opensAt: nullableInstant(d, 'opensAt'),
      course: { accessLevel: oneOf(course, 'accessLevel', ACCESS_LEVELS) },
      enrolled: boolean(d, 'enrolled'),
    };
  } catch {
    return null;
  }
}

export type ProgressInput = { completed?: true; progress?: number; positionSeconds?: number };

const progressPath = (lessonId: string) => `/api/lessons/${encodeURIComponent(lessonId)}/progress`;

/**
 * POST /api/lessons/:id/progress. `{ completed: true }` marks the lesson done (progress 100,
 * completed_at stamped once); `progress` only ever goes up on the Worker. An empty body
 * changes no number but moves the row's updated_at: that is how opening a lesson is
 * recorded as the learner's latest activity.
 */
export async function recordProgress(lessonId: string, input: ProgressInput): Promise<LessonProgress> {
  return api(progressPath(lessonId), {
    method: 'POST',
    body: input,
    parse: (data) => parseProgress(object(data, 'progress response').progress) ?? { progress: 0, positionSeconds: 0, completedAt: null },
  });
}

/**
 * The same write for a page that is going away (closed tab, another site, a client-side
 * navigation): `keepalive` lets the request outlive the page. Nobody is left to read the
 * answer, so failures are only logged.
 */
export function recordProgressOnLeave(lessonId: string, input: ProgressInput): void {
  try {
    void fetch(progressPath(lessonId), {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(input),
    }).catch((error: unknown) => console.warn('Could not save the video position', error));
  } catch (error) {
    console.warn('Could not save the video position', error);
  }
}

export type NoteInput = { body: string; videoPositionSeconds: number | null };

export function createNote(lessonId: string, input: NoteInput): Promise<Note> {
  return api(`/api/lessons/${encodeURIComponent(lessonId)}/notes`, { method: 'POST', body: input, parse: (data) => parseNote(object(data, 'note response').note) });
}

export function updateNote(noteId: string, input: NoteInput): Promise<Note> {
  return api(`/api/notes/${encodeURIComponent(noteId)}`, { method: 'PATCH', body: input, parse: (data) => parseNote(object(data, 'note response').note) });
}

export async function deleteNote(noteId: string): Promise<void> {
  await api(`/api/notes/${encodeURIComponent(noteId)}`, { method: 'DELETE' });
}

export async function setBookmark(lessonId: string, on: boolean): Promise<boolean> {
  return api(`/api/lessons/${encodeURIComponent(lessonId)}/bookmark`, {
    method: on ? 'PUT' : 'DELETE',
    parse: (data) => object(data, 'bookmark response').bookmarked === true,
  });
}
