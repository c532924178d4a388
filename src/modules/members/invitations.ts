import { desc, eq, exists, inArray, isNull, sql } from 'drizzle-orm';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditLogs } from '../audit/schema.ts';
import { requireRole } from '../identity/actor.ts';
import { invitations, schoolMemberships } from '../identity/schema.ts';
import { loadSignInPolicy } from '../identity/sign-in.ts';
import { enqueueMailDelivery } from '../mail/delivery.ts';
import { outboxInsert } from '../mail/outbox.ts';
import { mailOutbox } from '../mail/schema.ts';
import { auditValues, auditWhere } from '../audit/record.ts';
import { pendingInvitation } from './invitation-claim.ts';
import { invitationLink, invitationMail } from './invitation-mail.ts';
import { usersByIds } from './platform-users.ts';
import { CreateInvitationInput, RevokeInvitationInput } from './validation.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** The admin list shows the most recent invitations; older ones stay in the table and the audit log. */
const LIST_LIMIT = 500;

type InvitationRow = typeof invitations.$inferSelect;
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationStatus(row: Pick<InvitationRow, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now: Date): InvitationStatus {
  if (row.acceptedAt) return 'accepted';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** `invitedBy` is the inviter's address, for people to read (the row keeps their user id). */
function invitationView(row: InvitationRow, now: Date, invitedBy: string) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus(row, now),
    invitedBy,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    acceptedAt: row.acceptedAt,
  };
}

/** GET /api/admin/invitations: newest first, every status. */
export async function listInvitations({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  const { db, scoped } = ctx.schoolDb;
  const rows = await db.select().from(invitations).where(scoped(invitations)).orderBy(desc(invitations.createdAt)).limit(LIST_LIMIT);
  const inviters = await usersByIds(ctx.platformDb, rows.map((row) => row.invitedBy));
  return { invitations: rows.map((row) => invitationView(row, ctx.now, inviters.get(row.invitedBy)?.email ?? row.invitedBy)) };
}

/**
 * POST /api/admin/invitations { email, role }: a single-use token (only its hash stored),
 * valid for 7 days, mailed to the address. Re-inviting an address revokes its older pending
 * invitation, so at most one link per address works at a time.
 */
export async function createInvitation({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { email, role } = CreateInvitationInput.parse(input);
  if (role === 'owner' && actor.membership.role !== 'owner') throw new Forbidden('Only an owner can invite another owner.');
  const { db, scoped, withSchool } = ctx.schoolDb;
  const [[member], older, policy] = await Promise.all([
    db
      .select({ role: schoolMemberships.role })
      .from(schoolMemberships)
      .where(scoped(schoolMemberships, eq(schoolMemberships.userEmail, email), eq(schoolMemberships.status, 'active')))
      .limit(1),
    db.select({ id: invitations.id, role: invitations.role }).from(invitations).where(pendingInvitation(ctx.schoolDb, ctx.now, eq(invitations.email, email))),
    loadSignInPolicy(ctx),
  ]);
  if (older.some((o) => o.role === 'owner') && actor.membership.role !== 'owner') {
    throw new Forbidden(`${email} has a pending owner invitation; only an owner can replace it.`);
  }
  if (member) throw new Conflict(`${email} is already a member of ${ctx.school.name} (${member.role}). Change their role in the members list instead.`);
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (policy.requireDomainMatch && !policy.allowedDomains.includes(domain)) {
    throw new Invalid(
      `${ctx.school.name} only accepts sign-in from addresses at ${policy.allowedDomains.join(', ') || 'no domains yet'}, so ${email} could not sign in to accept. Invite an address at one of those domains, or change the sign-in policy first.`,
    );
  }

  const token = randomToken();
  const row: InvitationRow = withSchool({
    id: crypto.randomUUID(),
    email,
    role,
    tokenHash: await sha256Hex(token),
    invitedBy: actor.user.id,
    expiresAt: new Date(ctx.now.getTime() + INVITATION_TTL_MS),
    acceptedAt: null,
    acceptedBy: null,
    revokedAt: null,
    createdAt: ctx.now,
  });
  const audit = (action: string, entityId: string, before: unknown, after: unknown) =>
    db.insert(auditLogs).values(auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action, entityType: 'invitation', entityId, metadata: { email, before, after }, now: ctx.now }));
  const replaced = older.map((o) => o.id);
  await db.batch([
    db.insert(invitations).values(row),
    audit('invitation.created', row.id, null, { role, status: 'pending', expiresAt: row.expiresAt }),
    ...(replaced.length
      ? [
          db.update(invitations).set({ revokedAt: ctx.now }).where(pendingInvitation(ctx.schoolDb, ctx.now, inArray(invitations.id, replaced))),
          ...older.map((o) => audit('invitation.revoked', o.id, { role: o.role, status: 'pending' }, { role: o.role, status: 'revoked', replacedBy: row.id })),
        ]
      : []),
  ]);

  // The mail goes to the platform database, and two D1 databases cannot share a batch. If
  // this write fails, the invitation exists but its link was never sent: the admin sees an
  // error and invites again, which revokes this one. Delivery itself is the events consumer's
  // job; if the queue send fails, the outbox sweep still picks the mail up.
  const mail = invitationMail(ctx, {
    to: email,
    role,
    inviter: { email: actor.user.email, displayName: actor.user.displayName },
    link: await invitationLink(ctx, token),
    expiresAt: row.expiresAt,
  });
  const [queued] = await outboxInsert(ctx.platformDb, mail, ctx.now).returning({ id: mailOutbox.id });
  await enqueueMailDelivery(ctx.env, queued!.id);
  return { invitation: invitationView(row, ctx.now, actor.user.email) };
}

/** DELETE /api/admin/invitations/:id: the link stops working. Revoking twice is fine. */
export async function revokeInvitation({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { invitationId } = RevokeInvitationInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [row] = await db.select().from(invitations).where(scoped(invitations, eq(invitations.id, invitationId))).limit(1);
  if (!row) throw new NotFound('That invitation does not exist.');
  if (row.acceptedAt) throw new Conflict(`${row.email} has already accepted this invitation. To take their access away, remove them from the members list.`);
  if (row.revokedAt) return { revoked: true as const };
  if (row.role === 'owner' && actor.membership.role !== 'owner') throw new Forbidden('Only an owner can revoke an owner invitation.');
  const open = scoped(invitations, eq(invitations.id, row.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt));
  const status = invitationStatus(row, ctx.now);
  const [, updated] = await db.batch([
    auditWhere(
      ctx.schoolDb,
      {
        actorUserId: actor.user.id,
        action: 'invitation.revoked',
        entityType: 'invitation',
        entityId: row.id,
        metadata: { email: row.email, before: { role: row.role, status }, after: { role: row.role, status: 'revoked' } },
        now: ctx.now,
      },
      exists(db.select({ one: sql`1` }).from(invitations).where(open)),
    ),
    db.update(invitations).set({ revokedAt: ctx.now }).where(open).returning({ id: invitations.id }),
  ]);
  if (updated.length === 0) throw new Conflict('This invitation was accepted or revoked a moment ago. Reload the list to see its status.');
  return { revoked: true as const };
}
