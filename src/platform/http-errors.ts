import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, type ErrorStatus } from './errors.ts';
import { escapeHtml } from './escape-html.ts';
import type { AppEnv } from './hono.ts';

export type ErrorBody = { error: { code: string; message: string; requestId: string; details?: unknown } };

/** Maps anything thrown while handling a request to the one error shape. The only place that does. */
export function toHttpError(err: unknown): { status: number; code: string; message: string; details?: unknown } {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, details: err.details };
  if (err instanceof ZodError) {
    return {
      status: 400,
      code: 'BAD_REQUEST',
      message: err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
      details: err.issues,
    };
  }
  if (err instanceof HTTPException) {
    // Hono raises these for malformed bodies and similar: they are the client's mistake.
    const status = err.status >= 400 && err.status < 500 ? err.status : 500;
    return { status, code: status === 500 ? 'INTERNAL' : 'BAD_REQUEST', message: err.message || 'Bad request.' };
  }
  return { status: 500, code: 'INTERNAL', message: 'Something went wrong on our side. Please try again.' };
}

/** JSON for API callers, a small plain page for browsers. */
export function errorResponse(c: Context<AppEnv>, err: unknown): Response {
  const { status, code, message, details } = toHttpError(err);
  if (status >= 500) console.error(`[${c.get('requestId')}] ${c.req.method} ${c.req.path}`, err);
  const requestId = c.get('requestId') ?? 'unknown';
  const wantsHtml = !c.req.path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html');
  if (wantsHtml) {
    return c.html(plainPage(status, message, requestId, c.get('cspNonce') ?? ''), status as ErrorStatus);
  }
  const body: ErrorBody = { error: { code, message, requestId, ...(details && status < 500 ? { details } : {}) } };
  return c.json(body, status as ErrorStatus);
}

function plainPage(status: number, message: string, requestId: string, nonce: string): string {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'Request refused';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style nonce="${escapeHtml(nonce)}">body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}.id{color:#4b5563;font-size:.875rem}</style></head><body><main><h1>${title}</h1><p>${escapeHtml(message)}</p><p class="id">Request id: ${escapeHtml(requestId)}</p></main></body></html>`;
}
