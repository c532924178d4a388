import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { onApexHost, onSchoolHost } from './middleware.ts';
import { getSchoolSummary, listPublicSchools } from './service.ts';

// Host guards sit on each route, not in `.use()`: a sub-app's `.use()` would also run for
// every other module mounted under the same prefix.

export const schoolRoutes = newApp<SchoolHostEnv>().get('/school', onSchoolHost, async (c) => {
  const summary = await getSchoolSummary({ ctx: { school: c.var.school, schoolDb: c.var.schoolDb } });
  return c.json(summary);
});

export const directoryRoutes = newApp().get('/schools', onApexHost, async (c) => {
  const url = new URL(c.req.url);
  const schools = await listPublicSchools({ ctx: { platformDb: c.var.platformDb }, input: { protocol: url.protocol, port: url.port } });
  return c.json({ schools });
});
