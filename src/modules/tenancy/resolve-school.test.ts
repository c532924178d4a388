import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { withPlatformChange } from '../../../test/workers/hosts.ts';
import { forgetResolvedSchools, resolveSchool } from './resolve-school.ts';

describe('resolveSchool cache', () => {
  it('serves from memory within the TTL and re-reads after it', async () => {
    const db = platformDbFor(env.PLATFORM_DB);
    forgetResolvedSchools();
    const t0 = 1_000_000;
    expect((await resolveSchool(db, 'acme.localhost', t0))?.slug).toBe('acme');
    await env.PLATFORM_DB.prepare(`UPDATE schools SET status = 'suspended' WHERE slug = 'acme'`).run();
    try {
      expect((await resolveSchool(db, 'acme.localhost', t0 + 29_000))?.slug).toBe('acme');
      expect(await resolveSchool(db, 'acme.localhost', t0 + 31_000)).toBeNull();
    } finally {
      await env.PLATFORM_DB.prepare(`UPDATE schools SET status = 'active' WHERE slug = 'acme'`).run();
      forgetResolvedSchools();
    }
  });

  it('remembers misses only briefly, so a new host appears fast', async () => {
    const db = platformDbFor(env.PLATFORM_DB);
    forgetResolvedSchools();
    const t0 = 2_000_000;
    expect(await resolveSchool(db, 'new.localhost', t0)).toBeNull();
    await withPlatformChange(
      `INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) SELECT 'new.localhost', id, 'custom', 'active', 0, 0 FROM schools WHERE slug = 'acme'`,
      `DELETE FROM school_hostnames WHERE hostname = 'new.localhost'`,
      async () => {
        expect((await resolveSchool(db, 'new.localhost', t0 + 6_000))?.slug).toBe('acme');
      },
    );
  });
});
