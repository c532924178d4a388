import type { Context } from 'hono';
import { jsonBody } from '../../../platform/json-body.ts';
import { Invalid } from '../../../platform/errors.ts';
import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { writeSessionCookie } from '../session-cookie.ts';
import { SignInRefused } from '../sign-in.ts';
import { confirmPage, problemPage } from './page.ts';
import { inspectMagicLink, type MagicLinkCtx, MagicLinkUnusable, redeemMagicLink, requestMagicLink } from './service.ts';

// These pages' URLs carry the token: no Referer may leak it, no cache may keep it.
const TOKEN_PAGE_HEADERS = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };
// …except that under `no-referrer` browsers send `Origin: null` with a form POST, and the
// exact-Origin CSRF check then refuses the confirm button. `same-origin` still sends no
// Referer to any other site, and lets the form carry its real Origin back to us.
const CONFIRM_PAGE_HEADERS = { ...TOKEN_PAGE_HEADERS, 'Referrer-Policy': 'same-origin' };

/** Magic-link sign-in: request (JSON), confirm page (GET, reads only), redeem (form POST). */
export const magicLinkRoutes = newApp<SchoolHostEnv>()
  .post('/api/auth/magic-link', onSchoolHost, async (c) => {
    return c.json(await requestMagicLink({ ctx: magicLinkCtx(c), input: await jsonBody(c) }), 202);
  })
  .get('/auth/magic-link', onSchoolHost, async (c) => {
    const token = c.req.query('token') ?? '';
    try {
      const { email } = await inspectMagicLink({ ctx: schoolCtx(c), input: { token } });
      return c.html(confirmPage(chrome(c), { email, token }), 200, CONFIRM_PAGE_HEADERS);
    } catch (err) {
      return problemResponse(c, err);
    }
  })
  .post('/auth/magic-link', onSchoolHost, async (c) => {
    const form = await formBody(c);
    try {
      const { session, returnTo } = await redeemMagicLink({ ctx: magicLinkCtx(c), input: { token: form.token } });
      writeSessionCookie(c, session.token, session.expiresAt);
      return c.redirect(returnTo, 303);
    } catch (err) {
      return problemResponse(c, err);
    }
  });

function magicLinkCtx(c: Context<SchoolHostEnv>): MagicLinkCtx {
  return { ...schoolCtx(c), client: { ip: c.req.header('cf-connecting-ip') ?? null, userAgent: c.req.header('user-agent') ?? null } };
}

const chrome = (c: Context<SchoolHostEnv>) => ({ school: c.var.school, nonce: c.var.cspNonce });

/** The two expected failures get a branded page that says why; anything else is a real error. */
function problemResponse(c: Context<SchoolHostEnv>, err: unknown): Response {
  if (err instanceof MagicLinkUnusable) {
    return c.html(problemPage(chrome(c), { title: 'This sign-in link cannot be used', message: err.message }), 400, TOKEN_PAGE_HEADERS);
  }
  if (err instanceof SignInRefused) {
    return c.html(problemPage(chrome(c), { title: 'You cannot sign in here', message: err.message }), 403, TOKEN_PAGE_HEADERS);
  }
  throw err;
}

/** The confirm page's form; anything else is not a browser pressing our button. */
async function formBody(c: Context): Promise<Record<string, unknown>> {
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new Invalid('Sign in with the button on the sign-in link page.');
  }
  try {
    return await c.req.parseBody();
  } catch {
    throw new Invalid('Sign in with the button on the sign-in link page.');
  }
}
