import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { ApplicationInput } from './applications.ts';
import { checkSlug, RESERVED_SLUGS } from './slug.ts';

const APEX = 'localhost';
const origin = `http://${APEX}`;
let ipCounter = 0;
/** Each call a fresh client address, so the rate limit only bites where a test wants it to. */
const freshIp = () => `203.0.113.${++ipCounter}`;

function apply(body: unknown, init: { ip?: string; headers?: Record<string, string>; host?: string } = {}) {
  return request(init.host ?? APEX, '/api/applications', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', 'cf-connecting-ip': init.ip ?? freshIp(), ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
const slugCheck = async (slug: string) => {
  const res = await request(APEX, `/api/applications/slug-check?slug=${encodeURIComponent(slug)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { available: boolean; reason: string | null };
};
const stored = (slug: string) => env.PLATFORM_DB.prepare('SELECT * FROM tenant_applications WHERE desired_slug = ?').bind(slug).all();

afterAll(async () => {
  await env.PLATFORM_DB.prepare(`DELETE FROM tenant_applications WHERE desired_slug LIKE 'apptest-%'`).run();
});

describe('GET /api/applications/slug-check', () => {
  it('a free slug is available', async () => {
    expect(await slugCheck('apptest-free')).toEqual({ available: true, reason: null });
  });

  it.each([BRESLOV, ACME])('$slug is taken (public or private), without naming the school', async (school) => {
    const answer = await slugCheck(school.slug);
    expect(answer).toEqual({ available: false, reason: `"${school.slug}" is already taken; choose another slug.` });
    expect(answer.reason).not.toContain(school.name);
  });

  it.each([
    ['admin', 'reserved'],
    ['ab', '3 to 40'],
    ['Bad_Slug', 'lower-case'],
    ['-edge', 'cannot start or end'],
    ['a--b', 'cannot start or end'],
  ])('%s breaks the rules (%s)', async (slug, why) => {
    const answer = await slugCheck(slug);
    expect(answer.available).toBe(false);
    expect(answer.reason).toContain(why);
  });

  it('a missing or absurd slug is a 400, and the check only exists on the apex', async () => {
    await expectErrorShape(await request(APEX, '/api/applications/slug-check'), 400, 'BAD_REQUEST');
    await expectErrorShape(await request(APEX, `/api/applications/slug-check?slug=${'a'.repeat(500)}`), 400, 'BAD_REQUEST');
    await expectErrorShape(await request(hostOf(BRESLOV), '/api/applications/slug-check?slug=abc'), 404, 'NOT_FOUND');
  });
});

describe('POST /api/applications', () => {
  it('stores a pending application (normalised) and answers 202 { received: true }', async () => {
    const res = await apply({ schoolName: '  Torah Academy ', desiredSlug: ' apptest-torah ', contactEmail: ' Founder@Example.COM ' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ received: true });
    const { results } = await stored('apptest-torah');
    expect(results).toEqual([
      expect.objectContaining({ school_name: 'Torah Academy', desired_slug: 'apptest-torah', contact_email: 'founder@example.com', status: 'pending', reviewed_by: null }),
    ]);
  });

  it('a second pending application for the same slug is a 409, and the slug stops being available', async () => {
    expect((await apply({ schoolName: 'First', desiredSlug: 'apptest-dup', contactEmail: 'a@example.com' })).status).toBe(202);
    const body = await expectErrorShape(await apply({ schoolName: 'Second', desiredSlug: 'apptest-dup', contactEmail: 'b@example.com' }), 409, 'CONFLICT');
    expect(body.error.message).toContain('already asked for');
    expect(await slugCheck('apptest-dup')).toEqual({ available: false, reason: expect.stringContaining('already asked for') });
    expect((await stored('apptest-dup')).results).toHaveLength(1);
  });

  it('racing applicants for one slug: exactly one gets in', async () => {
    const answers = await Promise.all(
      ['One', 'Two', 'Three'].map((name) => apply({ schoolName: name, desiredSlug: 'apptest-race', contactEmail: `${name.toLowerCase()}@example.com` })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([202, 409, 409]);
    expect((await stored('apptest-race')).results).toHaveLength(1);
  });

  it('a rejected application frees the slug again', async () => {
    await env.PLATFORM_DB.prepare(
      `INSERT INTO tenant_applications (id, school_name, desired_slug, contact_email, status, created_at) VALUES ('${crypto.randomUUID()}', 'Old', 'apptest-again', 'x@example.com', 'rejected', 0)`,
    ).run();
    expect(await slugCheck('apptest-again')).toEqual({ available: true, reason: null });
    expect((await apply({ schoolName: 'New try', desiredSlug: 'apptest-again', contactEmail: 'y@example.com' })).status).toBe(202);
  });

  it.each([BRESLOV, ACME])('a slug held by a school ($slug) is a 409', async (school) => {
    await expectErrorShape(await apply({ schoolName: 'Copycat', desiredSlug: school.slug, contactEmail: 'c@example.com' }), 409, 'CONFLICT');
  });

  it.each([
    [{ schoolName: 'A', desiredSlug: 'apptest-a', contactEmail: 'a@example.com' }, 'at least 2'],
    [{ schoolName: 'x'.repeat(101), desiredSlug: 'apptest-a', contactEmail: 'a@example.com' }, 'at most 100'],
    [{ schoolName: 'Line\nbreak', desiredSlug: 'apptest-a', contactEmail: 'a@example.com' }, 'control characters'],
    [{ schoolName: 'Good', desiredSlug: 'admin', contactEmail: 'a@example.com' }, 'reserved'],
    [{ schoolName: 'Good', desiredSlug: 'Not Ok', contactEmail: 'a@example.com' }, 'lower-case'],
    [{ schoolName: 'Good', desiredSlug: 'apptest-a', contactEmail: 'not-an-email' }, 'real email'],
    [{ schoolName: 'Good', desiredSlug: 'apptest-a' }, 'email'],
    [{ schoolName: 42, desiredSlug: 'apptest-a', contactEmail: 'a@example.com' }, 'name'],
    [{ schoolName: 'Good', desiredSlug: ['apptest-a'], contactEmail: 'a@example.com' }, 'slug'],
  ])('bad input %j is a 400 saying %s', async (body, words) => {
    const res = await expectErrorShape(await apply(body), 400, 'BAD_REQUEST');
    expect(res.error.message).toContain(words);
  });

  it('non-JSON bodies are a 400, never a 500', async () => {
    await expectErrorShape(await apply('{"schoolName":'), 400, 'BAD_REQUEST');
    await expectErrorShape(await apply('[]'), 400, 'BAD_REQUEST');
    await expectErrorShape(await apply('x', { headers: { 'content-type': 'text/plain' } }), 400, 'BAD_REQUEST');
  });

  it('refuses cross-site posts and school hosts', async () => {
    const body = { schoolName: 'Sneaky', desiredSlug: 'apptest-sneaky', contactEmail: 's@example.com' };
    await expectErrorShape(await apply(body, { headers: { origin: 'http://evil.test' } }), 403, 'FORBIDDEN');
    await expectErrorShape(await apply(body, { headers: { origin: `http://${hostOf(BRESLOV)}` } }), 403, 'FORBIDDEN');
    await expectErrorShape(await apply(body, { host: hostOf(BRESLOV), headers: { origin: `http://${hostOf(BRESLOV)}` } }), 404, 'NOT_FOUND');
    expect((await stored('apptest-sneaky')).results).toEqual([]);
  });

  it('rate-limits per client address (5 a minute), leaving other addresses alone', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await apply({ schoolName: `Flood ${i}`, desiredSlug: `apptest-flood-${i}`, contactEmail: 'f@example.com' }, { ip })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    await expectErrorShape(await apply({ schoolName: 'Flood', desiredSlug: 'apptest-flood-x', contactEmail: 'f@example.com' }, { ip }), 429, 'RATE_LIMITED');
    expect((await apply({ schoolName: 'Neighbour', desiredSlug: 'apptest-neighbour', contactEmail: 'n@example.com' })).status).toBe(202);
  });
});

describe('ApplicationInput slug rules', () => {
  it('accepts exactly the slugs checkSlug accepts (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[a-z0-9-]{0,45}$/), fc.constantFrom(...RESERVED_SLUGS), fc.string({ maxLength: 50 })), (slug) => {
        const parsed = ApplicationInput.safeParse({ schoolName: 'Some School', desiredSlug: slug, contactEmail: 'a@example.com' });
        const rules = checkSlug(slug);
        expect(parsed.success).toBe(rules.ok);
        if (parsed.success && rules.ok) expect(parsed.data.desiredSlug).toBe(rules.slug);
      }),
    );
  });
});
