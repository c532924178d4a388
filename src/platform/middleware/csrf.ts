import { createMiddleware } from 'hono/factory';
import { Forbidden } from '../errors.ts';
import type { AppEnv } from '../hono.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Mutations must come from a page on the very same origin (exact match, not a suffix), so
 * a page on one school cannot post to another school's host. Webhooks authenticate with
 * their own signatures and are exempt.
 */
export const requireSameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || c.req.path.startsWith('/webhooks/')) return next();
  const origin = c.req.header('origin');
  if (origin !== new URL(c.req.url).origin) {
    throw new Forbidden('This request did not come from this site. Reload the page and try again.');
  }
  return next();
});
