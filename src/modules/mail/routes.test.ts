import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../app.ts';
import { BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { linksIn } from './mailbox.ts';
import { outboxInsert } from './outbox.ts';

const HOSTS = [hostOf(BRESLOV), 'localhost', 'auth.localhost'];

/** The same app with ENVIRONMENT swapped: the only way the mailbox exists. */
function inEnvironment(environment: 'development' | 'production', host: string, path: string) {
  return app.fetch(new Request(`http://${host}${path}`, { headers: { accept: 'text/html' } }), { ...env, ENVIRONMENT: environment }, createExecutionContext());
}

async function mailTo(to: string, text: string, subject = 'Sign in to Breslov University') {
  await outboxInsert(platformDbFor(env.PLATFORM_DB), { schoolId: BRESLOV.id, kind: 'magic_link', to, from: 'no-reply@localhost', subject, text }, new Date());
}

describe('/__dev/mailbox outside development', () => {
  for (const path of ['/__dev/mailbox', '/__dev/mailbox.json', '/__dev/mailbox?to=student@breslov.test']) {
    it(`${path} is 404 on every host under the test environment`, async () => {
      expect(env.ENVIRONMENT).toBe('test');
      for (const host of HOSTS) await expectErrorShape(await request(host, path), 404, 'NOT_FOUND');
    });

    it(`${path} is 404 on every host in production`, async () => {
      for (const host of HOSTS) expect((await inEnvironment('production', host, path)).status).toBe(404);
    });
  }
});

describe('/__dev/mailbox in development', () => {
  it('lists the latest mail on any host, with its links clickable', async () => {
    const to = `reader-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await mailTo(to, 'Open http://breslov.localhost:8787/auth/magic-link?token=abc_DEF-123 within 10 minutes.');
    for (const host of HOSTS) {
      const res = await inEnvironment('development', host, '/__dev/mailbox');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain(`<td>${to}</td>`);
      expect(html).toContain('<a href="http://breslov.localhost:8787/auth/magic-link?token=abc_DEF-123">');
      expect(html).toContain('<th scope="col">Subject</th>');
    }
  });

  it('filters by recipient, as JSON too', async () => {
    const to = `Filter-${crypto.randomUUID().slice(0, 8)}@Example.com`;
    await mailTo(to.toLowerCase(), 'First http://breslov.localhost:8787/a.');
    await mailTo(`other-${to.toLowerCase()}`, 'Not this one');
    const res = await inEnvironment('development', 'localhost', `/__dev/mailbox.json?to=${encodeURIComponent(to)}`);
    const body = (await res.json()) as { to: string; mails: { to: string; kind: string; status: string; links: string[]; createdAt: string }[] };
    expect(body.to).toBe(to.toLowerCase());
    expect(body.mails).toEqual([expect.objectContaining({ to: to.toLowerCase(), kind: 'magic_link', status: 'pending', links: ['http://breslov.localhost:8787/a'] })]);
  });

  it('escapes what the mail says', async () => {
    const to = `xss-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await mailTo(to, 'Hi <script>alert(1)</script> http://breslov.localhost:8787/"onmouseover="x', '<img src=x onerror=alert(1)>');
    const html = await (await inEnvironment('development', hostOf(BRESLOV), `/__dev/mailbox?to=${to}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('says so when there is nothing yet', async () => {
    const html = await (await inEnvironment('development', 'localhost', '/__dev/mailbox?to=nobody-ever@example.com')).text();
    expect(html).toContain('No mail to nobody-ever@example.com yet.');
  });
});

describe('links in a text body', () => {
  it('are found without trailing punctuation', () => {
    expect(linksIn('See https://a.test/x?y=1, then (http://b.test/z). Done: http://c.test:8787/p?token=A_b-1')).toEqual([
      'https://a.test/x?y=1',
      'http://b.test/z',
      'http://c.test:8787/p?token=A_b-1',
    ]);
    expect(linksIn('javascript:alert(1) ftp://x.test')).toEqual([]);
  });
});
