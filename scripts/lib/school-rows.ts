import { subdomainHostname } from '../../src/modules/tenancy/hostname.ts';
import type { Brand } from '../../src/modules/branding/brand.ts';
import type { SchoolStatus } from '../../src/modules/tenancy/schema.ts';
import { insertSql, sqlLiteral } from './sql.ts';

/**
 * The rows a school needs, as SQL that is safe to run again: the dev seed, the test set-up
 * and `school:create` all use these, so a demo school and a provisioned one look the same.
 */
export type SchoolSpec = {
  id: string;
  slug: string;
  name: string;
  isPublic: boolean;
  brand: Partial<Brand>;
  d1Binding: string;
  d1DatabaseId: string;
};

/** Platform database: the school (in `status`) — inserted once, never overwritten. */
export function platformSchoolSql(school: SchoolSpec, status: SchoolStatus, now = Date.now()): string[] {
  return [
    insertSql(
      'schools',
      {
        id: school.id,
        slug: school.slug,
        name: school.name,
        status,
        brand: JSON.stringify(school.brand),
        is_public: school.isPublic,
        d1_binding: school.d1Binding,
        d1_database_id: school.d1DatabaseId,
        created_at: now,
      },
      { target: 'slug', action: 'nothing' },
    ),
  ];
}

/** Platform database: the school's subdomain host, active and primary. */
export function subdomainHostnameSql(school: SchoolSpec, platformDomain: string, now = Date.now()): string[] {
  return [
    insertSql(
      'school_hostnames',
      {
        hostname: subdomainHostname(school.slug, platformDomain),
        school_id: school.id,
        kind: 'subdomain',
        status: 'active',
        is_primary: true,
        created_at: now,
      },
      { target: 'hostname', action: 'nothing' },
    ),
  ];
}

export function setSchoolStatusSql(slug: string, status: SchoolStatus, now = Date.now()): string {
  return `UPDATE schools SET status = ${sqlLiteral(status)}, updated_at = ${now} WHERE slug = ${sqlLiteral(slug)};`;
}

/** Platform database: the database a reserved school ended up with (known only after it exists). */
export function setSchoolDatabaseIdSql(schoolId: string, databaseId: string, now = Date.now()): string {
  return `UPDATE schools SET d1_database_id = ${sqlLiteral(databaseId)}, updated_at = ${now} WHERE id = ${sqlLiteral(schoolId)};`;
}

/** School database: its profile row (with the isolation canary) and default sign-in policy. */
export function schoolDatabaseSql(
  school: SchoolSpec,
  profile: { headline: string | null; welcomeMessage: string | null; canary: string },
  now = Date.now(),
): string[] {
  return [
    insertSql(
      'school_profiles',
      {
        school_id: school.id,
        headline: profile.headline,
        welcome_message: profile.welcomeMessage,
        canary: profile.canary,
        updated_at: now,
      },
      { target: 'school_id', action: 'nothing' },
    ),
    insertSql(
      'school_auth_policies',
      {
        school_id: school.id,
        allowed_providers: JSON.stringify(['google_oidc', 'microsoft_oidc', 'magic_link']),
        allowed_domains: '[]',
        require_domain_match: false,
        require_domain_verification: false,
        auto_provision: true,
        domain_role_map: '{}',
        updated_at: now,
      },
      { target: 'school_id', action: 'nothing' },
    ),
  ];
}

/** A random canary: unique per school database, meaningless anywhere else. */
export function newCanary(slug: string): string {
  return `canary-${slug}-${crypto.randomUUID()}`;
}

/** A person with a role in one school: the platform user row and the school membership row. */
export type MemberSpec = { userId: string; membershipId: string; email: string; displayName: string; role: 'owner' | 'admin' | 'instructor' | 'student' };

export function platformUserSql(member: MemberSpec, now = Date.now()): string[] {
  return [
    insertSql(
      'users',
      { id: member.userId, email: member.email, display_name: member.displayName, email_verified_at: now, created_at: now },
      { target: 'email', action: 'nothing' },
    ),
    insertSql(
      'identity_links',
      { id: `link-${member.userId}`, user_id: member.userId, provider: 'magic_link', issuer: 'magic_link', external_id: member.email, email: member.email, created_at: now },
      { target: 'provider, issuer, external_id', action: 'nothing' },
    ),
  ];
}

export function schoolMemberSql(school: SchoolSpec, member: MemberSpec, now = Date.now()): string[] {
  return [
    insertSql(
      'school_memberships',
      { id: member.membershipId, school_id: school.id, user_id: member.userId, user_email: member.email, role: member.role, status: 'active', created_at: now },
      { target: 'school_id, user_id', action: 'nothing' },
    ),
  ];
}
