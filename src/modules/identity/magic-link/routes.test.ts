import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../../test/workers/fixtures.ts';
import { expectErrorShape, withPlatformChange } from '../../../../test/workers/hosts.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const newEmail = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;
// The real rate-limit binding counts per IP: give every request its own address.
let ipCounter = Math.floor(Math.random() * 200);
const freshIp = () => `198.51.${100 + Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

function askForLink(body: unknown, options: { host?: string; ip?: string; headers?: Record<string, string> } = {}) {
  const on = options.host ?? host;
  return request(on, '/api/auth/magic-link', {
    method: 'POST',
    headers: { origin: `http://${on}`, 'content-type': 'application/json', 'cf-connecting-ip': options.ip ?? freshIp(), ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function linkMailedTo(email: string): Promise<URL> {
  const row = await env.PLATFORM_DB.prepare('SELECT text_body FROM mail_outbox WHERE to_address = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').bind(email).first<{ text_body: string }>();
  return new URL(/https?:\/\/\S+/.exec(row!.text_body)![0]);
}

function redeem(token: string, on = host) {
  return request(on, '/auth/magic-link', {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: `http://${on}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ token }).toString(),
  });
}

describe('POST /api/auth/magic-link', () => {
  it('answers 202 with the same body for a member, a stranger and a refused address', async () => {
    await env.SCHOOL_ACME.prepare(`UPDATE school_auth_policies SET require_domain_match = 1, allowed_domains = '["acme.test"]' WHERE school_id = ?`).bind(ACME.id).run();
    try {
      for (const [school, email] of [[BRESLOV, 'student@breslov.test'], [BRESLOV, newEmail('stranger')], [ACME, 'owner@acme.test'], [ACME, newEmail('outsider')]] as const) {
        const res = await askForLink({ email }, { host: hostOf(school) });
        expect(res.status).toBe(202);
        expect(await res.json()).toEqual({ sent: true, message: `If ${email} can sign in to ${school.name}, a link is on its way. It works for 10 minutes.` });
      }
    } finally {
      await env.SCHOOL_ACME.prepare(`UPDATE school_auth_policies SET require_domain_match = 0, allowed_domains = '[]' WHERE school_id = ?`).bind(ACME.id).run();
    }
  });

  it('wants JSON with a real address, and says so', async () => {
    await expectErrorShape(await askForLink('email=a@b.test', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 400, 'BAD_REQUEST');
    await expectErrorShape(await askForLink('{"email":'), 400, 'BAD_REQUEST');
    const body = await expectErrorShape(await askForLink({ email: 'nobody' }), 400, 'BAD_REQUEST');
    expect(body.error.message).toContain('real email address');
  });

  it('limits requests per address: the sixth in a minute is 429 and logged', async () => {
    const email = newEmail('flood');
    for (let i = 0; i < 5; i++) expect((await askForLink({ email })).status).toBe(202);
    await expectErrorShape(await askForLink({ email }), 429, 'RATE_LIMITED');
    const log = await env.SCHOOL_BRESLOV.prepare('SELECT bucket, school_id FROM rate_limit_logs WHERE key = ?').bind(`email:${email}`).first();
    expect(log).toEqual({ bucket: 'magic_link', school_id: BRESLOV.id });
  });

  it('limits requests per IP address across emails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await askForLink({ email: newEmail('ip') }, { ip })).status).toBe(202);
    await expectErrorShape(await askForLink({ email: newEmail('ip') }, { ip }), 429, 'RATE_LIMITED');
    expect(await env.SCHOOL_BRESLOV.prepare('SELECT count(*) AS n FROM rate_limit_logs WHERE key = ?').bind(`ip:${ip}`).first('n')).toBe(1);
  });

  it('links to the school’s stored primary host; another host of the school redirects there first', async () => {
    const custom = 'learn.breslov.test';
    await withPlatformChange(
      `INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) VALUES ('${custom}', '${BRESLOV.id}', 'custom', 'active', 0, 0)`,
      `DELETE FROM school_hostnames WHERE hostname = '${custom}'`,
      async () => {
        const email = newEmail('custom-host');
        const res = await request(`${custom}:8787`, '/api/auth/magic-link', {
          method: 'POST',
          redirect: 'manual',
          headers: { origin: `http://${custom}:8787`, 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        });
        expect(res.status).toBe(308);
        expect(res.headers.get('location')).toBe('http://breslov.localhost:8787/api/auth/magic-link');

        // With no host marked primary, the link stays on the (stored) host the request used.
        await withPlatformChange(
          `UPDATE school_hostnames SET is_primary = 0 WHERE hostname = '${host}'`,
          `UPDATE school_hostnames SET is_primary = 1 WHERE hostname = '${host}'`,
          async () => {
            const other = newEmail('no-primary');
            expect((await askForLink({ email: other }, { host: custom })).status).toBe(202);
            expect((await linkMailedTo(other)).origin).toBe(`http://${custom}`);
          },
        );
      },
    );
  });

  it('is only on school hosts', async () => {
    const res = await request('localhost', '/api/auth/magic-link', { method: 'POST', headers: { origin: 'http://localhost', 'content-type': 'application/json' }, body: '{"email":"a@b.test"}' });
    await expectErrorShape(res, 404, 'NOT_FOUND');
  });
});

describe('GET and POST /auth/magic-link', () => {
  it('the confirm page is branded, leaks no referrer off-site and consumes nothing', async () => {
    const email = newEmail('confirm');
    await askForLink({ email, returnTo: '/courses/intro' });
    const link = await linkMailedTo(email);
    for (let i = 0; i < 3; i++) {
      const page = await request(host, `${link.pathname}${link.search}`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      // Not `no-referrer`: browsers then post the form with `Origin: null`, which CSRF refuses.
      expect(page.headers.get('referrer-policy')).toBe('same-origin');
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain('Sign in to Breslov University');
      expect(html).toContain('--brand-primary:#1f4e79');
      expect(html).toContain('<form method="post" action="/auth/magic-link">');
    }
    const redeemed = await redeem(link.searchParams.get('token')!);
    expect(redeemed.status).toBe(303);
    expect(redeemed.headers.get('location')).toBe('/courses/intro');
    const cookie = redeemed.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lectern_session=[A-Za-z0-9_-]{43};.*HttpOnly/);
    const me = await request(host, '/api/me', { headers: { cookie: cookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({ user: { email }, role: 'student' });
    // …and the session is worthless on the sibling school.
    expect((await request(hostOf(ACME), '/api/me', { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(401);
  });

  it('signs a demo member in with their own role, and replaces the session they had', async () => {
    const old = await cookieFor(BRESLOV, 'instructor');
    await askForLink({ email: 'instructor@breslov.test' });
    const res = await request(host, '/auth/magic-link', {
      method: 'POST',
      redirect: 'manual',
      headers: { origin, cookie: old, 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${(await linkMailedTo('instructor@breslov.test')).searchParams.get('token')}`,
    });
    expect(res.status).toBe(303);
    const fresh = res.headers.get('set-cookie')!.split(';')[0]!;
    expect(fresh).not.toBe(old);
    expect(await (await request(host, '/api/me', { headers: { cookie: fresh } })).json()).toMatchObject({ role: 'instructor' });
    expect((await request(host, '/api/me', { headers: { cookie: old } })).status).toBe(401);
  });

  it('a used, unknown or other-school link gets a plain page with a way back', async () => {
    const email = newEmail('used');
    await askForLink({ email });
    const token = (await linkMailedTo(email)).searchParams.get('token')!;
    const onAcme = await redeem(token, hostOf(ACME));
    expect(onAcme.status).toBe(400);
    expect(await onAcme.text()).toContain('not valid here');
    expect((await redeem(token)).status).toBe(303);
    const again = await redeem(token);
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toContain('text/html');
    expect(again.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await again.text();
    expect(html).toContain('already been used');
    expect(html).toContain('href="/sign-in"');
    const unknown = await request(host, '/auth/magic-link?token=%3Cscript%3Ealert(1)%3C/script%3E', { headers: { accept: 'text/html' } });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).not.toContain('<script>');
  });

  it('two presses at once: one session, one refusal', async () => {
    const email = newEmail('double');
    await askForLink({ email });
    const token = (await linkMailedTo(email)).searchParams.get('token')!;
    const statuses = (await Promise.all([redeem(token), redeem(token)])).map((r) => r.status).sort();
    expect(statuses).toEqual([303, 400]);
  });

  it('a sign-in the policy refuses shows the reason (403) and starts no session', async () => {
    const email = newEmail('refused');
    await askForLink({ email }, { host: hostOf(ACME) });
    const token = (await linkMailedTo(email)).searchParams.get('token')!;
    await env.SCHOOL_ACME.prepare('UPDATE school_auth_policies SET auto_provision = 0 WHERE school_id = ?').bind(ACME.id).run();
    try {
      const res = await redeem(token, hostOf(ACME));
      expect(res.status).toBe(403);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toContain(`${email} is not a member of Acme Academy. Ask a school admin for an invitation.`);
    } finally {
      await env.SCHOOL_ACME.prepare('UPDATE school_auth_policies SET auto_provision = 1 WHERE school_id = ?').bind(ACME.id).run();
    }
  });

  it('needs the exact origin and the form encoding', async () => {
    const res = await request(host, '/auth/magic-link', { method: 'POST', headers: { origin: 'http://acme.localhost', 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' });
    await expectErrorShape(res, 403, 'FORBIDDEN');
    await expectErrorShape(await request(host, '/auth/magic-link', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"token":"x"}' }), 400, 'BAD_REQUEST');
  });
});
