import { and, count, eq, exists, ne, type SQL, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireRole } from '../identity/actor.ts';
import { type MembershipRole, schoolMemberships } from '../identity/schema.ts';
import { revokeUserSessionsInSchool } from '../identity/sessions.ts';
import { auditWhere } from '../audit/record.ts';
import { usersByIds } from './platform-users.ts';
import { ChangeMemberRoleInput, RemoveMemberInput } from './validation.ts';

type MembershipRow = typeof schoolMemberships.$inferSelect;

const MEMBER_COLUMNS = {
  id: schoolMemberships.id,
  userId: schoolMemberships.userId,
  userEmail: schoolMemberships.userEmail,
  role: schoolMemberships.role,
  titleLabel: schoolMemberships.titleLabel,
  status: schoolMemberships.status,
  createdAt: schoolMemberships.createdAt,
};

/** GET /api/admin/members: the school's active members, with names from the platform. */
export async function listMembers({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  const { db, scoped } = ctx.schoolDb;
  const rows = await db
    .select(MEMBER_COLUMNS)
    .from(schoolMemberships)
    .where(scoped(schoolMemberships, eq(schoolMemberships.status, 'active')))
    .orderBy(schoolMemberships.createdAt);
  const people = await usersByIds(ctx.platformDb, rows.map((row) => row.userId));
  return { members: rows.map((row) => memberView(row, people.get(row.userId))) };
}

/** PATCH /api/admin/members/:membershipId { role }. Owners are made and unmade by owners only. */
export async function changeMemberRole({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { membershipId, role } = ChangeMemberRoleInput.parse(input);
  const target = await getActiveMembershipInSchool(ctx.schoolDb, membershipId);
  if ((target.role === 'owner' || role === 'owner') && actor.membership.role !== 'owner') {
    throw new Forbidden('Only an owner can make someone an owner or change an owner’s role.');
  }
  if (target.role !== role) {
    const guard = unchangedSince(ctx.schoolDb, target, target.role === 'owner');
    const { db, scoped } = ctx.schoolDb;
    const [, updated] = await db.batch([
      auditWhere(
        ctx.schoolDb,
        {
          actorUserId: actor.user.id,
          action: 'membership.role_changed',
          entityType: 'membership',
          entityId: target.id,
          metadata: { email: target.userEmail, before: { role: target.role }, after: { role } },
          now: ctx.now,
        },
        guard,
      ),
      db.update(schoolMemberships).set({ role }).where(scoped(schoolMemberships, eq(schoolMemberships.id, target.id), guard)).returning({ id: schoolMemberships.id }),
    ]);
    if (updated.length === 0) throw refusal(target, 'demote');
  }
  const people = await usersByIds(ctx.platformDb, [target.userId]);
  return { member: memberView({ ...target, role }, people.get(target.userId)) };
}

/**
 * DELETE /api/admin/members/:membershipId. The membership is marked removed (kept for the
 * audit trail and so a re-invitation can re-activate it) and the person's sessions in this
 * school end. Removing yourself is allowed, unless you are the last owner.
 */
export async function removeMember({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { membershipId } = RemoveMemberInput.parse(input);
  const target = await getActiveMembershipInSchool(ctx.schoolDb, membershipId);
  if (target.role === 'owner' && actor.membership.role !== 'owner') throw new Forbidden('Only an owner can remove an owner.');
  const guard = unchangedSince(ctx.schoolDb, target, target.role === 'owner');
  const { db, scoped } = ctx.schoolDb;
  const [, updated] = await db.batch([
    auditWhere(
      ctx.schoolDb,
      {
        actorUserId: actor.user.id,
        action: 'membership.removed',
        entityType: 'membership',
        entityId: target.id,
        metadata: { email: target.userEmail, before: { role: target.role, status: 'active' }, after: { role: target.role, status: 'removed' } },
        now: ctx.now,
      },
      guard,
    ),
    db.update(schoolMemberships).set({ status: 'removed' }).where(scoped(schoolMemberships, eq(schoolMemberships.id, target.id), guard)).returning({ id: schoolMemberships.id }),
  ]);
  if (updated.length === 0) throw refusal(target, 'remove');
  // Sessions live in the platform database, so this cannot join the batch above. If it fails,
  // the person is still locked out: a session only counts with an active membership.
  await revokeUserSessionsInSchool({ platformDb: ctx.platformDb, schoolId: ctx.school.id, now: ctx.now }, target.userId);
  return { removed: true as const };
}

/** Fetch-or-throw, scoped to the school: another school's or a removed member is "not found". */
async function getActiveMembershipInSchool(schoolDb: SchoolDb, membershipId: string): Promise<MembershipRow> {
  const [row] = await schoolDb.db
    .select()
    .from(schoolMemberships)
    .where(schoolDb.scoped(schoolMemberships, eq(schoolMemberships.id, membershipId), eq(schoolMemberships.status, 'active')))
    .limit(1);
  if (!row) throw new NotFound('That member does not exist or has already been removed.');
  return row;
}

/**
 * Holds when the batch runs only if the member is still active with the role we read, and,
 * when an owner is being demoted or removed, another active owner remains. Checked inside the
 * batch, so two owners demoting each other at once cannot leave the school without one.
 */
function unchangedSince(schoolDb: SchoolDb, target: MembershipRow, needsAnotherOwner: boolean): SQL {
  const { db, scoped } = schoolDb;
  const same = exists(
    db
      .select({ one: sql`1` })
      .from(schoolMemberships)
      .where(scoped(schoolMemberships, eq(schoolMemberships.id, target.id), eq(schoolMemberships.status, 'active'), eq(schoolMemberships.role, target.role))),
  );
  if (!needsAnotherOwner) return same;
  const otherOwners = db
    .select({ n: count() })
    .from(schoolMemberships)
    .where(scoped(schoolMemberships, eq(schoolMemberships.role, 'owner'), eq(schoolMemberships.status, 'active'), ne(schoolMemberships.id, target.id)));
  return and(same, sql`(${otherOwners}) > 0`)!;
}

function refusal(target: MembershipRow, what: 'demote' | 'remove') {
  if (target.role === 'owner') {
    return new Conflict(
      what === 'demote'
        ? `${target.userEmail} is the school’s only owner. Make someone else an owner first, then change this role.`
        : `${target.userEmail} is the school’s only owner. Make someone else an owner first, then remove this member.`,
    );
  }
  return new Conflict('This member was changed by someone else a moment ago. Reload the list and try again.');
}

function memberView(row: Pick<MembershipRow, keyof typeof MEMBER_COLUMNS>, person: { email: string; displayName: string | null } | undefined) {
  return {
    id: row.id,
    userId: row.userId,
    email: person?.email ?? row.userEmail,
    displayName: person?.displayName ?? null,
    role: row.role as MembershipRole,
    titleLabel: row.titleLabel,
    status: row.status,
    createdAt: row.createdAt,
  };
}
