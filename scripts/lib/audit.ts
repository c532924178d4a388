import { insertSql } from './sql.ts';

/** One operator_audit row: who did what to which school. Runs in the same call as the change it records. */
export function operatorAuditSql(
  entry: { actor: string; action: string; schoolId: string | null; details: Record<string, unknown> },
  now = Date.now(),
): string {
  return insertSql(
    'operator_audit',
    {
      id: crypto.randomUUID(),
      actor: entry.actor,
      action: entry.action,
      school_id: entry.schoolId,
      details: JSON.stringify(entry.details),
      created_at: now,
    },
    null,
  );
}
