import type { RangePlan } from './range.ts';

/** A stored object as the response needs it: the row says size, type and validators, so 304/416 need no R2 call. */
export type ServedObject = { key: string; sizeBytes: number; contentType: string; etag: string; lastModified: Date | null };

/**
 * The response for a planned GET/HEAD of an R2 object, streamed through the Worker. `extra`
 * carries what differs between callers (Cache-Control, Content-Disposition, Referrer-Policy).
 * Returns null when R2 has no such object although the row says it is there.
 */
export async function objectResponse(bucket: R2Bucket, object: ServedObject, plan: RangePlan, method: string, extra: Record<string, string>): Promise<Response | null> {
  const headers = new Headers({
    'accept-ranges': 'bytes',
    etag: object.etag,
    // User content never runs as a page of ours, whatever it contains.
    'content-security-policy': "default-src 'none'; sandbox",
    ...extra,
  });
  if (object.lastModified) headers.set('last-modified', object.lastModified.toUTCString());
  if (plan.kind === 'not-modified') return new Response(null, { status: 304, headers });
  if (plan.kind === 'unsatisfiable') {
    headers.set('content-range', `bytes */${object.sizeBytes}`);
    return new Response(null, { status: 416, headers });
  }
  headers.set('content-type', object.contentType);
  const partial = plan.kind === 'partial';
  const length = partial ? plan.length : object.sizeBytes;
  headers.set('content-length', String(length));
  if (partial) headers.set('content-range', `bytes ${plan.offset}-${plan.offset + plan.length - 1}/${object.sizeBytes}`);
  const status = partial ? 206 : 200;
  if (method === 'HEAD') {
    if (!(await bucket.head(object.key))) return null;
    return new Response(null, { status, headers });
  }
  const body = await bucket.get(object.key, partial ? { range: { offset: plan.offset, length: plan.length } } : {});
  if (!body) return null;
  return new Response(body.body, { status, headers });
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: the quoted ASCII name for old clients, the
 * encoded UTF-8 name (RFC 6266 / 8187) for everyone else, so "שיעור 1.pdf" keeps its name.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
