import { drizzle } from 'drizzle-orm/d1';
import * as platformSchema from './platform-schema.ts';

export type PlatformDb = ReturnType<typeof platformDbFor>;

/** The control-plane database: schools, hostnames, identities, sessions. */
export function platformDbFor(d1: D1Database) {
  return drizzle(d1, { schema: platformSchema });
}
