import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DrizzleD1Database } from 'drizzle-orm/d1';

/**
 * `INSERT … SELECT <values> WHERE <guard>`: an insert that only happens if `guard` still
 * holds when the batch runs.
 *
 * D1 has no interactive transactions, so a batch cannot branch on what an earlier statement
 * did. A batch does run as one transaction, though, with no other writer in between. So a
 * change that must be decided atomically (claim an invitation, demote an owner who may not be
 * the last) is written as: every dependent insert guarded by the same condition, then the
 * UPDATE carrying that condition last, with `returning`. All statements see the same state;
 * they all land or none does, and the UPDATE's returned rows say which happened.
 */
export function insertWhere<T extends SQLiteTable>(db: Pick<DrizzleD1Database<Record<string, unknown>>, 'insert'>, table: T, values: T['$inferInsert'], guard: SQL) {
  const row = values as Record<string, unknown>;
  const selected = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = row[key] !== undefined ? row[key] : (column.defaultFn?.() ?? column.default ?? null);
    return value === null ? sql`null` : sql.param(value, column);
  });
  return db.insert(table).select(sql`select ${sql.join(selected, sql`, `)} where ${guard}`);
}
