import { desc, eq, exists, gt, isNull, type SQL, sql } from 'drizzle-orm';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { invitations, type MembershipRole, schoolMemberships } from '../identity/schema.ts';
import { insertWhere } from '../../platform/db/guarded-write.ts';
import { auditWhere } from '../audit/record.ts';

/**
 * Accepting an invitation, shared by `POST /api/invitations/accept` and by sign-in (an
 * invited person who signs in accepts by doing so). Kept apart from both so identity's
 * sign-in and the members API apply exactly the same claim.
 */

type Scope = { schoolDb: SchoolDb; now: Date };

/** Still usable: not accepted, not revoked, not expired at `now`. */
export function pendingInvitation(schoolDb: SchoolDb, now: Date, ...conditions: SQL[]): SQL {
  return schoolDb.scoped(invitations, isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now), ...conditions);
}

/** The newest usable invitation for an address (re-inviting revokes older ones, so there is at most one). */
export async function findPendingInvitation({ schoolDb, now }: Scope, email: string) {
  const [row] = await schoolDb.db
    .select({ id: invitations.id, role: invitations.role, email: invitations.email })
    .from(invitations)
    .where(pendingInvitation(schoolDb, now, eq(invitations.email, email.trim().toLowerCase())))
    .orderBy(desc(invitations.createdAt))
    .limit(1);
  return row ?? null;
}

export type ClaimInput = {
  invitation: { id: string; email: string; role: MembershipRole };
  user: { id: string; email: string };
  /** The person's membership before accepting, if any (any status). */
  membership: { id: string; role: MembershipRole; status: 'active' | 'invited' | 'removed' } | null;
  /** The role they end up with (an active member keeps the higher of theirs and the invited one). */
  role: MembershipRole;
};

/**
 * One school batch: membership created or re-activated, audit row, invitation marked
 * accepted; every statement guarded by "the invitation is still pending", the claim last.
 * Two concurrent accepts: the first batch claims, the second finds nothing pending and
 * writes nothing. Returns whether this call claimed it, and the membership when it did.
 */
export async function claimInvitation({ schoolDb, now }: Scope, input: ClaimInput) {
  const { db } = schoolDb;
  const stillPending = exists(db.select({ one: sql`1` }).from(invitations).where(pendingInvitation(schoolDb, now, eq(invitations.id, input.invitation.id))));
  const membershipId = input.membership?.id ?? crypto.randomUUID();
  const [upserted, , claimed] = await db.batch([
    insertWhere(
      db,
      schoolMemberships,
      schoolDb.withSchool({ id: membershipId, userId: input.user.id, userEmail: input.user.email, role: input.role, status: 'active' as const, createdAt: now }),
      stillPending,
    )
      .onConflictDoUpdate({ target: [schoolMemberships.schoolId, schoolMemberships.userId], set: { role: input.role, status: 'active', userEmail: input.user.email } })
      .returning({ id: schoolMemberships.id, role: schoolMemberships.role }),
    auditWhere(
      schoolDb,
      {
        actorUserId: input.user.id,
        action: 'invitation.accepted',
        entityType: 'invitation',
        entityId: input.invitation.id,
        metadata: {
          email: input.invitation.email,
          invitedRole: input.invitation.role,
          membershipId,
          before: input.membership ? { role: input.membership.role, status: input.membership.status } : null,
          after: { role: input.role, status: 'active' },
        },
        now,
      },
      stillPending,
    ),
    db
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: input.user.id })
      .where(pendingInvitation(schoolDb, now, eq(invitations.id, input.invitation.id)))
      .returning({ id: invitations.id }),
  ]);
  const membership = upserted[0];
  return claimed.length > 0 && membership ? { claimed: true as const, membership } : { claimed: false as const, membership: null };
}

/** The membership (any status) of one user in this school. */
export async function findMembership(schoolDb: SchoolDb, userId: string) {
  const [row] = await schoolDb.db
    .select({ id: schoolMemberships.id, role: schoolMemberships.role, status: schoolMemberships.status })
    .from(schoolMemberships)
    .where(schoolDb.scoped(schoolMemberships, eq(schoolMemberships.userId, userId)))
    .limit(1);
  return row ?? null;
}
