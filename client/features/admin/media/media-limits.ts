import { formatBytes } from './media-format';

// What each kind of upload may be, checked before a byte is sent so a wrong choice is caught
// at once. A copy of the Worker's rules (src/modules/media/files/limits.ts and
// src/modules/media/stream/formats.ts), which re-checks everything: the declared type, the
// size, and the file's first bytes. If the two ever disagree the Worker wins and its 413/415
// message is shown as written.

export const MEDIA_PURPOSES = ['download', 'lesson_attachment', 'course_cover'] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];

const MiB = 1024 * 1024;

/** Every part but the last of a multipart upload is this size; smaller files go up in one PUT. */
export const PART_SIZE = 8 * MiB;

const FILE_TYPES = {
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
type FileType = keyof typeof FILE_TYPES;

/** Other names browsers and systems give the same types (Windows says x-zip-compressed). */
const ALIASES: Record<string, FileType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
};

/** When the browser gives no type (it often does not for .docx or .epub), the extension decides. */
const BY_EXTENSION: Record<string, FileType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  zip: 'application/zip',
  epub: 'application/epub+zip',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
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

export const PURPOSES: Record<MediaPurpose, { label: string; inSentence: string; maxBytes: number; types: readonly FileType[]; hint: string }> = {
  download: {
    label: 'Course download',
    inSentence: 'course download',
    maxBytes: 500 * MiB,
    types: DOCUMENTS,
    hint: 'Listed on the course page for learners who hold the course.',
  },
  lesson_attachment: {
    label: 'Lesson attachment',
    inSentence: 'lesson attachment',
    maxBytes: 500 * MiB,
    types: DOCUMENTS,
    hint: 'Shown under one lesson, to whoever can open that lesson.',
  },
  course_cover: {
    label: 'Course cover',
    inSentence: 'course cover',
    maxBytes: 5 * MiB,
    types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
    hint: 'The picture in the catalog and on the course page.',
  },
};

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';

function canonical(type: string): FileType | null {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  if (bare in FILE_TYPES) return bare as FileType;
  return ALIASES[bare] ?? null;
}

/** The content type to declare for a file: the browser's, when it is one we know, else the extension's. */
export function declaredType(file: { name: string; type: string }): string {
  return canonical(file.type) ?? BY_EXTENSION[extensionOf(file.name)] ?? (file.type || 'application/octet-stream');
}

/** What the file input should offer for a purpose: types and extensions. */
export function acceptFor(purpose: MediaPurpose): string {
  const types = PURPOSES[purpose].types;
  const extensions = Object.entries(BY_EXTENSION)
    .filter(([, type]) => types.includes(type))
    .map(([ext]) => `.${ext}`);
  return [...types, ...extensions].join(',');
}

function listOf(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
}

/** Plain words for what a purpose takes: "PNG image, JPEG image, WebP image or GIF image, up to 5 MiB". */
export function allowedText(purpose: MediaPurpose): string {
  const rules = PURPOSES[purpose];
  return `${listOf(rules.types.map((t) => FILE_TYPES[t]))}, up to ${formatBytes(rules.maxBytes)}`;
}

/** Why this file cannot be uploaded for this purpose, or null when it may be tried. */
export function fileProblem(file: { name: string; type: string; size: number }, purpose: MediaPurpose): string | null {
  const rules = PURPOSES[purpose];
  if (file.size === 0) return `“${file.name}” is empty. Choose a file with something in it.`;
  const type = canonical(declaredType(file));
  if (!type || !rules.types.includes(type)) {
    return `“${file.name}” cannot be used as a ${rules.inSentence}. Choose a ${listOf(rules.types.map((t) => FILE_TYPES[t]))}.`;
  }
  if (file.size > rules.maxBytes) {
    return `“${file.name}” is ${formatBytes(file.size)}; a ${rules.inSentence} may be at most ${formatBytes(rules.maxBytes)}.`;
  }
  return null;
}

// ---- lesson video ---------------------------------------------------------------------

export const VIDEO_TYPES = ['video/mp4', 'video/webm', 'video/quicktime'] as const;
/** 4 GiB: the Worker refuses larger videos. */
export const MAX_VIDEO_BYTES = 4 * 1024 ** 3;
export const VIDEO_ACCEPT = 'video/mp4,video/webm,video/quicktime,.mp4,.m4v,.webm,.mov';

const VIDEO_BY_EXTENSION: Record<string, (typeof VIDEO_TYPES)[number]> = { mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime' };

/** The video's content type, from the browser or else the extension; null when it is not a video we take. */
export function videoType(file: { name: string; type: string }): (typeof VIDEO_TYPES)[number] | null {
  const bare = file.type.split(';')[0]!.trim().toLowerCase();
  if ((VIDEO_TYPES as readonly string[]).includes(bare)) return bare as (typeof VIDEO_TYPES)[number];
  return VIDEO_BY_EXTENSION[extensionOf(file.name)] ?? null;
}

export function videoProblem(file: { name: string; type: string; size: number }): string | null {
  if (file.size === 0) return `“${file.name}” is empty. Choose the exported video file.`;
  if (!videoType(file)) return `“${file.name}” is not a video we can take. Upload an MP4, WebM or QuickTime (.mov) file.`;
  if (file.size > MAX_VIDEO_BYTES) return `“${file.name}” is ${formatBytes(file.size)}; videos can be at most ${formatBytes(MAX_VIDEO_BYTES)}. Export it at a lower bitrate and try again.`;
  return null;
}
