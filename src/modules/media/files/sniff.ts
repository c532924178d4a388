import type { FileType } from './limits.ts';

/**
 * Does the start of a file look like the type it was declared as? A declared content type is
 * only the uploader's word (or their browser's guess from the name); the first bytes are what
 * a reader program will actually meet. Office files (.docx, .xlsx, .pptx) are ZIP containers
 * and are checked as such; EPUB must begin with its uncompressed `mimetype` entry, as the EPUB
 * container format requires; text must be UTF-8 without NUL bytes.
 *
 * `head` is at least SNIFF_BYTES long unless the whole file is shorter.
 */
export const SNIFF_BYTES = 512;

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0));

function startsWith(head: Uint8Array, bytes: number[], at = 0): boolean {
  if (head.length < at + bytes.length) return false;
  return bytes.every((b, i) => head[at + i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const isZip = (h: Uint8Array) => startsWith(h, ZIP) || startsWith(h, EMPTY_ZIP);
const M4A_BRANDS = ['M4A ', 'M4B ', 'M4P ', 'mp41', 'mp42', 'isom', 'iso2', 'dash'];

const CHECKS: Record<FileType, (h: Uint8Array) => boolean> = {
  'image/png': (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'image/jpeg': (h) => startsWith(h, [0xff, 0xd8, 0xff]),
  'image/webp': (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8),
  'image/gif': (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')),
  'application/pdf': (h) => startsWith(h, ascii('%PDF-')),
  'application/zip': isZip,
  'application/epub+zip': (h) => startsWith(h, ZIP) && startsWith(h, ascii('mimetypeapplication/epub+zip'), 30),
  // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
  'audio/mpeg': (h) => startsWith(h, ascii('ID3')) || (h.length >= 2 && h[0] === 0xff && (h[1]! & 0xe0) === 0xe0),
  'audio/mp4': (h) => startsWith(h, ascii('ftyp'), 4) && M4A_BRANDS.some((brand) => startsWith(h, ascii(brand), 8)),
  'text/plain': isUtf8Text,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': isZip,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': isZip,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': isZip,
};

export function looksLike(type: FileType, head: Uint8Array): boolean {
  return CHECKS[type](head);
}

/** UTF-8 (a character cut at the end of `head` is fine), no NUL bytes: binary files fail here. */
function isUtf8Text(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** A short name for what the bytes are, for the refusal message ("it looks like a ZIP archive"). */
export function describeBytes(head: Uint8Array): string | null {
  const found = (Object.keys(CHECKS) as FileType[]).find((type) => type !== 'text/plain' && !type.includes('openxml') && CHECKS[type](head));
  if (found === 'application/zip') return 'a ZIP archive (or an Office document)';
  if (found) return TYPE_NAMES[found] ?? null;
  if (isUtf8Text(head)) return 'plain text';
  return null;
}

const TYPE_NAMES: Partial<Record<FileType, string>> = {
  'image/png': 'a PNG image',
  'image/jpeg': 'a JPEG image',
  'image/webp': 'a WebP image',
  'image/gif': 'a GIF image',
  'application/pdf': 'a PDF document',
  'application/epub+zip': 'an EPUB book',
  'audio/mpeg': 'MP3 audio',
  'audio/mp4': 'M4A audio',
};
