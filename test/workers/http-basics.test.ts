import { describe, expect, it } from 'vitest';
import { BRESLOV, hostOf, request } from './fixtures.ts';
import { expectErrorShape } from './hosts.ts';

describe('error shape', () => {
  it('an unknown API path is a JSON 404 with a request id', async () => {
    await expectErrorShape(await request(hostOf(BRESLOV), '/api/nothing-here'), 404, 'NOT_FOUND');
  });

  it.each(['/auth/nothing', '/files/nothing', '/webhooks/nothing'])('%s belongs to code, not the SPA shell', async (path) => {
    const res = await request(hostOf(BRESLOV), path);
    expect(res.status).toBe(404);
  });
});

describe('CSRF: mutations need the exact origin', () => {
  const origin = `http://${hostOf(BRESLOV)}`;
  it.each([
    ['no Origin header', {}],
    ['another school', { origin: 'http://acme.localhost' }],
    ['a look-alike suffix', { origin: `${origin}.evil.test` }],
    ['another scheme', { origin: `https://${hostOf(BRESLOV)}` }],
  ])('refuses %s', async (_name, headers) => {
    await expectErrorShape(await request(hostOf(BRESLOV), '/api/school', { method: 'POST', headers }), 403, 'FORBIDDEN');
  });

  it('lets the same origin through to routing', async () => {
    const res = await request(hostOf(BRESLOV), '/api/school', { method: 'POST', headers: { origin } });
    expect(res.status).toBe(404);
  });
});

describe('health', () => {
  it('touches the school database on a school host', async () => {
    expect(await (await request(hostOf(BRESLOV), '/api/health')).json()).toEqual({ ok: true, host: 'school', school: 'breslov' });
  });

  it('does no tenancy work on the apex', async () => {
    expect(await (await request('localhost', '/api/health')).json()).toEqual({ ok: true, host: 'apex' });
  });
});

describe('D1 round trips per request', () => {
  const queries = (res: Response) => Number(res.headers.get('x-d1-queries'));

  it('a school API call costs one school query once the host is cached', async () => {
    await request(hostOf(BRESLOV), '/api/school');
    expect(queries(await request(hostOf(BRESLOV), '/api/school'))).toBe(1);
  });

  it('an HTML navigation costs one school query', async () => {
    await request(hostOf(BRESLOV), '/api/health');
    expect(queries(await request(hostOf(BRESLOV), '/courses', { headers: { accept: 'text/html' } }))).toBe(1);
  });

  it('the apex health check makes none', async () => {
    expect(queries(await request('localhost', '/api/health'))).toBe(0);
  });
});
