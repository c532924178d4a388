import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, instant } from '../../platform/db/columns.ts';
import { schoolHostnames } from '../tenancy/schema.ts';
import { DOMAIN_STATUSES } from './states.ts';

// ---- platform database -------------------------------------------------------------

/**
 * The proof behind a custom hostname (see states.ts for its life). The hostname row in
 * `school_hostnames` is the claim — its primary key makes a hostname belong to one school —
 * and serves only while this row is `active`.
 */
export const domainVerifications = sqliteTable(
  'domain_verifications',
  {
    hostname: text('hostname')
      .primaryKey()
      .references(() => schoolHostnames.hostname),
    schoolId: text('school_id').notNull(),
    /** ≥ 128 random bits; valid only on this row, i.e. for this school and this hostname. */
    token: text('token').notNull(),
    status: text('status', { enum: DOMAIN_STATUSES }).notNull().default('pending'),
    reason: text('reason'),
    createdAt: createdAt(),
    checkedAt: instant('checked_at'),
    verifiedAt: instant('verified_at'),
    /** A pending domain expires here if its TXT record never appears. */
    expiresAt: instant('expires_at').notNull(),
    /** First definitive failed check of a verified or active domain; null while healthy. */
    failingSince: instant('failing_since'),
    /** Cloudflare for SaaS custom hostname, when configured. */
    edgeHostnameId: text('edge_hostname_id'),
    edgeHostnameStatus: text('edge_hostname_status'),
    edgeSslStatus: text('edge_ssl_status'),
  },
  (t) => [index('domain_verifications_school_idx').on(t.schoolId), index('domain_verifications_due_idx').on(t.status, t.checkedAt)],
);
