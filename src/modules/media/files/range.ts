/**
 * What to send for a GET of an object of `size` bytes, given the request's conditional and
 * Range headers (RFC 9110 §13–14). Pure, so every case is tested without R2.
 *
 * - If-None-Match naming the current ETag (weak comparison, or `*`) → not modified (304).
 * - One range (`bytes=a-b`, `bytes=a-`, `bytes=-n`) → partial (206); the end is clamped to
 *   the last byte. A range starting past the end, or `bytes=-0` → unsatisfiable (416).
 * - Several ranges (`bytes=0-1,5-6`) → the whole file (200): allowed by the RFC, and it
 *   spares us multipart/byteranges bodies no download client needs.
 * - A Range header we cannot parse, or another unit → ignored: the whole file (200).
 * - If-Range that does not name the current representation (strong ETag or exact date) →
 *   the Range is ignored: the whole file (200), as the RFC requires.
 */
export type RangePlan =
  | { kind: 'not-modified' }
  | { kind: 'full' }
  | { kind: 'partial'; offset: number; length: number }
  | { kind: 'unsatisfiable' };

export type Validators = { etag: string; lastModified: Date | null };

export function planRange(headers: { ifNoneMatch?: string | null; range?: string | null; ifRange?: string | null }, size: number, validators: Validators): RangePlan {
  if (headers.ifNoneMatch && noneMatchHits(headers.ifNoneMatch, validators.etag)) return { kind: 'not-modified' };
  const range = headers.range?.trim();
  if (!range) return { kind: 'full' };
  if (headers.ifRange != null && !ifRangeHolds(headers.ifRange.trim(), validators)) return { kind: 'full' };
  const match = /^bytes\s*=\s*(.+)$/i.exec(range);
  if (!match) return { kind: 'full' };
  const specs = match[1]!.split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'full' };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'full' };
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    const length = Math.min(suffix, size);
    return { kind: 'partial', offset: size - length, length };
  }
  const first = Number(spec[1]);
  const last = spec[2] === '' ? Infinity : Number(spec[2]);
  if (last < first) return { kind: 'full' };
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', offset: first, length: Math.min(last, size - 1) - first + 1 };
}

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

function noneMatchHits(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** If-Range needs a strong match: the same ETag (not weak), or exactly our Last-Modified. */
function ifRangeHolds(value: string, { etag, lastModified }: Validators): boolean {
  if (value.startsWith('"') || value.startsWith('W/')) return !value.startsWith('W/') && value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && lastModified !== null && Math.floor(lastModified.getTime() / 1000) === Math.floor(date / 1000);
}
