import type { MembershipRole } from './schema.ts';

const RANK: Record<MembershipRole, number> = { student: 0, instructor: 1, admin: 2, owner: 3 };

/** Roles are ordered: an owner may do what an admin may, an admin what an instructor may. */
export function hasRole(role: MembershipRole, minimum: MembershipRole): boolean {
  return RANK[role] >= RANK[minimum];
}
