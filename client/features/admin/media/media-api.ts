import { api } from '../../../lib/api';
import { fail, instant, list, nullableInstant, nullableString, object, oneOf, string, type Json } from '../../../lib/json';
import { MEDIA_PURPOSES, type MediaPurpose } from './media-limits';

// The media library, downloads and covers (src/modules/media/files/routes.ts and
// src/modules/media/downloads/routes.ts), checked at the boundary. The bytes themselves go
// through upload-file.ts, which reports progress.

export const FILE_STATUSES = ['uploading', 'ready', 'failed'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

/** What points at a file. Deleting the file removes these too. */
export type FileUse =
  | { kind: 'download'; downloadId: string; title: string }
  | { kind: 'attachment'; downloadId: string; title: string; lessonId: string; lessonTitle: string | null }
  | { kind: 'cover'; courseId: string; courseTitle: string };

/** How the rest of an unfinished upload goes: one PUT, or the parts still missing. */
export type UploadPlan =
  | { method: 'single'; contentUrl: string }
  | { method: 'multipart'; partSize: number; partCount: number; partUrl: string; receivedParts: number[]; missingParts: number[] };

export type LibraryFile = {
  id: string;
  purpose: MediaPurpose;
  courseId: string | null;
  lessonId: string | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  status: FileStatus;
  createdAt: Date;
  completedAt: Date | null;
  usedBy: FileUse[];
  upload: UploadPlan | null;
};

function count(obj: Json, key: string): number {
  const value = obj[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${key} is not a number`);
}

function numbers(obj: Json, key: string): number[] {
  return list(obj, key).map((n) => (typeof n === 'number' ? n : fail(`${key} holds a non-number`)));
}

function parseUse(value: unknown): FileUse {
  const u = object(value, 'use');
  const kind = oneOf(u, 'kind', ['download', 'attachment', 'cover'] as const);
  if (kind === 'cover') return { kind, courseId: string(u, 'courseId'), courseTitle: string(u, 'courseTitle') };
  if (kind === 'attachment') {
    return { kind, downloadId: string(u, 'downloadId'), title: string(u, 'title'), lessonId: string(u, 'lessonId'), lessonTitle: nullableString(u, 'lessonTitle') };
  }
  return { kind, downloadId: string(u, 'downloadId'), title: string(u, 'title') };
}

function parsePlan(value: unknown): UploadPlan | null {
  if (value === null || value === undefined) return null;
  const p = object(value, 'upload');
  if (oneOf(p, 'method', ['single', 'multipart'] as const) === 'single') return { method: 'single', contentUrl: string(p, 'contentUrl') };
  return {
    method: 'multipart',
    partSize: count(p, 'partSize'),
    partCount: count(p, 'partCount'),
    partUrl: string(p, 'partUrl'),
    receivedParts: numbers(p, 'receivedParts'),
    missingParts: numbers(p, 'missingParts'),
  };
}

export function parseLibraryFile(value: unknown): LibraryFile {
  const f = object(value, 'file');
  return {
    id: string(f, 'id'),
    purpose: oneOf(f, 'purpose', MEDIA_PURPOSES),
    courseId: nullableString(f, 'courseId'),
    lessonId: nullableString(f, 'lessonId'),
    filename: string(f, 'filename'),
    contentType: string(f, 'contentType'),
    sizeBytes: count(f, 'sizeBytes'),
    status: oneOf(f, 'status', FILE_STATUSES),
    createdAt: instant(f, 'createdAt'),
    completedAt: nullableInstant(f, 'completedAt'),
    usedBy: list(f, 'usedBy').map(parseUse),
    upload: parsePlan(f.upload),
  };
}

const enc = encodeURIComponent;
const fileOf = (data: unknown) => parseLibraryFile(object(data, 'file response').file);

// ---- library ------------------------------------------------------------------------

export function fetchCourseFiles(courseId: string): Promise<LibraryFile[]> {
  return api(`/api/admin/courses/${enc(courseId)}/files`, { parse: (data) => list(object(data, 'files response'), 'files').map(parseLibraryFile) });
}

/** One file; while it uploads, which parts the Worker has (to resume after a reload). */
export function fetchFile(fileId: string, signal?: AbortSignal): Promise<LibraryFile> {
  return api(`/api/admin/files/${enc(fileId)}`, { signal, parse: fileOf });
}

export type NewUpload = { courseId: string; purpose: MediaPurpose; filename: string; contentType: string; sizeBytes: number; lessonId?: string | null };

/** Declares an upload; the answer says how to send the bytes. 413/415 here are the Worker's limits. */
export function declareUpload(input: NewUpload, signal?: AbortSignal): Promise<LibraryFile> {
  const { courseId, ...body } = input;
  return api(`/api/admin/courses/${enc(courseId)}/files`, { method: 'POST', body, signal, parse: fileOf });
}

export function completeUpload(fileId: string, signal?: AbortSignal): Promise<LibraryFile> {
  return api(`/api/admin/files/${enc(fileId)}/complete`, { method: 'POST', signal, parse: fileOf });
}

/** Gives up an unfinished upload: its parts and its record go. */
export function abortUpload(fileId: string): Promise<void> {
  return api(`/api/admin/files/${enc(fileId)}/abort`, { method: 'POST', parse: () => undefined });
}

/** Without `confirm`, a file something uses is refused (409, naming the uses); with it, the uses go too. */
export function deleteFile(fileId: string, confirm: boolean): Promise<void> {
  return api(`/api/admin/files/${enc(fileId)}${confirm ? '?confirm=true' : ''}`, { method: 'DELETE', parse: () => undefined });
}

// ---- downloads and attachments -------------------------------------------------------

export type Download = { id: string; courseId: string; lessonId: string | null; fileId: string; title: string };

function parseDownload(data: unknown): Download {
  const d = object(object(data, 'download response').download, 'download');
  return { id: string(d, 'id'), courseId: string(d, 'courseId'), lessonId: nullableString(d, 'lessonId'), fileId: string(d, 'fileId'), title: string(d, 'title') };
}

/** Offers a ready file: on a lesson (an attachment) when lessonId is given, else on the course. */
export function createDownload(courseId: string, input: { fileId: string; title?: string; lessonId?: string | null }): Promise<Download> {
  return api(`/api/admin/courses/${enc(courseId)}/downloads`, { method: 'POST', body: input, parse: parseDownload });
}

export function renameDownload(downloadId: string, title: string): Promise<Download> {
  return api(`/api/admin/downloads/${enc(downloadId)}`, { method: 'PATCH', body: { title }, parse: parseDownload });
}

/** Offers another ready file of the course under the same download (same id, title and lesson); the old file stays in the library. */
export function replaceDownloadFile(downloadId: string, fileId: string): Promise<Download> {
  return api(`/api/admin/downloads/${enc(downloadId)}`, { method: 'PATCH', body: { fileId }, parse: parseDownload });
}

/** No longer offered; the file stays in the library. */
export function removeDownload(downloadId: string): Promise<void> {
  return api(`/api/admin/downloads/${enc(downloadId)}`, { method: 'DELETE', parse: () => undefined });
}

// ---- covers -----------------------------------------------------------------------------

export type CoverChange = { coverImageKey: string | null; coverUrl: string | null };

function parseCover(data: unknown): CoverChange {
  const c = object(object(data, 'cover response').course, 'course');
  return { coverImageKey: nullableString(c, 'coverImageKey'), coverUrl: nullableString(c, 'coverUrl') };
}

export function setCover(courseId: string, fileId: string): Promise<CoverChange> {
  return api(`/api/admin/courses/${enc(courseId)}/cover`, { method: 'PUT', body: { fileId }, parse: parseCover });
}

export function clearCover(courseId: string): Promise<CoverChange> {
  return api(`/api/admin/courses/${enc(courseId)}/cover`, { method: 'DELETE', parse: parseCover });
}

/** Where a cover file is shown; naming the file lets the browser keep it. */
export const coverUrl = (courseId: string, fileId: string) => `/media/covers/${enc(courseId)}?v=${enc(fileId)}`;

/** The course's current cover, found through the uses the library reports. */
export function currentCover(files: LibraryFile[], courseId: string): LibraryFile | null {
  return files.find((f) => f.usedBy.some((u) => u.kind === 'cover' && u.courseId === courseId)) ?? null;
}
