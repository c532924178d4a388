import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../platform/hono.ts';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from './session-cookie.ts';

const expires = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000);
const app = new Hono<AppEnv>()
  .get('/write', (c) => {
    writeSessionCookie(c, 'token123', expires);
    return c.text('ok');
  })
  .get('/read', (c) => c.text(readSessionCookie(c) ?? '(none)'))
  .get('/clear', (c) => {
    clearSessionCookie(c);
    return c.text('ok');
  });

const as = (environment: 'production' | 'development') => ({ ENVIRONMENT: environment }) as never;
const attributes = (header: string) => header.split(/;\s*/).slice(1).map((a) => a.split('=')[0]!.toLowerCase());

describe('session cookie', () => {
  it('is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and host-only in production', async () => {
    const header = (await app.request('/write', {}, as('production'))).headers.get('set-cookie')!;
    expect(header.startsWith('__Host-lectern_session=token123;')).toBe(true);
    expect(attributes(header)).toEqual(expect.arrayContaining(['path', 'expires', 'httponly', 'secure', 'samesite']));
    expect(header).toContain('Path=/');
    expect(header).toContain('SameSite=Lax');
    expect(attributes(header)).not.toContain('domain');
  });

  it('drops the prefix and Secure on http://*.localhost in development, keeping the rest', async () => {
    const header = (await app.request('/write', {}, as('development'))).headers.get('set-cookie')!;
    expect(header.startsWith('lectern_session=token123;')).toBe(true);
    expect(attributes(header)).toEqual(expect.arrayContaining(['path', 'httponly', 'samesite']));
    expect(attributes(header)).not.toContain('secure');
    expect(attributes(header)).not.toContain('domain');
  });

  it('in production ignores an unprefixed cookie a sibling subdomain could have planted', async () => {
    const planted = await app.request('/read', { headers: { cookie: 'lectern_session=planted' } }, as('production'));
    expect(await planted.text()).toBe('(none)');
    const real = await app.request('/read', { headers: { cookie: '__Host-lectern_session=real' } }, as('production'));
    expect(await real.text()).toBe('real');
  });

  it('is cleared with the same name and path', async () => {
    const header = (await app.request('/clear', {}, as('production'))).headers.get('set-cookie')!;
    expect(header).toMatch(/^__Host-lectern_session=;.*Max-Age=0/);
    expect(header).toContain('Path=/');
  });
});
