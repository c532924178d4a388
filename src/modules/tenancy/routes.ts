import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { Invalid } from '../../platform/errors.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { checkSlugAvailability, SlugCheckQuery, submitApplication } from './applications.ts';
import { parseDirectoryQuery } from './directory.ts';
import { onApexHost, onSchoolHost } from './middleware.ts';
import { getSchoolSummary, listPublicSchools } from './service.ts';

// Host guards sit on each route, not in `.use()`: a sub-app's `.use()` would also run for
// every other module mounted under the same prefix.

export const schoolRoutes = newApp<SchoolHostEnv>().get('/school', onSchoolHost, async (c) => {
  const summary = await getSchoolSummary({ ctx: { school: c.var.school, schoolDb: c.var.schoolDb } });
  return c.json(summary);
});

export const directoryRoutes = newApp()
  .get('/schools', onApexHost, async (c) => {
    const url = new URL(c.req.url);
    const { q } = parseDirectoryQuery({ q: c.req.query('q') });
    const schools = await listPublicSchools({ ctx: { platformDb: c.var.platformDb }, input: { protocol: url.protocol, port: url.port, q } });
    return c.json({ schools });
  })
  .get('/applications/slug-check', onApexHost, async (c) => {
    const parsed = SlugCheckQuery.safeParse({ slug: c.req.query('slug') });
    if (!parsed.success) throw new Invalid(parsed.error.issues[0]!.message);
    const { available, reason } = await checkSlugAvailability({ ctx: { platformDb: c.var.platformDb, env: c.env }, input: parsed.data });
    return c.json({ available, reason });
  })
  .post('/applications', onApexHost, async (c) => {
    const ctx = { platformDb: c.var.platformDb, env: c.env, now: c.var.now, client: { ip: c.req.header('cf-connecting-ip') ?? null } };
    const answer = await submitApplication({ ctx, input: await jsonBody(c) });
    return c.json(answer, 202);
  });
