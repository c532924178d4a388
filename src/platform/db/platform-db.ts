import { drizzle } from 'drizzle-orm/d1';
import * as platformSchema from './platform-schema.ts';
import { countingD1, countingLogger, type QueryCounter } from './query-counter.ts';

export type PlatformDb = ReturnType<typeof platformDbFor>;

/** The control-plane database: schools, hostnames, identities, sessions. */
export function platformDbFor(d1: D1Database, counter?: QueryCounter) {
  return drizzle(countingD1(d1, counter), { schema: platformSchema, logger: counter ? countingLogger(counter) : false });
}
