import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../platform/hono.ts';

/**
 * Host-only session cookie. In production Hono's `prefix: 'host'` makes it
 * `__Host-lectern_session` (Secure, Path=/, no Domain), so no sibling subdomain can set or
 * read it; on http://*.localhost it is the same cookie without prefix and Secure, which
 * browsers refuse over plain http.
 */
const NAME = 'lectern_session';

const prefixFor = <E extends AppEnv>(c: Context<E>) => (c.env.ENVIRONMENT === 'production' ? ('host' as const) : undefined);

export function readSessionCookie<E extends AppEnv>(c: Context<E>): string | undefined {
  return getCookie(c, NAME, prefixFor(c));
}

export function writeSessionCookie<E extends AppEnv>(c: Context<E>, token: string, expiresAt: Date): void {
  setCookie(c, NAME, token, {
    path: '/',
    httpOnly: true,
    secure: c.env.ENVIRONMENT === 'production',
    sameSite: 'Lax',
    expires: expiresAt,
    prefix: prefixFor(c),
  });
}

export function clearSessionCookie<E extends AppEnv>(c: Context<E>): void {
  deleteCookie(c, NAME, { path: '/', secure: c.env.ENVIRONMENT === 'production', prefix: prefixFor(c) });
}
