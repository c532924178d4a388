import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../../../platform/hono.ts';
import { AUTH_STATE_TTL_MS, HANDOFF_TTL_MS } from './auth-state.ts';

/**
 * The school host's memory of the sign-in it started (the OAuth `state`), so the handoff
 * only completes in that same browser. Host-only like the session cookie (`__Host-` in
 * production); SameSite=Lax still lets the top-level redirect from the auth host carry it.
 */
const NAME = 'lectern_oauth_flow';

const prefixFor = <E extends AppEnv>(c: Context<E>) => (c.env.ENVIRONMENT === 'production' ? ('host' as const) : undefined);

export function writeFlowCookie<E extends AppEnv>(c: Context<E>, state: string): void {
  setCookie(c, NAME, state, {
    path: '/',
    httpOnly: true,
    secure: c.env.ENVIRONMENT === 'production',
    sameSite: 'Lax',
    maxAge: Math.ceil((AUTH_STATE_TTL_MS + HANDOFF_TTL_MS) / 1000),
    prefix: prefixFor(c),
  });
}

export function readFlowCookie<E extends AppEnv>(c: Context<E>): string | undefined {
  return getCookie(c, NAME, prefixFor(c));
}

export function clearFlowCookie<E extends AppEnv>(c: Context<E>): void {
  deleteCookie(c, NAME, { path: '/', secure: c.env.ENVIRONMENT === 'production', prefix: prefixFor(c) });
}
