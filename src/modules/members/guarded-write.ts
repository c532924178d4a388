import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { auditLogs } from '../audit/schema.ts';

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
export function insertWhere<T extends SQLiteTable>(db: SchoolDb['db'], table: T, values: T['$inferInsert'], guard: SQL) {
  const row = values as Record<string, unknown>;
  const selected = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = row[key] !== undefined ? row[key] : (column.defaultFn?.() ?? column.default ?? null);
    return value === null ? sql`null` : sql.param(value, column);
  });
  return db.insert(table).select(sql`select ${sql.join(selected, sql`, `)} where ${guard}`);
}

export type AuditEntry = {
  actorUserId: string;
  action: string;
  entityType: string;
  entityId: string;
  /** Always carries `before` and `after` (null when the thing did not exist / no longer does). */
  metadata: { before: unknown; after: unknown } & Record<string, unknown>;
  now: Date;
};

/** The audit row's values, school filled in. */
export function auditValues(schoolDb: SchoolDb, entry: AuditEntry) {
  return schoolDb.withSchool({
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    metadata: entry.metadata,
    createdAt: entry.now,
  });
}

/** An audit row written only if `guard` holds when the batch runs (see insertWhere). */
export function auditWhere(schoolDb: SchoolDb, entry: AuditEntry, guard: SQL) {
  return insertWhere(schoolDb.db, auditLogs, auditValues(schoolDb, entry), guard);
}
