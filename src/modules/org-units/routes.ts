import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import {
  assignOrgUnitMember,
  createOrgUnit,
  deleteOrgUnit,
  listOrgUnitAssignments,
  listOrgUnitMembers,
  listOrgUnits,
  unassignOrgUnitMember,
  updateOrgUnit,
} from './service.ts';

/** Campuses and departments: instructors and above read, admins and above change. */
export const orgUnitRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/org-units', onSchoolHost, async (c) => c.json(await listOrgUnits({ ctx: schoolCtx(c) })))
  .post('/api/admin/org-units', onSchoolHost, async (c) => c.json(await createOrgUnit({ ctx: schoolCtx(c), input: await jsonBody(c) }), 201))
  .patch('/api/admin/org-units/:unitId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateOrgUnit({ ctx: schoolCtx(c), input: { ...body, unitId: c.req.param('unitId') } }));
  })
  .delete('/api/admin/org-units/:unitId', onSchoolHost, async (c) => c.json(await deleteOrgUnit({ ctx: schoolCtx(c), input: { unitId: c.req.param('unitId') } })))
  .get('/api/admin/org-units/:unitId/members', onSchoolHost, async (c) =>
    c.json(await listOrgUnitMembers({ ctx: schoolCtx(c), input: { unitId: c.req.param('unitId') } })),
  )
  .put('/api/admin/org-units/:unitId/members/:userId', onSchoolHost, async (c) =>
    c.json(await assignOrgUnitMember({ ctx: schoolCtx(c), input: { unitId: c.req.param('unitId'), userId: c.req.param('userId') } })),
  )
  .delete('/api/admin/org-units/:unitId/members/:userId', onSchoolHost, async (c) =>
    c.json(await unassignOrgUnitMember({ ctx: schoolCtx(c), input: { unitId: c.req.param('unitId'), userId: c.req.param('userId') } })),
  )
  .get('/api/admin/org-unit-assignments', onSchoolHost, async (c) => c.json(await listOrgUnitAssignments({ ctx: schoolCtx(c) })));
