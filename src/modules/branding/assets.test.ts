import { env } from 'cloudflare:workers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape, withPlatformChange } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { auditOf } from '../members/testing.ts';
import { brandObjects, GIF, ICO, JPEG, PNG, restoreBrand, storedBrand, SVG, WEBP } from './testing.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const html = { headers: { accept: 'text/html' } };
type Answer = { brand: { logo: { url: string; contentType: string; sizeBytes: number } | null; favicon: { url: string } | null } };

const send = (cookie: string, method: string, path: string, bytes?: Uint8Array, contentType = 'image/png') =>
  request(host, path, {
    method,
    headers: { cookie, origin, accept: 'application/json', ...(bytes ? { 'content-type': contentType } : {}) },
    body: bytes,
  });

let seeded: string;
let owner: string;
beforeAll(async () => {
  seeded = await storedBrand(BRESLOV.id);
  owner = await cookieFor(BRESLOV, 'owner');
});
afterEach(async () => {
  await restoreBrand(BRESLOV.id, seeded);
});
afterAll(async () => {
  for (const key of await brandObjects(BRESLOV.id)) await env.MEDIA.delete(key);
});

for (const slot of ['logo', 'favicon'] as const) {
  describeAccessRules(`PUT /api/admin/brand/${slot}`, { method: 'PUT', path: `/api/admin/brand/${slot}`, body: {}, minimumRole: 'admin' });
  describeAccessRules(`DELETE /api/admin/brand/${slot}`, { method: 'DELETE', path: `/api/admin/brand/${slot}`, minimumRole: 'admin' });
}

async function uploadLogo(bytes = PNG, type = 'image/png'): Promise<Answer> {
  const res = await send(owner, 'PUT', '/api/admin/brand/logo', bytes, type);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Answer;
}

describe('uploading a logo or favicon', () => {
  it('stores a PNG logo under the school’s brand prefix, points the brand at it and audits it', async () => {
    const answer = await uploadLogo();
    expect(answer.brand.logo).toEqual({ url: expect.stringMatching(/^\/brand\/logo\?v=[\w-]+$/), contentType: 'image/png', sizeBytes: PNG.byteLength });
    const version = answer.brand.logo!.url.split('v=')[1]!;
    expect(await brandObjects(BRESLOV.id)).toContain(`schools/${BRESLOV.id}/brand/logo-${version}`);
    expect(JSON.parse(await storedBrand(BRESLOV.id)).logo).toEqual({ key: `schools/${BRESLOV.id}/brand/logo-${version}`, contentType: 'image/png', version, sizeBytes: PNG.byteLength });
    const audit = (await auditOf(BRESLOV, BRESLOV.id)).filter((a) => a.action === 'brand.logo_set').at(-1);
    expect(audit?.metadata).toEqual({ before: null, after: { contentType: 'image/png', sizeBytes: PNG.byteLength, version } });
  });

  it('takes JPEG and WebP logos and PNG or ICO favicons, whatever alias the browser sends', async () => {
    expect((await uploadLogo(JPEG, 'image/jpg')).brand.logo?.contentType).toBe('image/jpeg');
    expect((await uploadLogo(WEBP, 'image/webp')).brand.logo?.contentType).toBe('image/webp');
    const ico = await send(owner, 'PUT', '/api/admin/brand/favicon', ICO, 'image/vnd.microsoft.icon');
    expect(ico.status).toBe(200);
    const png = await send(owner, 'PUT', '/api/admin/brand/favicon', PNG, 'application/octet-stream');
    expect(png.status).toBe(200);
  });

  it('refuses SVG, GIF, text and lying types (415) and stores nothing', async () => {
    const before = await brandObjects(BRESLOV.id);
    const cases: [string, Uint8Array, string, RegExp][] = [
      ['logo', SVG, 'image/svg+xml', /SVG cannot be used/],
      ['logo', SVG, 'image/png', /contents are not an image/],
      ['logo', SVG, 'application/octet-stream', /contents are not an image/],
      ['logo', GIF, 'image/gif', /must be PNG, JPEG or WebP; this file is GIF/],
      ['logo', PNG, 'image/jpeg', /says it is JPEG but its contents are PNG/],
      ['logo', ICO, 'image/x-icon', /must be PNG, JPEG or WebP/],
      ['favicon', JPEG, 'image/jpeg', /must be PNG or ICO/],
      ['favicon', JPEG, 'image/png', /contents are JPEG/],
    ];
    for (const [slot, bytes, type, message] of cases) {
      const error = await expectErrorShape(await send(owner, 'PUT', `/api/admin/brand/${slot}`, bytes, type), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(error.error.message, `${slot} ${type}`).toMatch(message);
    }
    expect(await brandObjects(BRESLOV.id)).toEqual(before);
    expect(await storedBrand(BRESLOV.id)).toBe(seeded);
  });

  it('refuses more than the limit (413: logo 1 MiB, favicon 256 KiB) and an empty body (400)', async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(PNG);
    await expectErrorShape(await send(owner, 'PUT', '/api/admin/brand/logo', big), 413, 'PAYLOAD_TOO_LARGE');
    const favicon = new Uint8Array(256 * 1024 + 1);
    favicon.set(PNG);
    const error = await expectErrorShape(await send(owner, 'PUT', '/api/admin/brand/favicon', favicon), 413, 'PAYLOAD_TOO_LARGE');
    expect(error.error.message).toContain('at most 256 KiB');
    // Exactly the limit is fine.
    expect((await send(owner, 'PUT', '/api/admin/brand/logo', big.subarray(0, 1024 * 1024))).status).toBe(200);
    await expectErrorShape(await send(owner, 'PUT', '/api/admin/brand/logo', new Uint8Array(0)), 400, 'BAD_REQUEST');
  });

  it('deletes the old object when a new one replaces it, and on removal', async () => {
    const first = (await uploadLogo()).brand.logo!.url.split('v=')[1]!;
    const second = (await uploadLogo(JPEG, 'image/jpeg')).brand.logo!.url.split('v=')[1]!;
    const keys = await brandObjects(BRESLOV.id);
    expect(keys).toContain(`schools/${BRESLOV.id}/brand/logo-${second}`);
    expect(keys).not.toContain(`schools/${BRESLOV.id}/brand/logo-${first}`);
    expect((await auditOf(BRESLOV, BRESLOV.id)).filter((a) => a.action === 'brand.logo_replaced').at(-1)?.metadata).toMatchObject({ before: { version: first }, after: { version: second } });

    const removed = await send(owner, 'DELETE', '/api/admin/brand/logo');
    expect(((await removed.json()) as Answer).brand.logo).toBeNull();
    expect(await brandObjects(BRESLOV.id)).not.toContain(`schools/${BRESLOV.id}/brand/logo-${second}`);
    expect((await auditOf(BRESLOV, BRESLOV.id)).filter((a) => a.action === 'brand.logo_removed').at(-1)?.metadata).toMatchObject({ before: { version: second }, after: null });
    expect((await request(host, '/brand/logo')).status).toBe(404);
    // Removing nothing is fine, and audits nothing.
    const count = (await auditOf(BRESLOV, BRESLOV.id)).length;
    expect((await send(owner, 'DELETE', '/api/admin/brand/logo')).status).toBe(200);
    expect((await auditOf(BRESLOV, BRESLOV.id)).length).toBe(count);
  });
});

describe('serving /brand/logo and /brand/favicon', () => {
  it('is 404 (the error shape) when the school has none', async () => {
    await expectErrorShape(await request(host, '/brand/logo'), 404, 'NOT_FOUND');
    await expectErrorShape(await request(host, '/brand/favicon'), 404, 'NOT_FOUND');
    await expectErrorShape(await request('localhost', '/brand/logo'), 404, 'NOT_FOUND');
  });

  it('serves the image publicly with its type, nosniff, an ETag (304 on a match) and a long cache for its versioned URL', async () => {
    const url = (await uploadLogo()).brand.logo!.url;
    const res = await request(host, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${url.split('v=')[1]}"`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);

    const again = await request(host, url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Without the version (or with an old one) the URL may change: revalidated after a minute.
    const bare = await request(host, '/brand/logo?v=old');
    expect(bare.status).toBe(200);
    expect(bare.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    await bare.arrayBuffer();
  });

  it('the shell links the favicon and the bootstrap carries the logo URL, never an R2 key', async () => {
    await request(host, '/', html);
    const logo = (await uploadLogo()).brand.logo!.url;
    const favicon = ((await (await send(owner, 'PUT', '/api/admin/brand/favicon', ICO, 'image/x-icon')).json()) as Answer).brand.favicon!.url;
    const page = await (await request(host, '/', html)).text();
    expect(page).toMatch(new RegExp(`<link rel="icon" href="${favicon.replace(/[?]/g, '\\?')}"\\s*/?>`));
    expect(page).toContain(`"logoUrl":"${logo}"`);
    expect(page).not.toContain('schools/');
    expect(await (await request(host, '/api/school')).text()).not.toContain('schools/');
    const served = await request(host, favicon);
    expect(served.headers.get('content-type')).toBe('image/x-icon');
    await served.arrayBuffer();
  });

  it('another school’s host never serves or shows this school’s images', async () => {
    const logo = (await uploadLogo()).brand.logo!.url;
    const version = logo.split('v=')[1]!;
    await expectErrorShape(await request(hostOf(ACME), '/brand/logo'), 404, 'NOT_FOUND');
    await expectErrorShape(await request(hostOf(ACME), logo), 404, 'NOT_FOUND');
    const acmePage = await (await request(hostOf(ACME), '/', html)).text();
    expect(acmePage).not.toContain(version);
    // Even a row pointing at Breslov's key (a hand edit, a bug) serves nothing on Acme.
    const key = `schools/${BRESLOV.id}/brand/logo-${version}`;
    const forged = JSON.stringify({ primaryColor: '#b42318', logo: { key, contentType: 'image/png', version, sizeBytes: PNG.byteLength } });
    await withPlatformChange(`UPDATE schools SET brand = '${forged}' WHERE slug = 'acme'`, `UPDATE schools SET brand = '${await storedBrand(ACME.id)}' WHERE slug = 'acme'`, async () => {
      await expectErrorShape(await request(hostOf(ACME), logo), 404, 'NOT_FOUND');
    });
  });

  it('another school’s admin never deletes this school’s image, even through a row pointing at it', async () => {
    const version = (await uploadLogo()).brand.logo!.url.split('v=')[1]!;
    const key = `schools/${BRESLOV.id}/brand/logo-${version}`;
    const forged = JSON.stringify({ logo: { key, contentType: 'image/png', version, sizeBytes: PNG.byteLength } });
    const acmeOwner = await cookieFor(ACME, 'owner');
    await withPlatformChange(`UPDATE schools SET brand = '${forged}' WHERE slug = 'acme'`, `UPDATE schools SET brand = '${await storedBrand(ACME.id)}' WHERE slug = 'acme'`, async () => {
      const res = await request(hostOf(ACME), '/api/admin/brand/logo', { method: 'DELETE', headers: { cookie: acmeOwner, origin: `http://${hostOf(ACME)}`, accept: 'application/json' } });
      expect(res.status).toBe(200);
    });
    expect(await brandObjects(BRESLOV.id)).toContain(key);
    expect((await request(host, `/brand/logo?v=${version}`)).status).toBe(200);
  });
});
