import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, id, instant, schoolId } from '../../platform/db/columns.ts';

// Users are global; what a user may do in a school comes from that school's membership.

// ---- platform database -------------------------------------------------------------

export const users = sqliteTable('users', {
  id: id(),
  /** Lower-cased. Identity is never decided by email alone: see identity_links. */
  email: text('email').notNull().unique(),
  displayName: text('display_name'),
  roleLabel: text('role_label'),
  emailVerifiedAt: instant('email_verified_at'),
  createdAt: createdAt(),
});

export const IDENTITY_PROVIDERS = ['google_oidc', 'microsoft_oidc', 'magic_link'] as const;

export const identityLinks = sqliteTable(
  'identity_links',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    provider: text('provider', { enum: IDENTITY_PROVIDERS }).notNull(),
    /** Issuer (Entra: tenant id) + subject (Entra: object id) identify a person at a provider. */
    issuer: text('issuer').notNull(),
    externalId: text('external_id').notNull(),
    email: text('email'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('identity_links_provider_subject_idx').on(t.provider, t.issuer, t.externalId),
    index('identity_links_user_idx').on(t.userId),
  ],
);

export const authSessions = sqliteTable(
  'auth_sessions',
  {
    id: id(),
    /** SHA-256 of the session secret; the secret itself only ever lives in the cookie. */
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    userEmail: text('user_email').notNull(),
    provider: text('provider', { enum: IDENTITY_PROVIDERS }).notNull(),
    /** A session is bound to the school host that issued it. */
    schoolId: text('school_id').notNull(),
    hostname: text('hostname').notNull(),
    createdAt: createdAt(),
    lastSeenAt: instant('last_seen_at'),
    idleExpiresAt: instant('idle_expires_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
    userAgent: text('user_agent'),
  },
  (t) => [index('auth_sessions_user_idx').on(t.userId, t.schoolId)],
);

export const authStates = sqliteTable('auth_states', {
  id: id(),
  provider: text('provider', { enum: IDENTITY_PROVIDERS }).notNull(),
  codeVerifier: text('code_verifier').notNull(),
  schoolId: text('school_id').notNull(),
  hostname: text('hostname').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
  createdAt: createdAt(),
});

/** A sign-in link mailed to someone; only the hash of its token is kept. */
export const magicLinkTokens = sqliteTable(
  'magic_link_tokens',
  {
    id: id(),
    tokenHash: text('token_hash').notNull().unique(),
    email: text('email').notNull(),
    schoolId: text('school_id').notNull(),
    /** The school's stored host the link points at (never the request's Host header). */
    hostname: text('hostname').notNull(),
    returnTo: text('return_to').notNull().default('/'),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [index('magic_link_tokens_email_idx').on(t.email, t.schoolId)],
);

/**
 * The single-use code the central OAuth callback (auth.<domain>) hands back to a school
 * host, which redeems it for its own session cookie.
 */
export const authHandoffs = sqliteTable('auth_handoffs', {
  id: id(),
  codeHash: text('code_hash').notNull().unique(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  provider: text('provider', { enum: IDENTITY_PROVIDERS }).notNull(),
  schoolId: text('school_id').notNull(),
  hostname: text('hostname').notNull(),
  returnTo: text('return_to').notNull().default('/'),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
  createdAt: createdAt(),
});

export const userSchoolPreferences = sqliteTable('user_school_preferences', {
  id: id(),
  userId: text('user_id')
    .notNull()
    .unique()
    .references(() => users.id),
  activeSchoolId: text('active_school_id'),
  updatedAt: instant('updated_at'),
});

// ---- school database ---------------------------------------------------------------

export const MEMBERSHIP_ROLES = ['owner', 'admin', 'instructor', 'student'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const schoolMemberships = sqliteTable(
  'school_memberships',
  {
    id: id(),
    schoolId: schoolId(),
    userId: text('user_id').notNull(),
    userEmail: text('user_email').notNull(),
    role: text('role', { enum: MEMBERSHIP_ROLES }).notNull().default('student'),
    titleLabel: text('title_label'),
    status: text('status', { enum: ['invited', 'active', 'removed'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('school_memberships_user_idx').on(t.schoolId, t.userId),
    index('school_memberships_email_idx').on(t.schoolId, t.userEmail),
  ],
);

/** One row per school; absent means the defaults in the identity module. */
export const schoolAuthPolicies = sqliteTable('school_auth_policies', {
  schoolId: text('school_id').primaryKey(),
  allowedProviders: text('allowed_providers', { mode: 'json' })
    .$type<(typeof IDENTITY_PROVIDERS)[number][]>()
    .notNull(),
  allowedDomains: text('allowed_domains', { mode: 'json' }).$type<string[]>().notNull(),
  requireDomainMatch: flag('require_domain_match').notNull().default(false),
  requireDomainVerification: flag('require_domain_verification').notNull().default(false),
  autoProvision: flag('auto_provision').notNull().default(true),
  domainRoleMap: text('domain_role_map', { mode: 'json' }).$type<Record<string, MembershipRole>>().notNull(),
  /** Microsoft Entra tenant ids accepted for sign-in; empty means any tenant. */
  entraTenantIds: text('entra_tenant_ids', { mode: 'json' }).$type<string[]>().notNull().default([]),
  updatedAt: instant('updated_at'),
});

/** An emailed invitation to join the school with a role; single use, expires. */
export const invitations = sqliteTable(
  'invitations',
  {
    id: id(),
    schoolId: schoolId(),
    email: text('email').notNull(),
    role: text('role', { enum: MEMBERSHIP_ROLES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').notNull(),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    acceptedBy: text('accepted_by'),
    revokedAt: instant('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_school_email_idx').on(t.schoolId, t.email)],
);
