import { and, eq, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Env } from '../env.ts';
import { Unavailable } from '../errors.ts';
import * as schoolSchema from './school-schema.ts';
import { countingD1, countingLogger, type QueryCounter } from './query-counter.ts';

type SchoolScopedTable = { schoolId: SQLiteColumn };

/**
 * A drizzle handle on one school's database plus the helpers that keep every query inside
 * that school. Even though the database holds only this school's rows, every query still
 * filters by school_id: defence in depth, and it keeps "small schools share a database"
 * possible later.
 */
export type SchoolDb = ReturnType<typeof schoolDbFor>;

export function schoolDbFor(d1: D1Database, schoolId: string, counter?: QueryCounter) {
  const db = drizzle(countingD1(d1, counter), { schema: schoolSchema, logger: counter ? countingLogger(counter) : false });
  return {
    db,
    schoolId,
    /** `where` clause for a school-scoped table: school_id = this school AND ...conditions. */
    scoped<T extends SchoolScopedTable>(table: T, ...conditions: (SQL | undefined)[]): SQL {
      return and(eq(table.schoolId, schoolId), ...conditions) as SQL;
    },
    /** Row values for an insert into a school-scoped table, with school_id filled in. */
    withSchool<V extends object>(values: V): V & { schoolId: string } {
      return { ...values, schoolId };
    },
  };
}

/**
 * Finds the D1 binding a school's row names. A missing binding is an operator mistake
 * (a school row without its wrangler.toml entry, or a deploy that lost one): it is logged
 * with its reason and answered with 503, never with another school's data.
 */
export function schoolD1(env: Env, school: { slug: string; d1Binding: string }): D1Database {
  const d1 = env[school.d1Binding as `SCHOOL_${string}`];
  if (!d1 || typeof (d1 as D1Database).prepare !== 'function') {
    console.error(
      `[tenancy] school "${school.slug}" names D1 binding ${school.d1Binding}, which this Worker does not have; ` +
        'add it to wrangler.toml (npm run school:create is resumable) and redeploy',
    );
    throw new Unavailable(`This school is temporarily unavailable. Please try again later.`);
  }
  return d1 as D1Database;
}
