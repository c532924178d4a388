import type { Context } from 'hono';
import { escapeHtml } from '../../../platform/escape-html.ts';
import type { SchoolHostEnv } from '../../../platform/hono.ts';
import { LinkRefused } from './redeem.ts';

/**
 * How a refused download link answers: a short page saying what happened and what to do for a
 * browser that asked for HTML (someone clicked an old link), the usual JSON error otherwise.
 * Never cached, and never sends the token on in a Referer. Other errors go to the app's one
 * error mapper.
 */
export function refusalResponse(c: Context<SchoolHostEnv>, err: unknown): Response {
  if (!(err instanceof LinkRefused)) throw err;
  const requestId = c.get('requestId') ?? 'unknown';
  const headers = { 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' };
  const status = err.status as 403 | 404;
  if ((c.req.header('accept') ?? '').includes('text/html')) return c.html(page(err, requestId, c.get('cspNonce') ?? ''), status, headers);
  return c.json({ error: { code: err.code, message: err.message, requestId, details: { reason: err.reason } } }, status, headers);
}

function page(err: LinkRefused, requestId: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(err.title)}</title><style nonce="${escapeHtml(nonce)}">body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}.id{color:#4b5563;font-size:.875rem}</style></head><body><main><h1>${escapeHtml(err.title)}</h1><p>${escapeHtml(err.advice)}</p><p><a href="/">Back to the school</a></p><p class="id">Request id: ${escapeHtml(requestId)}</p></main></body></html>`;
}
