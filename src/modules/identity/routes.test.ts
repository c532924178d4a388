import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;

describeAccessRules('GET /api/me', { method: 'GET', path: '/api/me', minimumRole: 'student' });
describeAccessRules('GET /api/me/sessions', { method: 'GET', path: '/api/me/sessions', minimumRole: 'student' });

describe('GET /api/me', () => {
  it('returns the user, the membership and the role', async () => {
    const res = await request(host, '/api/me', { headers: { cookie: await cookieFor(BRESLOV, 'instructor') } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ user: { email: 'instructor@breslov.test' }, role: 'instructor', school: { slug: 'breslov' } });
  });
});

describe('sessions of the signed-in user', () => {
  it('lists them with the current one marked, and revokes one', async () => {
    const cookie = await cookieFor(BRESLOV, 'student');
    const other = await cookieFor(BRESLOV, 'student');
    const { sessions } = (await (await request(host, '/api/me/sessions', { headers: { cookie } })).json()) as { sessions: { id: string; current: boolean }[] };
    const current = sessions.find((s) => s.current)!;
    const notCurrent = sessions.find((s) => !s.current)!;
    expect(current).toBeTruthy();
    const res = await request(host, `/api/me/sessions/${notCurrent.id}`, { method: 'DELETE', headers: { cookie, origin } });
    expect(await res.json()).toEqual({ revoked: true, wasCurrent: false });
    expect((await request(host, '/api/me', { headers: { cookie } })).status).toBe(200);
    void other;
  });

  it('cannot revoke someone else’s session (404)', async () => {
    const mine = await cookieFor(BRESLOV, 'student');
    const theirs = await cookieFor(BRESLOV, 'owner');
    const { sessions } = (await (await request(host, '/api/me/sessions', { headers: { cookie: theirs } })).json()) as { sessions: { id: string }[] };
    await expectErrorShape(await request(host, `/api/me/sessions/${sessions[0]!.id}`, { method: 'DELETE', headers: { cookie: mine, origin } }), 404, 'NOT_FOUND');
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session and clears the cookie', async () => {
    const cookie = await cookieFor(BRESLOV, 'student');
    const res = await request(host, '/api/auth/logout', { method: 'POST', headers: { cookie, origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^lectern_session=;.*Max-Age=0/);
    await expectErrorShape(await request(host, '/api/me', { headers: { cookie } }), 401, 'UNAUTHORIZED');
  });

  it('needs the exact origin: a sibling school cannot sign you out', async () => {
    const cookie = await cookieFor(BRESLOV, 'student');
    await expectErrorShape(await request(host, '/api/auth/logout', { method: 'POST', headers: { cookie, origin: 'http://acme.localhost' } }), 403, 'FORBIDDEN');
    expect((await request(host, '/api/me', { headers: { cookie } })).status).toBe(200);
  });
});
