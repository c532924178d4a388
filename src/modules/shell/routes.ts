import type { Context } from 'hono';
import { Unavailable } from '../../platform/errors.ts';
import { type AppEnv, newApp } from '../../platform/hono.ts';
import { DEFAULT_BRAND } from '../branding/brand.ts';
import { getSchoolSummary, type SchoolSummary } from '../tenancy/service.ts';
import { brandCss } from './brand-css.ts';

/** The canary identifies a database for isolation tests; pages have no use for it. */
type ShellSchool = Omit<SchoolSummary, 'profile'> & { profile: Omit<SchoolSummary['profile'], 'canary'> };
const TOKEN_PAGES = new Set(['/invitations/accept']);

type Bootstrap = { kind: 'school'; school: ShellSchool } | { kind: 'apex'; platformDomain: string };

/**
 * Every HTML navigation gets the SPA shell with the host's name, colours and bootstrap data
 * already in it, so the first paint carries the right brand and needs no API round trip.
 */
export const shellRoutes = newApp().get('*', async (c) => {
  const host = c.var.host;
  if (host.kind === 'auth') return c.notFound();
  let bootstrap: Bootstrap;
  let title = 'Lectern';
  let description = 'Lectern: online schools on their own domains.';
  let css = brandCss(DEFAULT_BRAND);
  let themeColour = DEFAULT_BRAND.primaryColor;
  let favicon: string | null = null;
  if (host.kind === 'school') {
    const { profile, ...school } = await getSchoolSummary({ ctx: host });
    bootstrap = { kind: 'school', school: { ...school, profile: { headline: profile.headline, welcomeMessage: profile.welcomeMessage } } };
    title = school.name;
    description = school.brand.tagline ?? profile.headline ?? `Courses from ${school.name}`;
    css = brandCss(school.brand);
    themeColour = school.brand.primaryColor;
    favicon = school.brand.faviconUrl;
  } else {
    bootstrap = { kind: 'apex', platformDomain: c.env.PLATFORM_DOMAIN };
  }
  const shell = await fetchShell(c);
  const nonce = c.var.cspNonce;
  const rewritten = new HTMLRewriter()
    .on('title', { element: (el) => void el.setInnerContent(title) })
    .on('meta[name="description"]', { element: (el) => void el.setAttribute('content', description) })
    .on('meta[name="theme-color"]', { element: (el) => void el.setAttribute('content', themeColour) })
    .on('link[rel="icon"]', {
      // The school's own favicon (PNG or ICO, served by the branding module); the type of
      // Lectern's SVG default no longer applies, and browsers read the image's own.
      element: (el) => {
        if (!favicon) return;
        el.setAttribute('href', favicon);
        el.removeAttribute('type');
      },
    })
    .on('style#lectern-brand', {
      element: (el) => {
        el.setAttribute('nonce', nonce);
        el.setInnerContent(css, { html: true });
      },
    })
    .on('script#lectern-bootstrap', {
      // `<` is escaped so no value can close the script element early.
      element: (el) => void el.setInnerContent(JSON.stringify(bootstrap).replace(/</g, '\\u003c'), { html: true }),
    })
    .transform(shell);
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };
  // Client pages whose URL carries a token must not leak it in a Referer.
  if (TOKEN_PAGES.has(c.req.path)) headers['referrer-policy'] = 'no-referrer';
  return new Response(rewritten.body, { status: 200, headers });
});

async function fetchShell(c: Context<AppEnv>): Promise<Response> {
  const shell = await c.env.ASSETS.fetch(new Request(new URL('/', c.req.url)));
  if (!shell.ok) {
    console.error(`[shell] client build missing: ASSETS answered ${shell.status} for /; run npm run build`);
    throw new Unavailable('The web app is not built yet. Run `npm run build` and reload.');
  }
  return shell;
}
