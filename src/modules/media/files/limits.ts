import type { MediaPurpose } from '../schema.ts';

// What each kind of upload may be: its types and its size. The client shows these limits
// before a byte is sent, and the server enforces them on the declared size and on the bytes.

const MiB = 1024 * 1024;

/**
 * Bodies are read into memory one part at a time (at most this much per request), and every
 * part but the last of a multipart upload is exactly this size: R2 wants equal parts of at
 * least 5 MiB. Files up to this size go up in one PUT.
 */
export const PART_SIZE = 8 * MiB;

export const FILE_TYPES = {
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/webp': 'WebP image',
  'image/gif': 'GIF image',
  'application/pdf': 'PDF document',
  'application/zip': 'ZIP archive',
  'application/epub+zip': 'EPUB book',
  'audio/mpeg': 'MP3 audio',
  'audio/mp4': 'M4A audio',
  'text/plain': 'plain text file',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook (.xlsx)',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation (.pptx)',
} as const;
export type FileType = keyof typeof FILE_TYPES;

/** Names browsers and operating systems also give these types (Windows says x-zip-compressed). */
const ALIASES: Record<string, FileType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
};

const DOCUMENTS: FileType[] = [
  'application/pdf',
  'application/zip',
  'application/epub+zip',
  'audio/mpeg',
  'audio/mp4',
  'image/png',
  'image/jpeg',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];

export const PURPOSE_RULES: Record<MediaPurpose, { label: string; maxBytes: number; types: readonly FileType[] }> = {
  course_cover: { label: 'course cover', maxBytes: 5 * MiB, types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] },
  lesson_attachment: { label: 'lesson attachment', maxBytes: 500 * MiB, types: DOCUMENTS },
  download: { label: 'course download', maxBytes: 500 * MiB, types: DOCUMENTS },
};

/** The canonical type for a declared content type (parameters and case ignored), or null. */
export function canonicalType(declared: string): FileType | null {
  const bare = declared.split(';')[0]!.trim().toLowerCase();
  if (bare in FILE_TYPES) return bare as FileType;
  return ALIASES[bare] ?? null;
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

/** How the bytes of a file of `sizeBytes` arrive: one PUT, or parts of PART_SIZE (the last one shorter). */
export function uploadShape(sizeBytes: number): { method: 'single' } | { method: 'multipart'; partSize: number; partCount: number } {
  if (sizeBytes <= PART_SIZE) return { method: 'single' };
  return { method: 'multipart', partSize: PART_SIZE, partCount: Math.ceil(sizeBytes / PART_SIZE) };
}

/** The exact size part `n` (1-based) of a multipart file must have. */
export function expectedPartSize(sizeBytes: number, partNumber: number): number {
  const partCount = Math.ceil(sizeBytes / PART_SIZE);
  return partNumber < partCount ? PART_SIZE : sizeBytes - (partCount - 1) * PART_SIZE;
}
