// Roles in a school, ordered like the Worker's identity/roles.ts: an owner may do what an admin
// may, an admin what an instructor may.
export const ROLES = ['student', 'instructor', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { student: 0, instructor: 1, admin: 2, owner: 3 };

export function hasRole(role: Role | null | undefined, minimum: Role): boolean {
  return role !== null && role !== undefined && RANK[role] >= RANK[minimum];
}

export const ROLE_LABELS: Record<Role, string> = {
  student: 'Student',
  instructor: 'Instructor',
  admin: 'Admin',
  owner: 'Owner',
};

/** "an instructor", "a student": for sentences. */
export function withArticle(role: Role): string {
  const label = ROLE_LABELS[role].toLowerCase();
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
}
