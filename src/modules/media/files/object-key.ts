import type { MediaPurpose } from '../schema.ts';

/**
 * `schools/<schoolId>/<purpose>/<fileId>/<safe-filename>`: the school prefix keeps every
 * school's objects apart in the one bucket, the file id makes the key unique, and the name
 * is only there so a person browsing the bucket can tell files apart. The real name, with
 * any characters, stays in media_files.filename and in Content-Disposition.
 */
export function objectKey(schoolId: string, purpose: MediaPurpose, fileId: string, filename: string): string {
  return `schools/${schoolId}/${purpose}/${fileId}/${safeFilename(filename)}`;
}

/** Letters, digits, dot, dash and underscore only; at most 100 characters, keeping the extension. */
export function safeFilename(filename: string): string {
  const cleaned = filename
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!cleaned) return 'file';
  if (cleaned.length <= 100) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 100 - ext.length) + ext;
}

/** The name a person gave, without any folder part a browser or OS may have left on it. */
export function baseName(filename: string): string {
  return filename.split(/[\\/]/).pop()!.trim();
}
