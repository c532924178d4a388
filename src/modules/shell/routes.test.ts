import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { withPlatformChange } from '../../../test/workers/hosts.ts';

const html = { headers: { accept: 'text/html' } };

function bootstrapOf(page: string): unknown {
  const match = page.match(/<script id="lectern-bootstrap" type="application\/json">([\s\S]*?)<\/script>/);
  return match ? JSON.parse(match[1]!) : undefined;
}

describe('the SPA shell', () => {
  it.each([BRESLOV, ACME])('arrives on $slug already branded, with no API round trip needed', async (school) => {
    const res = await request(hostOf(school), '/', html);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`<title>${school.name}</title>`);
    expect(page).toContain(`--brand-primary:${school.brand.primaryColor}`);
    expect(page).toContain(`<meta name="theme-color" content="${school.brand.primaryColor}"`);
    expect(bootstrapOf(page)).toMatchObject({ kind: 'school', school: { slug: school.slug, name: school.name } });
  });

  it('serves deep links too, so the client router can take over', async () => {
    const page = await (await request(hostOf(BRESLOV), '/courses/some-course/lessons/3', html)).text();
    expect(bootstrapOf(page)).toMatchObject({ kind: 'school', school: { slug: 'breslov' } });
  });

  it('shows the directory bootstrap on the apex', async () => {
    const page = await (await request('localhost', '/', html)).text();
    expect(page).toContain('<title>Lectern</title>');
    expect(bootstrapOf(page)).toEqual({ kind: 'apex', platformDomain: 'localhost' });
  });

  it('carries the security headers, with the inline brand style allowed only by its nonce', async () => {
    const res = await request(hostOf(BRESLOV), '/', html);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // production only
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    expect(nonce).toBeTruthy();
    expect(await res.text()).toContain(`<style id="lectern-brand" nonce="${nonce}">`);
  });

  it('escapes school text so it cannot break out of the bootstrap script', async () => {
    await withPlatformChange(
      `UPDATE schools SET name = 'Evil </script><script>alert(1)</script>' WHERE slug = 'acme'`,
      `UPDATE schools SET name = '${ACME.name}' WHERE slug = 'acme'`,
      async () => {
        const page = await (await request(hostOf(ACME), '/', html)).text();
        expect(page).not.toContain('<script>alert(1)</script>');
        expect(bootstrapOf(page)).toMatchObject({ school: { name: 'Evil </script><script>alert(1)</script>' } });
        expect(page).toContain('<title>Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
      },
    );
  });
});

describe('pages whose URL carries a token', () => {
  it('the invitation page sends no Referer anywhere', async () => {
    const res = await request(hostOf(BRESLOV), '/invitations/accept?token=abc', html);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
