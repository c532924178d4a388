import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import { addDomain, checkDomain, listDomains, makePrimaryHost, removeDomain } from './service.ts';

/** A school's own domains: admins and owners only. */
export const domainRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/domains', onSchoolHost, async (c) => c.json(await listDomains({ ctx: schoolCtx(c) })))
  .post('/api/admin/domains', onSchoolHost, async (c) => c.json(await addDomain({ ctx: schoolCtx(c), input: await jsonBody(c) }), 201))
  .post('/api/admin/domains/:hostname/check', onSchoolHost, async (c) => c.json(await checkDomain({ ctx: schoolCtx(c), input: { hostname: c.req.param('hostname') } })))
  .post('/api/admin/domains/:hostname/primary', onSchoolHost, async (c) => c.json(await makePrimaryHost({ ctx: schoolCtx(c), input: { hostname: c.req.param('hostname') } })))
  .delete('/api/admin/domains/:hostname', onSchoolHost, async (c) => c.json(await removeDomain({ ctx: schoolCtx(c), input: { hostname: c.req.param('hostname') } })));
