import type { Logger } from 'drizzle-orm/logger';

/**
 * Counts the D1 round trips one request makes: every single statement, and every batch
 * as one (a batch is one round trip however many statements it carries). Outside
 * production the count is sent back as `X-D1-Queries`, so tests and `npm run bench` can
 * watch round trips per request.
 */
export type QueryCounter = { count: number };

/** Drizzle's logger sees single statements; batches bypass it, so `countingD1` counts those. */
export function countingLogger(counter: QueryCounter): Logger {
  return {
    logQuery() {
      counter.count += 1;
    },
  };
}

/** The D1 binding with `batch` counted. Everything else is the binding itself. */
export function countingD1(d1: D1Database, counter: QueryCounter | undefined): D1Database {
  if (!counter) return d1;
  return new Proxy(d1, {
    get(target, property) {
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          counter.count += 1;
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
