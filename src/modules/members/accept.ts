import { eq } from 'drizzle-orm';
import { sha256Hex } from '../../platform/crypto.ts';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireActor } from '../identity/actor.ts';
import { hasRole } from '../identity/roles.ts';
import { invitations } from '../identity/schema.ts';
import { claimInvitation, findMembership } from './invitation-claim.ts';
import { invitationStatus } from './invitations.ts';
import { InvitationTokenInput } from './validation.ts';

const UNKNOWN_LINK = 'This invitation link is not valid. Check that you opened the whole link from the email, or ask the school for a new invitation.';

/** By token, in this school only: another school's token is as unknown as a made-up one. */
async function getInvitationByToken(schoolDb: SchoolDb, token: string) {
  const [row] = await schoolDb.db
    .select()
    .from(invitations)
    .where(schoolDb.scoped(invitations, eq(invitations.tokenHash, await sha256Hex(token))))
    .limit(1);
  if (!row) throw new NotFound(UNKNOWN_LINK);
  return row;
}

/**
 * GET /api/invitations/lookup?token=: what the accept page shows before anyone signs in.
 * Public on purpose: the token (256 bits, from the invitee's inbox) is the credential.
 */
export async function lookupInvitation({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const parsed = InvitationTokenInput.safeParse(input);
  if (!parsed.success) throw new NotFound(UNKNOWN_LINK);
  const row = await getInvitationByToken(ctx.schoolDb, parsed.data.token);
  return { schoolName: ctx.school.name, email: row.email, role: row.role, status: invitationStatus(row, ctx.now) };
}

/**
 * POST /api/invitations/accept { token }, for a signed-in member accepting an invitation
 * (typically to a higher role: they keep the higher of the two). Someone new accepts by
 * signing in, which claims the invitation the same way; opening the accept page afterwards
 * finds it accepted by them and answers the same.
 */
export async function acceptInvitation({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { token } = InvitationTokenInput.parse(input);
  const row = await getInvitationByToken(ctx.schoolDb, token);
  const email = actor.user.email.trim().toLowerCase();
  if (row.email !== email) {
    throw new Forbidden(`This invitation is for ${row.email}, but you are signed in as ${email}. Sign out, then sign in as ${row.email} to accept it.`);
  }
  if (row.acceptedBy === actor.user.id) return { membership: { id: actor.membership.id, role: actor.membership.role }, claimed: false };
  const status = invitationStatus(row, ctx.now);
  if (status !== 'pending') throw new Conflict(notPending(status));

  const current = actor.membership;
  const role = hasRole(current.role, row.role) ? current.role : row.role;
  const claim = await claimInvitation(ctx, {
    invitation: { id: row.id, email: row.email, role: row.role },
    user: { id: actor.user.id, email },
    membership: { id: current.id, role: current.role, status: 'active' },
    role,
  });
  if (claim.claimed) return { membership: claim.membership, claimed: true };
  // Someone (most likely this very person, in another tab) got there first.
  const membership = await findMembership(ctx.schoolDb, actor.user.id);
  const [again] = await ctx.schoolDb.db.select().from(invitations).where(ctx.schoolDb.scoped(invitations, eq(invitations.id, row.id))).limit(1);
  if (again?.acceptedBy === actor.user.id && membership?.status === 'active') return { membership: { id: membership.id, role: membership.role }, claimed: false };
  throw new Conflict(notPending(again ? invitationStatus(again, ctx.now) : 'revoked'));
}

function notPending(status: 'accepted' | 'revoked' | 'expired' | 'pending'): string {
  if (status === 'accepted') return 'This invitation has already been used. Ask the school for a new one if you still need access.';
  if (status === 'expired') return 'This invitation has expired. Ask the school to invite you again.';
  return 'This invitation was withdrawn by the school. Ask them to invite you again if you still need access.';
}
