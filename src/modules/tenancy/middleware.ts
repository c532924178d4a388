import { createMiddleware } from 'hono/factory';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { schoolD1, schoolDbFor } from '../../platform/db/school-db.ts';
import { NotFound } from '../../platform/errors.ts';
import type { AppEnv, SchoolHostEnv } from '../../platform/hono.ts';
import { classifyHost } from './hostname.ts';
import { resolveSchool } from './resolve-school.ts';

export const UNKNOWN_HOST_MESSAGE = 'No school is served at this address.';

/**
 * hostname (from the URL, never X-Forwarded-Host) → apex, auth or a school and its database.
 * This is the whole school-resolution seam: keep it small, so moving to one Worker per
 * school (Workers for Platforms) only replaces this function.
 */
export const resolveHost = createMiddleware<AppEnv>(async (c, next) => {
  const queries = { platform: { count: 0 }, school: { count: 0 } };
  const platformDb = platformDbFor(c.env.PLATFORM_DB, queries.platform);
  c.set('platformDb', platformDb);
  c.set('d1Queries', queries);
  const host = classifyHost(new URL(c.req.url).hostname, c.env.PLATFORM_DOMAIN);
  if (host.kind !== 'school-candidate') {
    c.set('host', host);
    return next();
  }
  const school = await resolveSchool(platformDb, host.hostname);
  if (!school) throw new NotFound(UNKNOWN_HOST_MESSAGE);
  if (school.primaryHostname && school.primaryHostname !== host.hostname) return redirectToPrimary(c.req.raw, school.primaryHostname);
  c.set('host', { kind: 'school', school, schoolDb: schoolDbFor(schoolD1(c.env, school), school.id, queries.school) });
  return next();
});

/**
 * A school answers on one address, its primary host; its other hosts send visitors there
 * with the same path and query. 301 for reads (browsers and search engines move over);
 * 308 for anything else, so a form or API call keeps its method and body.
 */
function redirectToPrimary(request: Request, primaryHostname: string): Response {
  const url = new URL(request.url);
  url.hostname = primaryHostname;
  const status = request.method === 'GET' || request.method === 'HEAD' ? 301 : 308;
  return new Response(null, { status, headers: { location: url.href, 'cache-control': 'no-store' } });
}

/** Routes behind this only answer on a school host; elsewhere they do not exist. */
export const onSchoolHost = createMiddleware<SchoolHostEnv>(async (c, next) => {
  const host = c.get('host');
  if (host.kind !== 'school') throw new NotFound();
  c.set('school', host.school);
  c.set('schoolDb', host.schoolDb);
  return next();
});

/** Routes behind this only answer on the apex (platform) host. */
export const onApexHost = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('host').kind !== 'apex') throw new NotFound();
  return next();
});

/** Routes behind this only answer on auth.<PLATFORM_DOMAIN>, the one registered OAuth redirect host. */
export const onAuthHost = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('host').kind !== 'auth') throw new NotFound();
  return next();
});
