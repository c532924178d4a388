import { inArray } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { users } from '../identity/schema.ts';

/** D1 binds at most 100 parameters per statement; an `IN (…)` list is chunked to fit. */
const D1_MAX_BOUND_PARAMETERS = 100;

export type PlatformUser = { email: string; displayName: string | null };

/**
 * Names and addresses of many users at once (memberships live in the school database, the
 * people in the platform one, so they cannot be joined): one query per 100 ids.
 */
export async function usersByIds(platformDb: PlatformDb, ids: string[]): Promise<Map<string, PlatformUser>> {
  const unique = [...new Set(ids)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += D1_MAX_BOUND_PARAMETERS) chunks.push(unique.slice(i, i + D1_MAX_BOUND_PARAMETERS));
  const rows = await Promise.all(
    chunks.map((chunk) =>
      platformDb.select({ id: users.id, email: users.email, displayName: users.displayName }).from(users).where(inArray(users.id, chunk)),
    ),
  );
  return new Map(rows.flat().map((row) => [row.id, { email: row.email, displayName: row.displayName }]));
}
