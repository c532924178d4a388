import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape, withPlatformChange } from '../../../test/workers/hosts.ts';
import { UNKNOWN_HOST_MESSAGE } from './middleware.ts';

describe('GET /api/school', () => {
  it.each([BRESLOV, ACME])('answers on $slug with its own school and database', async (school) => {
    const res = await request(hostOf(school), '/api/school');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: school.id,
      slug: school.slug,
      name: school.name,
      isPublic: school.isPublic,
      brand: { primaryColor: school.brand.primaryColor, accentColor: school.brand.accentColor, tagline: school.brand.tagline, backgroundColor: '#f9fafb', textColor: '#111827', font: 'system', logoUrl: null, faviconUrl: null },
      profile: { headline: school.headline, welcomeMessage: school.welcomeMessage, canary: school.canary },
    });
  });

  it.each(['BRESLOV.localhost', 'Breslov.LocalHost.', 'breslov.localhost:8787', 'breslov.localhost.:443'])(
    'resolves %s to breslov',
    async (host) => {
      const res = await request(host, '/api/school');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { slug: string }).slug).toBe('breslov');
    },
  );

  it('does not exist on the apex host', async () => {
    await expectErrorShape(await request('localhost', '/api/school'), 404, 'NOT_FOUND');
  });
});

describe('hosts that serve no school', () => {
  it.each(['unknown.localhost', 'breslov.example.com', 'breslov.localhost.evil.test', 'www.localhost', 'localhost.breslov'])(
    '%s is a 404 in the one error shape, never a default school',
    async (host) => {
      const body = await expectErrorShape(await request(host, '/api/school'), 404, 'NOT_FOUND');
      expect(body.error.message).toBe(UNKNOWN_HOST_MESSAGE);
    },
  );

  it('answers browsers with a plain page', async () => {
    const res = await request('unknown.localhost', '/', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain(UNKNOWN_HOST_MESSAGE);
    expect(html).not.toContain('Breslov');
  });

  it('ignores X-Forwarded-Host and friends', async () => {
    const headers = { 'x-forwarded-host': hostOf(BRESLOV), forwarded: `host=${hostOf(BRESLOV)}`, 'x-original-host': hostOf(BRESLOV) };
    await expectErrorShape(await request('unknown.localhost', '/api/school', { headers }), 404, 'NOT_FOUND');
    const acme = await request(hostOf(ACME), '/api/school', { headers });
    expect(((await acme.json()) as { slug: string }).slug).toBe('acme');
  });

  it.each(['suspended', 'archived', 'provisioning'])('a %s school is a 404', async (status) => {
    await withPlatformChange(
      `UPDATE schools SET status = '${status}' WHERE slug = 'acme'`,
      `UPDATE schools SET status = 'active' WHERE slug = 'acme'`,
      async () => {
        await expectErrorShape(await request(hostOf(ACME), '/api/school'), 404, 'NOT_FOUND');
        expect((await request(hostOf(ACME), '/', { headers: { accept: 'text/html' } })).status).toBe(404);
      },
    );
  });

  it('a hostname that is not active is a 404', async () => {
    await withPlatformChange(
      `UPDATE school_hostnames SET status = 'pending' WHERE hostname = 'acme.localhost'`,
      `UPDATE school_hostnames SET status = 'active' WHERE hostname = 'acme.localhost'`,
      async () => {
        await expectErrorShape(await request(hostOf(ACME), '/api/school'), 404, 'NOT_FOUND');
      },
    );
  });
});

describe('custom hostnames', () => {
  it('an active custom hostname serves its school', async () => {
    await withPlatformChange(
      `INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) VALUES ('learn.breslov.test', '${BRESLOV.id}', 'custom', 'active', 0, 0)`,
      `DELETE FROM school_hostnames WHERE hostname = 'learn.breslov.test'`,
      async () => {
        const res = await request('Learn.Breslov.Test.', '/api/school');
        expect(((await res.json()) as { slug: string }).slug).toBe('breslov');
      },
    );
  });
});

describe('a school whose database binding is missing', () => {
  it('is a clear 503, not a crash and not another school', async () => {
    const id = 'c0ffee00-0000-4000-8000-000000000999';
    await withPlatformChange(
      `INSERT INTO schools (id, slug, name, status, brand, is_public, d1_binding, d1_database_id, created_at) VALUES ('${id}', 'ghost', 'Ghost School', 'active', '{}', 1, 'SCHOOL_GHOST', 'none', 0);
       `,
      `DELETE FROM schools WHERE id = '${id}'`,
      async () => {
        await withPlatformChange(
          `INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) VALUES ('ghost.localhost', '${id}', 'subdomain', 'active', 1, 0)`,
          `DELETE FROM school_hostnames WHERE hostname = 'ghost.localhost'`,
          async () => {
            const body = await expectErrorShape(await request('ghost.localhost', '/api/school'), 503, 'UNAVAILABLE');
            expect(body.error.message).toContain('temporarily unavailable');
          },
        );
      },
    );
  });
});

describe('GET /api/schools (the public directory)', () => {
  it('lists active public schools only, each linking to its host', async () => {
    const res = await request('localhost:8787', '/api/schools');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      schools: [{ slug: 'breslov', name: 'Breslov University', brand: expect.any(Object), url: 'http://breslov.localhost:8787' }],
    });
  });

  it('drops a public school once it is suspended', async () => {
    await withPlatformChange(
      `UPDATE schools SET status = 'suspended' WHERE slug = 'breslov'`,
      `UPDATE schools SET status = 'active' WHERE slug = 'breslov'`,
      async () => {
        const res = await request('localhost', '/api/schools');
        expect(await res.json()).toEqual({ schools: [] });
      },
    );
  });

  it('does not exist on a school host', async () => {
    await expectErrorShape(await request(hostOf(BRESLOV), '/api/schools'), 404, 'NOT_FOUND');
  });
});
