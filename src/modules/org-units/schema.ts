import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, schoolId } from '../../platform/db/columns.ts';

// ---- school database ---------------------------------------------------------------

/**
 * Which members belong to which org unit (campus or department). A member may be in many
 * units; an assignment is either there or not, so the key is school + unit + user.
 * The units themselves are `org_units` (tenancy/schema.ts).
 */
export const orgUnitMembers = sqliteTable(
  'org_unit_members',
  {
    schoolId: schoolId(),
    orgUnitId: text('org_unit_id').notNull(),
    userId: text('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.orgUnitId, t.userId] }), index('org_unit_members_user_idx').on(t.schoolId, t.userId)],
);
