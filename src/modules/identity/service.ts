import { NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { requireActor } from './actor.ts';
import { listUserSessions, revokeSession } from './sessions.ts';

/** GET /api/me: the signed-in user and what they are in this school. */
export async function getMe({ ctx }: { ctx: SchoolCtx }) {
  const actor = requireActor(ctx.actor);
  return {
    user: actor.user,
    membership: actor.membership,
    role: actor.membership.role,
    school: { id: ctx.school.id, slug: ctx.school.slug, name: ctx.school.name },
  };
}

/** The user's live sessions in this school, the current one marked. */
export async function listMySessions({ ctx }: { ctx: SchoolCtx }) {
  const actor = requireActor(ctx.actor);
  const sessions = await listUserSessions({ platformDb: ctx.platformDb, schoolId: ctx.school.id, now: ctx.now }, actor.user.id);
  return sessions.map((session) => ({ ...session, current: session.id === actor.sessionId }));
}

/** Revokes one of the user's own sessions; anyone else's is "not found". */
export async function revokeMySession({ ctx, input }: { ctx: SchoolCtx; input: { sessionId: string } }) {
  const actor = requireActor(ctx.actor);
  const revoked = await revokeSession(
    { platformDb: ctx.platformDb, schoolId: ctx.school.id, now: ctx.now },
    { sessionId: input.sessionId, userId: actor.user.id },
  );
  if (!revoked) throw new NotFound('That session does not exist or has already ended.');
  return { revoked: true, wasCurrent: input.sessionId === actor.sessionId };
}

/** Sign-out: ends the current session. Signing out when already signed out is fine. */
export async function signOut({ ctx }: { ctx: SchoolCtx }) {
  if (!ctx.actor) return { signedOut: true };
  await revokeSession({ platformDb: ctx.platformDb, schoolId: ctx.school.id, now: ctx.now }, { sessionId: ctx.actor.sessionId, userId: ctx.actor.user.id });
  return { signedOut: true };
}
