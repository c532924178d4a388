import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { auditOf } from '../members/testing.ts';
import { restoreBrand, storedBrand } from './testing.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const html = { headers: { accept: 'text/html' } };
const put = (cookie: string, body: unknown, contentType = 'application/json'): RequestInit => ({
  method: 'PUT',
  headers: { cookie, origin, accept: 'application/json', 'content-type': contentType },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

// Every test starts from the seeded brand: the security suite's PUT really saves, too.
let seeded: { breslov: string; acme: string };
beforeAll(async () => {
  seeded = { breslov: await storedBrand(BRESLOV.id), acme: await storedBrand(ACME.id) };
});
afterEach(async () => {
  await restoreBrand(BRESLOV.id, seeded.breslov);
  await restoreBrand(ACME.id, seeded.acme);
});
afterAll(async () => {
  await restoreBrand(BRESLOV.id, seeded.breslov);
});

describeAccessRules('GET /api/admin/brand', { method: 'GET', path: '/api/admin/brand', minimumRole: 'admin' });
describeAccessRules('PUT /api/admin/brand', { method: 'PUT', path: '/api/admin/brand', body: { tagline: 'Suite tagline' }, minimumRole: 'admin' });

describe('GET /api/admin/brand', () => {
  it('answers the brand with defaults for what the seed never set, the fonts and the image limits', async () => {
    const res = await request(host, '/api/admin/brand', { headers: { cookie: await cookieFor(BRESLOV, 'owner') } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      brand: { primaryColor: '#1f4e79', accentColor: '#f2a900', backgroundColor: '#f9fafb', textColor: '#111827', font: 'system', tagline: 'Classic texts, taught with care.', logo: null, favicon: null },
      warnings: [],
      fonts: expect.arrayContaining([{ id: 'serif', label: 'Serif', stack: expect.stringContaining('serif') }]),
      limits: { logo: { label: 'logo', maxBytes: 1024 * 1024, types: ['image/png', 'image/jpeg', 'image/webp'] }, favicon: { label: 'favicon', maxBytes: 256 * 1024, types: ['image/png', 'image/x-icon'] } },
    });
    expect((body.fonts as unknown[]).length).toBe(5);
  });

  it('each school host answers its own brand', async () => {
    const res = await request(hostOf(ACME), '/api/admin/brand', { headers: { cookie: await cookieFor(ACME, 'owner') } });
    expect(((await res.json()) as { brand: { primaryColor: string } }).brand.primaryColor).toBe('#b42318');
  });
});

describe('PUT /api/admin/brand', () => {
  it('refuses what is not a brand, with the error shape and a message per field (400)', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const cases: [unknown, RegExp][] = [
      [{ primaryColor: 'red' }, /^primaryColor: Enter the brand colour as a hex colour/],
      [{ textColor: '#12345' }, /^textColor: /],
      [{ backgroundColor: 'url(javascript:alert(1))' }, /^backgroundColor: /],
      [{ font: 'Comic Sans' }, /^font: Choose a font: system, humanist, serif, rounded, monospace/],
      [{ tagline: 'x'.repeat(161) }, /^tagline: Keep the tagline to 160 characters or fewer/],
      [{ tagline: 'two\nlines' }, /^tagline: Keep the tagline to one line/],
      [{ primaryColour: '#000000' }, /cannot be set here: primaryColour/],
      [{ logo: { key: `schools/${ACME.id}/brand/logo-x` } }, /cannot be set here: logo/],
    ];
    for (const [body, message] of cases) {
      const error = await expectErrorShape(await request(host, '/api/admin/brand', put(owner, body)), 400, 'BAD_REQUEST');
      expect(error.error.message, JSON.stringify(body)).toMatch(message);
    }
    await expectErrorShape(await request(host, '/api/admin/brand', put(owner, 'primaryColor=#000000', 'application/x-www-form-urlencoded')), 400, 'BAD_REQUEST');
    // Nothing changed.
    expect(await storedBrand(BRESLOV.id)).toBe(seeded.breslov);
  });

  it('saves this school’s row only, keeps what was not sent, audits before/after and answers the brand', async () => {
    const admin = await cookieFor(BRESLOV, 'admin');
    const res = await request(host, '/api/admin/brand', put(admin, { primaryColor: '#0F766E', backgroundColor: '#ffffff', font: 'humanist', tagline: '  Learn well.  ' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      brand: { primaryColor: '#0f766e', accentColor: '#f2a900', backgroundColor: '#ffffff', textColor: '#111827', font: 'humanist', tagline: 'Learn well.', logo: null, favicon: null },
      warnings: [],
    });
    expect(JSON.parse(await storedBrand(BRESLOV.id))).toMatchObject({ primaryColor: '#0f766e', backgroundColor: '#ffffff', font: 'humanist', tagline: 'Learn well.' });
    expect(await storedBrand(ACME.id)).toBe(seeded.acme);

    const audit = (await auditOf(BRESLOV, BRESLOV.id)).filter((a) => a.action === 'brand.updated').at(-1);
    expect(audit).toMatchObject({
      actorUserId: 'test-admin-breslov',
      entityType: 'school_brand',
      metadata: {
        before: { primaryColor: '#1f4e79', backgroundColor: '#f9fafb', font: 'system', tagline: 'Classic texts, taught with care.' },
        after: { primaryColor: '#0f766e', backgroundColor: '#ffffff', font: 'humanist', tagline: 'Learn well.' },
      },
    });
    // Only what changed is in the audit row.
    expect(Object.keys((audit!.metadata as { after: object }).after).sort()).toEqual(['backgroundColor', 'font', 'primaryColor', 'tagline']);
  });

  it('an empty tagline clears it; saving the same values again writes no audit row', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const cleared = await request(host, '/api/admin/brand', put(owner, { tagline: '   ' }));
    expect(((await cleared.json()) as { brand: { tagline: unknown } }).brand.tagline).toBeNull();
    const count = (await auditOf(BRESLOV, BRESLOV.id)).length;
    expect((await request(host, '/api/admin/brand', put(owner, { tagline: null }))).status).toBe(200);
    expect((await auditOf(BRESLOV, BRESLOV.id)).length).toBe(count);
  });

  it('answers contrast warnings but still saves (warnings, not refusals)', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const res = await request(host, '/api/admin/brand', put(owner, { textColor: '#777777', backgroundColor: '#ffffff', primaryColor: '#f5f5f5' }));
    expect(res.status).toBe(200);
    const { warnings } = (await res.json()) as { warnings: { field: string; ratio: number; minimum: number; message: string }[] };
    expect(warnings).toEqual([
      { field: 'textColor', against: 'backgroundColor', ratio: 4.47, minimum: 4.5, message: expect.stringContaining('4.47:1') },
      { field: 'primaryColor', against: 'backgroundColor', ratio: expect.any(Number), minimum: 3, message: expect.any(String) },
    ]);
    expect(JSON.parse(await storedBrand(BRESLOV.id))).toMatchObject({ textColor: '#777777' });
  });

  it('the shell shows the saved brand on the very next page: variables, font, theme colour, tagline', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    // Warm this isolate's school cache first: the save must not be hidden by it.
    await request(host, '/', html);
    await request(host, '/api/admin/brand', put(owner, { primaryColor: '#0f766e', backgroundColor: '#fffbeb', textColor: '#1c1917', font: 'serif', tagline: 'New words.' }));
    const page = await (await request(host, '/', html)).text();
    for (const part of ['--brand-primary:#0f766e', '--brand-background:#fffbeb', '--brand-text:#1c1917', '--brand-surface:#ffffff', '--brand-on-primary:#ffffff', '--brand-font:Charter']) {
      expect(page).toContain(part);
    }
    expect(page).toContain('<meta name="theme-color" content="#0f766e"');
    expect(page).toContain('<meta name="description" content="New words."');
    // The other school is untouched.
    const acme = await (await request(hostOf(ACME), '/', html)).text();
    expect(acme).toContain('--brand-primary:#b42318');
    expect(acme).not.toContain('#0f766e');
  });

  it('a concurrent change is not overwritten: the compare-and-swap refuses a stale write (409)', async () => {
    const { saveBrand } = await import('./store.ts');
    const { platformDbFor } = await import('../../platform/db/platform-db.ts');
    const { brandFrom } = await import('./brand.ts');
    const { env } = await import('cloudflare:workers');
    const stale = '{"primaryColor":"#000000"}';
    await expect(saveBrand(platformDbFor(env.PLATFORM_DB), BRESLOV.id, stale, brandFrom({}), new Date())).rejects.toMatchObject({ status: 409 });
    expect(await storedBrand(BRESLOV.id)).toBe(seeded.breslov);
  });
});

