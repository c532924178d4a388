import { api } from '../../lib/api';
import { boolean, instant, list, nullableInstant, nullableString, object, string, type Json } from '../../lib/json';
import { nullableNum, num } from '../course/learning-json';

// GET /api/courses/:slug/lessons/:lessonId (src/modules/learning/course-page.ts) and the
// learner's writes on a lesson: progress, notes, bookmark.

export type Note = { id: string; body: string; videoPositionSeconds: number | null; createdAt: Date; updatedAt: Date | null };
export type Cue = { start: number; end: number; text: string };
export type Transcript = { language: string; cues: Cue[] };
export type LessonProgress = { progress: number; positionSeconds: number; completedAt: Date | null };

export type Attachment = { downloadId: string; title: string; filename: string; sizeBytes: number | null };

export type LessonData = {
  course: { id: string; slug: string; title: string };
  viewingAsStudent: boolean;
  lesson: {
    id: string;
    chapterId: string;
    title: string;
    isPreview: boolean;
    isRequired: boolean;
    estimatedMinutes: number | null;
    body: string;
    videoRef: string | null;
    /** The lesson's video as the Worker describes it (status, length); null when it has none. */
    video: { status: string; durationSeconds: number | null } | null;
    /** Files to download with the lesson: titles and sizes only (a file is fetched through a signed link). */
    attachments: Attachment[];
  };
  previousLessonId: string | null;
  nextLessonId: string | null;
  progress: LessonProgress | null;
  notes: Note[];
  bookmarked: boolean;
  transcripts: Transcript[];
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

function parseProgress(data: unknown): LessonProgress | null {
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

function parseVideo(data: unknown): LessonData['lesson']['video'] {
  if (data === null || data === undefined) return null;
  const v = object(data, 'video');
  return { status: string(v, 'status'), durationSeconds: nullableNum(v, 'durationSeconds') };
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
    videoRef: nullableString(l, 'videoRef'),
    video: parseVideo(l.video),
    attachments: Array.isArray(l.attachments)
      ? l.attachments.map((entry) => {
          const a = object(entry, 'attachment');
          return { downloadId: string(a, 'downloadId'), title: string(a, 'title'), filename: string(a, 'filename'), sizeBytes: nullableNum(a, 'sizeBytes') };
        })
      : [],
  };
}

export function parseLessonData(data: unknown): LessonData {
  const body = object(data, 'lesson response');
  const course = object(body.course, 'course');
  return {
    course: { id: string(course, 'id'), slug: string(course, 'slug'), title: string(course, 'title') },
    viewingAsStudent: body.viewingAsStudent === true,
    lesson: parseLesson(object(body.lesson, 'lesson')),
    previousLessonId: nullableString(body, 'previousLessonId'),
    nextLessonId: nullableString(body, 'nextLessonId'),
    progress: parseProgress(body.progress),
    notes: list(body, 'notes').map(parseNote),
    bookmarked: boolean(body, 'bookmarked'),
    transcripts: Array.isArray(body.transcripts) ? body.transcripts.map(parseTranscript) : [],
  };
}

export function fetchLesson(slug: string, lessonId: string, asStudent: boolean): Promise<LessonData> {
  const path = `/api/courses/${encodeURIComponent(slug)}/lessons/${encodeURIComponent(lessonId)}${asStudent ? '?as=student' : ''}`;
  return api(path, { parse: parseLessonData });
}

/**
 * POST /api/lessons/:id/progress. `{ completed: true }` marks the lesson done (progress 100,
 * completed_at stamped once). An empty body changes no number but moves the row's
 * updated_at: that is how opening a lesson is recorded as the learner's latest activity.
 */
export async function recordProgress(lessonId: string, input: { completed?: true; progress?: number; positionSeconds?: number }): Promise<LessonProgress> {
  return api(`/api/lessons/${encodeURIComponent(lessonId)}/progress`, {
    method: 'POST',
    body: input,
    parse: (data) => parseProgress(object(data, 'progress response').progress) ?? { progress: 0, positionSeconds: 0, completedAt: null },
  });
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
