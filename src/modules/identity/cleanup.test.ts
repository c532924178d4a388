import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { deleteExpiredSignInRows } from './cleanup.ts';

describe('deleteExpiredSignInRows', () => {
  it('removes single-use rows a day past expiry and keeps live ones', async () => {
    const now = Date.UTC(2030, 0, 10);
    const insert = (id: string, expiresAt: number) =>
      env.PLATFORM_DB.prepare(
        `INSERT INTO auth_states (id, provider, code_verifier, school_id, hostname, return_to, expires_at, created_at) VALUES (?, 'google_oidc', 'v', 's', 'h', '/', ?, 0)`,
      )
        .bind(id, expiresAt)
        .run();
    await insert('cleanup-old', now - 2 * 24 * 3600_000);
    await insert('cleanup-live', now + 60_000);
    await deleteExpiredSignInRows(platformDbFor(env.PLATFORM_DB), new Date(now));
    const { results } = await env.PLATFORM_DB.prepare(`SELECT id FROM auth_states WHERE id LIKE 'cleanup-%'`).all();
    expect(results).toEqual([{ id: 'cleanup-live' }]);
  });
});
