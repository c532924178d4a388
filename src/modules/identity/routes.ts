import { newApp, type SchoolHostEnv } from '../../platform/hono.ts';
import { schoolCtx } from '../../platform/school-ctx.ts';
import { onSchoolHost } from '../tenancy/middleware.ts';
import { getMe, listMySessions, revokeMySession, signOut } from './service.ts';
import { clearSessionCookie } from './session-cookie.ts';

export const identityRoutes = newApp<SchoolHostEnv>()
  .get('/me', onSchoolHost, async (c) => c.json(await getMe({ ctx: schoolCtx(c) })))
  .get('/me/sessions', onSchoolHost, async (c) => c.json({ sessions: await listMySessions({ ctx: schoolCtx(c) }) }))
  .delete('/me/sessions/:sessionId', onSchoolHost, async (c) => {
    const result = await revokeMySession({ ctx: schoolCtx(c), input: { sessionId: c.req.param('sessionId') } });
    if (result.wasCurrent) clearSessionCookie(c);
    return c.json(result);
  })
  .post('/auth/logout', onSchoolHost, async (c) => {
    const result = await signOut({ ctx: schoolCtx(c) });
    clearSessionCookie(c);
    return c.json(result);
  });
