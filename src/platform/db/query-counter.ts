import type { Logger } from 'drizzle-orm/logger';

/**
 * Counts the D1 queries one request makes. Outside production the count is sent back as
 * `X-D1-Queries`, so tests and `npm run bench` can watch round trips per request.
 */
export type QueryCounter = { count: number };

export function countingLogger(counter: QueryCounter): Logger {
  return {
    logQuery() {
      counter.count += 1;
    },
  };
}
