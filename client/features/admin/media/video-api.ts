import { api } from '../../../lib/api';
import { fail, instant, nullableInstant, nullableString, object, oneOf, string, type Json } from '../../../lib/json';

// A lesson's video (src/modules/media/stream/routes.ts): start an upload, follow it until
// Stream has processed it, delete it.

export const VIDEO_STATUSES = ['uploading', 'processing', 'ready', 'error'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export type VideoUpload = {
  id: string;
  lessonId: string;
  filename: string;
  sizeBytes: number | null;
  status: VideoStatus;
  errorMessage: string | null;
  durationSeconds: number | null;
  createdAt: Date;
  updatedAt: Date | null;
};

/**
 * How the browser sends the file, decided by the Worker: `put` to the Worker (local
 * development), `post-form` straight to Stream (production, up to 200 MB), `tus` straight
 * to Stream in resumable chunks (production, larger files).
 */
export type Transfer =
  | { protocol: 'put'; url: string; headers: Record<string, string> }
  | { protocol: 'post-form'; url: string; formField: string }
  | { protocol: 'tus'; url: string; chunkSizeBytes: number };

export type LessonVideo = {
  lesson: { id: string; title: string; status: string };
  /** What learners see now. */
  video: VideoUpload | null;
  /** The newest upload that is not the current video: in flight, or failed with its reason. */
  upload: VideoUpload | null;
};

function nullableCount(obj: Json, key: string): number | null {
  const value = obj[key];
  if (value === null || value === undefined) return null;
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

function parseUpload(value: unknown): VideoUpload {
  const u = object(value, 'video upload');
  return {
    id: string(u, 'id'),
    lessonId: string(u, 'lessonId'),
    filename: string(u, 'filename'),
    sizeBytes: nullableCount(u, 'sizeBytes'),
    status: oneOf(u, 'status', VIDEO_STATUSES),
    errorMessage: nullableString(u, 'errorMessage'),
    durationSeconds: nullableCount(u, 'durationSeconds'),
    createdAt: instant(u, 'createdAt'),
    updatedAt: nullableInstant(u, 'updatedAt'),
  };
}

function parseTransfer(value: unknown): Transfer {
  const t = object(value, 'transfer');
  const protocol = oneOf(t, 'protocol', ['put', 'post-form', 'tus'] as const);
  if (protocol === 'put') {
    const headers = object(t.headers ?? {}, 'transfer headers');
    return { protocol, url: string(t, 'url'), headers: Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string')) };
  }
  if (protocol === 'post-form') return { protocol, url: string(t, 'url'), formField: nullableString(t, 'formField') ?? 'file' };
  return { protocol, url: string(t, 'url'), chunkSizeBytes: nullableCount(t, 'chunkSizeBytes') ?? 50 * 1024 * 1024 };
}

const path = (lessonId: string) => `/api/admin/lessons/${encodeURIComponent(lessonId)}/video`;

export function fetchLessonVideo(lessonId: string): Promise<LessonVideo> {
  return api(path(lessonId), {
    parse: (data) => {
      const d = object(data, 'lesson video response');
      const lesson = object(d.lesson, 'lesson');
      return {
        lesson: { id: string(lesson, 'id'), title: string(lesson, 'title'), status: string(lesson, 'status') },
        video: d.video ? parseUpload(d.video) : null,
        upload: d.upload ? parseUpload(d.upload) : null,
      };
    },
  });
}

/** Starts an upload; an upload still in flight for the lesson is superseded by this one. */
export function startVideoUpload(lessonId: string, input: { filename: string; sizeBytes: number; contentType: string }, signal?: AbortSignal): Promise<{ upload: VideoUpload; transfer: Transfer }> {
  return api(path(lessonId), {
    method: 'POST',
    body: input,
    signal,
    parse: (data) => {
      const d = object(data, 'video upload response');
      return { upload: parseUpload(d.upload), transfer: parseTransfer(d.transfer) };
    },
  });
}

/** On a published lesson the Worker wants `confirm`: learners lose the video at once. */
export function deleteLessonVideo(lessonId: string, confirm: boolean): Promise<void> {
  return api(`${path(lessonId)}${confirm ? '?confirm=true' : ''}`, { method: 'DELETE', parse: () => undefined });
}

export { parseUpload as parseVideoUpload };
