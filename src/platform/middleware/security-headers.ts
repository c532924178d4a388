import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../hono.ts';

/**
 * Every response gets nosniff; HTML gets a strict CSP (the shell's one inline <style> is
 * allowed by a per-response nonce), no framing, and HSTS in production.
 */
const STREAM_ORIGINS = 'https://*.cloudflarestream.com https://videodelivery.net';

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  c.set('cspNonce', nonce);
  await next();
  // Responses relayed from fetch()/ASSETS have immutable headers; copy before touching them.
  c.res = new Response(c.res.body, c.res);
  const headers = c.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  if (c.env.ENVIRONMENT === 'production') {
    headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains; preload');
  } else {
    const queries = c.get('d1Queries');
    if (queries) {
      headers.set('X-D1-Queries', String(queries.platform.count + queries.school.count));
      headers.set('X-D1-School-Queries', String(queries.school.count));
    }
  }
  if (!(headers.get('content-type') ?? '').startsWith('text/html')) return;
  headers.set(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      "script-src 'self'",
      `style-src 'self' 'nonce-${nonce}'`,
      "img-src 'self' data: blob:",
      // Stream: HLS manifests and segments (production playback) and browser uploads
      // straight to Stream (direct creator uploads, tus).
      `media-src 'self' blob: ${STREAM_ORIGINS}`,
      `connect-src 'self' ${STREAM_ORIGINS} https://upload.videodelivery.net`,
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
  );
  headers.set('X-Frame-Options', 'DENY');
  if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
});
