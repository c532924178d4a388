import { createMiddleware } from 'hono/factory';
import { type AppEnv, newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onAuthHost, onSchoolHost } from '../../tenancy/middleware.ts';
import { writeSessionCookie } from '../session-cookie.ts';
import { finishOAuthSignIn } from './callback.ts';
import { clearFlowCookie, readFlowCookie, writeFlowCookie } from './flow-cookie.ts';
import { OAUTH_SLUGS } from './providers.ts';
import { listSignInMethods, redeemHandoff, startOAuthSignIn } from './service.ts';

/** Callback and handoff URLs carry single-use secrets: never leak them in a Referer. */
const noReferrer = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header('Referrer-Policy', 'no-referrer');
});

const schoolHost = newApp<SchoolHostEnv>()
  .get('/api/auth/methods', onSchoolHost, async (c) => c.json({ methods: await listSignInMethods({ ctx: schoolCtx(c) }) }))
  .get('/auth/handoff', onSchoolHost, noReferrer, async (c) => {
    const { session, returnTo } = await redeemHandoff({
      ctx: schoolCtx(c),
      input: { code: c.req.query('code'), browserBinding: readFlowCookie(c), userAgent: c.req.header('user-agent') },
    });
    clearFlowCookie(c);
    writeSessionCookie(c, session.token, session.expiresAt);
    return c.redirect(returnTo, 302);
  });

const authHost = newApp();

// One explicit path per provider (rather than /auth/:provider/…), so every GET route is a
// concrete path the isolation sweep can request. These are GETs because OAuth is a chain of
// top-level redirects; what they write is single-use flow bookkeeping (an attempt, a
// handoff) and, at the handoff, the session the whole chain exists to create.
for (const provider of OAUTH_SLUGS) {
  schoolHost.get(`/auth/${provider}/start`, onSchoolHost, async (c) => {
    const { location, state } = await startOAuthSignIn({ ctx: schoolCtx(c), input: { provider, returnTo: c.req.query('returnTo'), clientIp: c.req.header('cf-connecting-ip') } });
    writeFlowCookie(c, state);
    return c.redirect(location, 302);
  });
  authHost.get(`/auth/${provider}/callback`, onAuthHost, noReferrer, async (c) => {
    const ctx = { env: c.env, platformDb: c.var.platformDb, now: c.var.now, origin: new URL(c.req.url).origin };
    const { location } = await finishOAuthSignIn({
      ctx,
      input: { provider, state: c.req.query('state'), code: c.req.query('code'), error: c.req.query('error') },
    });
    return c.redirect(location, 302);
  });
}

/** Google and Microsoft sign-in through the central auth host, and the handoff back. */
export const oauthRoutes = newApp().route('/', schoolHost).route('/', authHost);
