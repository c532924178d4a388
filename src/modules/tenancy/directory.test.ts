import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACME, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape, withPlatformChange } from '../../../test/workers/hosts.ts';
import { DIRECTORY_LIMIT, likePattern, parseDirectoryQuery } from './directory.ts';

type Listing = { schools: Array<{ slug: string; name: string; url: string }> };
const search = async (q: string) => {
  const res = await request('localhost:8787', `/api/schools?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as Listing).schools;
};

describe('GET /api/schools?q= (directory search)', () => {
  it.each(['bres', 'BRESLOV', '  Breslov   University ', 'univ', 'breslov'])('finds Breslov by name or slug for %j', async (q) => {
    expect((await search(q)).map((s) => s.slug)).toEqual(['breslov']);
  });

  it('an empty q lists everything public, a miss lists nothing', async () => {
    expect((await search('')).map((s) => s.slug)).toEqual(['breslov']);
    expect(await search('no such school')).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect(likePattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('never lists a private school, whatever the search (property)', async () => {
    // Acme is private: no search may reveal it, including its exact name and slug.
    expect(await search(ACME.slug)).toEqual([]);
    expect(await search(ACME.name)).toEqual([]);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('acme', 'ACME', 'Acme', 'a', 'c', 'm', 'e', 'co', ''), fc.string({ maxLength: 12 })), async (q) => {
        const found = await search(q);
        expect(found.map((s) => s.slug)).not.toContain(ACME.slug);
      }),
      { numRuns: 25 },
    );
  });

  it('a private school stays out even when it has a primary custom host', async () => {
    await withPlatformChange(
      `INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) VALUES ('learn.acme.test', '${ACME.id}', 'custom', 'active', 1, 0)`,
      `DELETE FROM school_hostnames WHERE hostname = 'learn.acme.test'`,
      async () => {
        expect((await search('')).map((s) => s.slug)).toEqual(['breslov']);
      },
    );
  });

  it('links to the primary host when a school has several', async () => {
    await withPlatformChange(
      `UPDATE school_hostnames SET is_primary = 0 WHERE hostname = 'breslov.localhost';
       INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) SELECT 'learn.breslov.test', id, 'custom', 'active', 1, 0 FROM schools WHERE slug = 'breslov'`,
      `DELETE FROM school_hostnames WHERE hostname = 'learn.breslov.test'; UPDATE school_hostnames SET is_primary = 1 WHERE hostname = 'breslov.localhost'`,
      async () => {
        expect((await search('breslov'))[0]!.url).toBe('http://learn.breslov.test:8787');
      },
    );
  });

  it(`answers at most ${DIRECTORY_LIMIT} schools`, async () => {
    const ids = Array.from({ length: DIRECTORY_LIMIT + 5 }, (_, i) => `d1ec7000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const insert = ids.flatMap((id, i) => [
      env.PLATFORM_DB.prepare(
        `INSERT INTO schools (id, slug, name, status, brand, is_public, d1_binding, d1_database_id, created_at) VALUES (?, ?, ?, 'active', '{}', 1, ?, 'none', 0)`,
      ).bind(id, `bulk-${i}`, `Bulk School ${String(i).padStart(3, '0')}`, `SCHOOL_BULK_${i}`),
      env.PLATFORM_DB.prepare(`INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) VALUES (?, ?, 'subdomain', 'active', 1, 0)`).bind(`bulk-${i}.localhost`, id),
    ]);
    await env.PLATFORM_DB.batch(insert);
    try {
      const found = await search('bulk');
      expect(found).toHaveLength(DIRECTORY_LIMIT);
      expect(found[0]).toMatchObject({ slug: 'bulk-0', url: 'http://bulk-0.localhost:8787' });
    } finally {
      await env.PLATFORM_DB.batch([
        env.PLATFORM_DB.prepare(`DELETE FROM school_hostnames WHERE hostname LIKE 'bulk-%'`),
        env.PLATFORM_DB.prepare(`DELETE FROM schools WHERE slug LIKE 'bulk-%'`),
      ]);
    }
  });

  it('refuses an over-long or control-character search with a 400 in the one error shape', async () => {
    await expectErrorShape(await request('localhost', `/api/schools?q=${'a'.repeat(101)}`), 400, 'BAD_REQUEST');
    await expectErrorShape(await request('localhost', `/api/schools?q=a%00b`), 400, 'BAD_REQUEST');
  });

  it('parseDirectoryQuery folds case and whitespace', () => {
    expect(parseDirectoryQuery({ q: '  Foo   BAR ' })).toEqual({ q: 'foo bar' });
    expect(parseDirectoryQuery({ q: '   ' })).toEqual({ q: null });
    expect(parseDirectoryQuery({})).toEqual({ q: null });
  });
});
