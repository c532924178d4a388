import { sql } from 'drizzle-orm';
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, id, instant, schoolId } from '../../platform/db/columns.ts';
import type { Brand } from '../branding/brand.ts';

export const SCHOOL_STATUSES = ['provisioning', 'active', 'suspended', 'archived'] as const;
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number];

// ---- platform database -------------------------------------------------------------

export const schools = sqliteTable('schools', {
  id: id(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  status: text('status', { enum: SCHOOL_STATUSES }).notNull().default('provisioning'),
  brand: text('brand', { mode: 'json' }).$type<Partial<Brand>>().notNull().default(sql`'{}'`),
  isPublic: flag('is_public').notNull().default(false),
  /** Name of the Worker binding for this school's D1 database, e.g. SCHOOL_BRESLOV. */
  d1Binding: text('d1_binding').notNull().unique(),
  d1DatabaseId: text('d1_database_id').notNull(),
  createdAt: createdAt(),
  updatedAt: instant('updated_at'),
});

export const HOSTNAME_KINDS = ['subdomain', 'custom'] as const;
export const HOSTNAME_STATUSES = ['pending', 'active', 'disabled'] as const;

export const schoolHostnames = sqliteTable(
  'school_hostnames',
  {
    /** Normalised: lower case, no port, no trailing dot. Unique across every school. */
    hostname: text('hostname').primaryKey(),
    schoolId: text('school_id')
      .notNull()
      .references(() => schools.id),
    kind: text('kind', { enum: HOSTNAME_KINDS }).notNull(),
    status: text('status', { enum: HOSTNAME_STATUSES }).notNull().default('pending'),
    isPrimary: flag('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('school_hostnames_school_idx').on(t.schoolId)],
);

export const tenantApplications = sqliteTable('tenant_applications', {
  id: id(),
  schoolName: text('school_name').notNull(),
  desiredSlug: text('desired_slug').notNull(),
  contactEmail: text('contact_email').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected'] })
    .notNull()
    .default('pending'),
  reviewedBy: text('reviewed_by'),
  reviewedAt: instant('reviewed_at'),
  decisionNote: text('decision_note'),
  createdAt: createdAt(),
});

export const operatorAudit = sqliteTable('operator_audit', {
  id: id(),
  /** Who ran the command: the OS user or CI identity, never a request body. */
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  schoolId: text('school_id'),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  createdAt: createdAt(),
});

// ---- school database ---------------------------------------------------------------

/** One row per school database: the school's own words, shown on its home page. */
export const schoolProfiles = sqliteTable('school_profiles', {
  schoolId: text('school_id').primaryKey(),
  headline: text('headline'),
  welcomeMessage: text('welcome_message'),
  /**
   * A random token written when the database is provisioned. It is returned with the
   * profile so isolation tests can prove a host only ever reads its own database.
   */
  canary: text('canary').notNull(),
  updatedAt: instant('updated_at'),
});

export const orgUnits = sqliteTable(
  'org_units',
  {
    id: id(),
    schoolId: schoolId(),
    type: text('type', { enum: ['campus', 'department'] }).notNull(),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [index('org_units_school_idx').on(t.schoolId, t.parentId)],
);
