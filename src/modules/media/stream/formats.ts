/**
 * What a lesson video may be: the content types staff may upload, how big, how long, and
 * the first bytes each type must start with. The browser's content type is only a claim;
 * the magic bytes are what the file is.
 */

export const VIDEO_CONTENT_TYPES = ['video/mp4', 'video/webm', 'video/quicktime'] as const;
export type VideoContentType = (typeof VIDEO_CONTENT_TYPES)[number];

/** 4 GiB: a long lecture at a good bitrate, and far below Stream's own limit. */
export const MAX_VIDEO_BYTES = 4 * 1024 ** 3;
/** Stream reserves this much of the account's minutes for a direct upload until it arrives; 6 h is Stream's maximum. */
export const MAX_VIDEO_SECONDS = 6 * 60 * 60;
/** Stream's basic (single POST) direct uploads stop at 200 MB; above it the browser must use tus. */
export const BASIC_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;
/** tus chunks must be multiples of 256 KiB and at least 5 MiB; 50 MiB is Stream's advice for reliable links. */
export const TUS_CHUNK_BYTES = 50 * 1024 * 1024;

/** Bytes needed to recognise any allowed type. */
export const SNIFF_BYTES = 12;

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** ISO base media (MP4, and QuickTime's newer files): a box whose type is `ftyp` first. */
function isFtyp(head: Uint8Array): boolean {
  return head.length >= 8 && ascii(head, 4, 8) === 'ftyp';
}

/** Older QuickTime files start with another top-level atom instead of `ftyp`. */
const QUICKTIME_ATOMS = new Set(['moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/** WebM is Matroska: an EBML header, 1A 45 DF A3. */
function isEbml(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
}

/** Whether the first bytes are what `type` says the file is. */
export function matchesMagic(type: VideoContentType, head: Uint8Array): boolean {
  switch (type) {
    case 'video/mp4':
      return isFtyp(head);
    case 'video/quicktime':
      return isFtyp(head) || (head.length >= 8 && QUICKTIME_ATOMS.has(ascii(head, 4, 8)));
    case 'video/webm':
      return isEbml(head);
  }
}

/** `video/mp4; codecs=…` → `video/mp4`, or null when it is not an allowed video type. */
export function videoContentType(header: string | null | undefined): VideoContentType | null {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return (VIDEO_CONTENT_TYPES as readonly string[]).includes(type) ? (type as VideoContentType) : null;
}

/**
 * Reads an MP4/QuickTime file's duration from its `moov/mvhd` box while the bytes stream
 * past, keeping only the `moov` box in memory (it is small; media data is skipped). The
 * local Stream simulator does not transcode, so it never knows a duration: this is how a
 * locally uploaded lesson still shows one, and how the preview byte share can be computed.
 * WebM durations are not read (null).
 */
export class Mp4DurationScanner {
  private offset = 0;
  /** Absolute offset of the next top-level box header. */
  private nextBox = 0;
  private header = new Uint8Array(0);
  private moovBox: { size: number; bytes: Uint8Array; filled: number } | null = null;
  private done = false;
  seconds: number | null = null;
  /** Where the `moov` box sits in the file (a player must read it before any frame). */
  moov: { start: number; end: number } | null = null;

  /** Largest moov box we are willing to buffer. */
  private static readonly MOOV_MAX = 32 * 1024 * 1024;

  push(chunk: Uint8Array): void {
    let at = 0;
    while (!this.done && at < chunk.length) {
      const absolute = this.offset + at;
      if (this.moovBox) {
        const take = Math.min(chunk.length - at, this.moovBox.size - this.moovBox.filled);
        this.moovBox.bytes.set(chunk.subarray(at, at + take), this.moovBox.filled);
        this.moovBox.filled += take;
        at += take;
        if (this.moovBox.filled === this.moovBox.size) {
          this.seconds = mvhdSeconds(this.moovBox.bytes);
          this.done = true;
        }
        continue;
      }
      if (absolute < this.nextBox) {
        at += Math.min(chunk.length - at, this.nextBox - absolute);
        continue;
      }
      // Collect a box header (8 bytes, or 16 with a 64-bit size).
      const need = 16 - this.header.length;
      const piece = chunk.subarray(at, at + need);
      const merged = new Uint8Array(this.header.length + piece.length);
      merged.set(this.header);
      merged.set(piece, this.header.length);
      if (merged.length < 8) {
        this.header = merged;
        at += piece.length;
        continue;
      }
      const view = new DataView(merged.buffer, merged.byteOffset, merged.byteLength);
      let size = view.getUint32(0);
      let headerLength = 8;
      if (size === 1) {
        if (merged.length < 16) {
          this.header = merged;
          at += piece.length;
          continue;
        }
        size = Number(view.getBigUint64(8));
        headerLength = 16;
      }
      const type = ascii(merged, 4, 8);
      if (size === 0 || size < headerLength) {
        // "Extends to end of file" or garbage: nothing more we can learn.
        this.done = true;
        break;
      }
      const consumedFromChunk = headerLength - this.header.length;
      this.header = new Uint8Array(0);
      at += consumedFromChunk;
      const boxStart = absolute - (merged.length - piece.length);
      if (type === 'moov' && size - headerLength <= Mp4DurationScanner.MOOV_MAX) {
        this.moov = { start: boxStart, end: boxStart + size };
        this.moovBox = { size: size - headerLength, bytes: new Uint8Array(size - headerLength), filled: 0 };
      } else {
        this.nextBox = boxStart + size;
      }
    }
    this.offset += chunk.length;
  }
}

/** Duration in seconds from the `mvhd` box inside a `moov` payload, or null. */
function mvhdSeconds(moov: Uint8Array): number | null {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  let at = 0;
  while (at + 8 <= moov.length) {
    const size = view.getUint32(at);
    const type = ascii(moov, at + 4, at + 8);
    if (size < 8) return null;
    if (type === 'mvhd') {
      const version = moov[at + 8];
      if (version === 1 && at + 8 + 32 <= moov.length) {
        const timescale = view.getUint32(at + 8 + 20);
        const duration = Number(view.getBigUint64(at + 8 + 24));
        return timescale > 0 ? duration / timescale : null;
      }
      if (at + 8 + 20 <= moov.length) {
        const timescale = view.getUint32(at + 8 + 12);
        const duration = view.getUint32(at + 8 + 16);
        return timescale > 0 ? duration / timescale : null;
      }
      return null;
    }
    at += size;
  }
  return null;
}
