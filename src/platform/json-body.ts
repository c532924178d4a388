import type { Context } from 'hono';
import { Invalid } from './errors.ts';

/**
 * The JSON body of a mutating request. Requiring `application/json` matters for CSRF: a
 * cross-site HTML form can only send form or text bodies, never this content type without
 * a CORS preflight. Zod validation happens in the service verb, which owns the rules.
 */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new Invalid('Send this request as JSON, with the header content-type: application/json.');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new Invalid('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Invalid('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}
