import type { SQL } from 'drizzle-orm';
import { insertWhere } from '../../platform/db/guarded-write.ts';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { auditLogs } from './schema.ts';

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
