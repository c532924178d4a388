import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { Forbidden, Unauthorized } from '../../platform/errors.ts';
import type { AppEnv } from '../../platform/hono.ts';
import { hasRole } from './roles.ts';
import { type MembershipRole, schoolMemberships } from './schema.ts';
import { readSessionCookie } from './session-cookie.ts';
import { type SessionUser, validateSession } from './sessions.ts';

/** Who is making a request on a school host: a signed-in user with an active membership. */
export type Actor = {
  user: SessionUser;
  sessionId: string;
  membership: { id: string; role: MembershipRole; titleLabel: string | null };
};

/**
 * Reads the session cookie on school hosts. No cookie costs nothing; a cookie costs one
 * platform and one school query. A session whose membership is gone is no actor at all.
 */
export const loadActor = createMiddleware<AppEnv>(async (c, next) => {
  c.set('actor', null);
  const host = c.get('host');
  const token = host.kind === 'school' ? readSessionCookie(c) : undefined;
  if (host.kind === 'school' && token) {
    const now = c.get('now');
    const session = await validateSession(
      { platformDb: c.get('platformDb'), schoolId: host.school.id, hostname: host.school.hostname, now },
      token,
    );
    if (session) {
      const { db, scoped } = host.schoolDb;
      const [membership] = await db
        .select({ id: schoolMemberships.id, role: schoolMemberships.role, titleLabel: schoolMemberships.titleLabel })
        .from(schoolMemberships)
        .where(scoped(schoolMemberships, eq(schoolMemberships.userId, session.user.id), eq(schoolMemberships.status, 'active')))
        .limit(1);
      if (membership) c.set('actor', { user: session.user, sessionId: session.id, membership });
    }
  }
  return next();
});

/** First line of every service verb that needs a signed-in member. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new Unauthorized();
  return actor;
}

/** First line of every service verb reserved to a role (or above). */
export function requireRole(actor: Actor | null, minimum: MembershipRole): Actor {
  const signedIn = requireActor(actor);
  if (!hasRole(signedIn.membership.role, minimum)) {
    const role = signedIn.membership.role;
    throw new Forbidden(`This needs the ${minimum} role or above; you are ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}.`);
  }
  return signedIn;
}
