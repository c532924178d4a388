import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, schoolId } from '../../platform/db/columns.ts';

// ---- school database ---------------------------------------------------------------

/** Who did what to which object: written by staff-facing service verbs. */
export const auditLogs = sqliteTable(
  'audit_logs',
  {
    id: id(),
    schoolId: schoolId(),
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_logs_school_created_idx').on(t.schoolId, t.createdAt)],
);

/** Domain events and the outbox: written in the same batch as the change they describe. */
export const eventLogs = sqliteTable(
  'event_logs',
  {
    id: id(),
    schoolId: schoolId(),
    eventType: text('event_type').notNull(),
    entityId: text('entity_id'),
    metadata: text('metadata', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('event_logs_school_created_idx').on(t.schoolId, t.createdAt)],
);

export const rateLimitLogs = sqliteTable(
  'rate_limit_logs',
  {
    id: id(),
    schoolId: schoolId(),
    bucket: text('bucket').notNull(),
    key: text('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('rate_limit_logs_bucket_idx').on(t.schoolId, t.bucket, t.key)],
);
