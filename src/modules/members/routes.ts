import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import { acceptInvitation, lookupInvitation } from './accept.ts';
import { createInvitation, listInvitations, revokeInvitation } from './invitations.ts';
import { jsonBody } from '../../platform/json-body.ts';
import { changeMemberRole, listMembers, removeMember } from './service.ts';
import { getSignInPolicy, updateSignInPolicy } from './sign-in-policy.ts';

/** Members, invitations and the sign-in policy for school admins; the invitee's accept flow. */
export const membersRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/members', onSchoolHost, async (c) => c.json(await listMembers({ ctx: schoolCtx(c) })))
  .patch('/api/admin/members/:membershipId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await changeMemberRole({ ctx: schoolCtx(c), input: { ...body, membershipId: c.req.param('membershipId') } }));
  })
  .delete('/api/admin/members/:membershipId', onSchoolHost, async (c) =>
    c.json(await removeMember({ ctx: schoolCtx(c), input: { membershipId: c.req.param('membershipId') } })),
  )
  .get('/api/admin/invitations', onSchoolHost, async (c) => c.json(await listInvitations({ ctx: schoolCtx(c) })))
  .post('/api/admin/invitations', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await createInvitation({ ctx: schoolCtx(c), input: body }), 201);
  })
  .delete('/api/admin/invitations/:invitationId', onSchoolHost, async (c) =>
    c.json(await revokeInvitation({ ctx: schoolCtx(c), input: { invitationId: c.req.param('invitationId') } })),
  )
  .get('/api/invitations/lookup', onSchoolHost, async (c) => {
    // The token is in the URL: keep it out of Referer headers sent from this response.
    c.header('Referrer-Policy', 'no-referrer');
    return c.json(await lookupInvitation({ ctx: schoolCtx(c), input: { token: c.req.query('token') } }));
  })
  .post('/api/invitations/accept', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    const { membership } = await acceptInvitation({ ctx: schoolCtx(c), input: body });
    return c.json({ membership });
  })
  .get('/api/admin/sign-in-policy', onSchoolHost, async (c) => c.json(await getSignInPolicy({ ctx: schoolCtx(c) })))
  .put('/api/admin/sign-in-policy', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateSignInPolicy({ ctx: schoolCtx(c), input: body }));
  });
