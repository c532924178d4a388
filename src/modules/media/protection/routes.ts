import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { getCourseProtection, getSchoolProtection, updateCourseProtection, updateSchoolProtection } from './service.ts';

/** Content protection for admins: the school default and per-course overrides. */
export const protectionRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/protection', onSchoolHost, async (c) => c.json(await getSchoolProtection({ ctx: schoolCtx(c) })))
  .put('/api/admin/protection', onSchoolHost, async (c) => c.json(await updateSchoolProtection({ ctx: schoolCtx(c), input: await jsonBody(c) })))
  .get('/api/admin/courses/:courseId/protection', onSchoolHost, async (c) => c.json(await getCourseProtection({ ctx: schoolCtx(c), input: { courseId: c.req.param('courseId') } })))
  .put('/api/admin/courses/:courseId/protection', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateCourseProtection({ ctx: schoolCtx(c), input: { ...body, courseId: c.req.param('courseId') } }));
  });
