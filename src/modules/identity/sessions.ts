import { and, eq, gt, isNull } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { authSessions, type IDENTITY_PROVIDERS, users } from './schema.ts';

/** Idle sessions end after a week; every session ends after 30 days, however active. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
/** Sliding the idle expiry costs a write; do it at most this often per session. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

export type SessionUser = { id: string; email: string; displayName: string | null };
export type ValidSession = { id: string; user: SessionUser; provider: (typeof IDENTITY_PROVIDERS)[number] };

type SessionScope = { platformDb: PlatformDb; schoolId: string; hostname: string; now: Date };

/**
 * A new session bound to one school host. The token (256 bits) goes to the cookie; only its
 * SHA-256 is stored. Every sign-in makes a new one, so a planted token is never promoted.
 */
export async function createSession(
  scope: SessionScope,
  input: { userId: string; userEmail: string; provider: (typeof IDENTITY_PROVIDERS)[number]; userAgent?: string | null },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomToken();
  const now = scope.now.getTime();
  const expiresAt = new Date(now + SESSION_ABSOLUTE_MS);
  const [row] = await scope.platformDb
    .insert(authSessions)
    .values({
      tokenHash: await sha256Hex(token),
      userId: input.userId,
      userEmail: input.userEmail,
      provider: input.provider,
      schoolId: scope.schoolId,
      hostname: scope.hostname,
      createdAt: scope.now,
      lastSeenAt: scope.now,
      idleExpiresAt: new Date(Math.min(now + SESSION_IDLE_MS, expiresAt.getTime())),
      expiresAt,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: authSessions.id });
  return { token, sessionId: row!.id, expiresAt };
}

/**
 * The session for a cookie token, only if it was issued for this very school and host and
 * is neither revoked nor past its idle or absolute expiry. Slides the idle expiry.
 */
export async function validateSession(scope: SessionScope, token: string): Promise<ValidSession | null> {
  if (!token || token.length > 200) return null;
  const [row] = await scope.platformDb
    .select({
      id: authSessions.id,
      provider: authSessions.provider,
      lastSeenAt: authSessions.lastSeenAt,
      expiresAt: authSessions.expiresAt,
      user: { id: users.id, email: users.email, displayName: users.displayName },
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(
      and(
        eq(authSessions.tokenHash, await sha256Hex(token)),
        eq(authSessions.schoolId, scope.schoolId),
        eq(authSessions.hostname, scope.hostname),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, scope.now),
        gt(authSessions.idleExpiresAt, scope.now),
      ),
    )
    .limit(1);
  if (!row) return null;
  const now = scope.now.getTime();
  if (!row.lastSeenAt || now - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await scope.platformDb
      .update(authSessions)
      .set({ lastSeenAt: scope.now, idleExpiresAt: new Date(Math.min(now + SESSION_IDLE_MS, row.expiresAt.getTime())) })
      .where(eq(authSessions.id, row.id));
  }
  return { id: row.id, user: row.user, provider: row.provider };
}

export async function revokeSession(scope: Omit<SessionScope, 'hostname'>, input: { sessionId: string; userId: string }): Promise<boolean> {
  const revoked = await scope.platformDb
    .update(authSessions)
    .set({ revokedAt: scope.now })
    .where(
      and(
        eq(authSessions.id, input.sessionId),
        eq(authSessions.userId, input.userId),
        eq(authSessions.schoolId, scope.schoolId),
        isNull(authSessions.revokedAt),
      ),
    )
    .returning({ id: authSessions.id });
  return revoked.length > 0;
}

/** Ends every session a user has in one school (membership removed, role taken away). */
export async function revokeUserSessionsInSchool(scope: Omit<SessionScope, 'hostname'>, userId: string): Promise<void> {
  await scope.platformDb
    .update(authSessions)
    .set({ revokedAt: scope.now })
    .where(and(eq(authSessions.userId, userId), eq(authSessions.schoolId, scope.schoolId), isNull(authSessions.revokedAt)));
}

export async function listUserSessions(scope: Omit<SessionScope, 'hostname'>, userId: string) {
  return scope.platformDb
    .select({
      id: authSessions.id,
      hostname: authSessions.hostname,
      provider: authSessions.provider,
      createdAt: authSessions.createdAt,
      lastSeenAt: authSessions.lastSeenAt,
      expiresAt: authSessions.expiresAt,
      userAgent: authSessions.userAgent,
    })
    .from(authSessions)
    .where(
      and(
        eq(authSessions.userId, userId),
        eq(authSessions.schoolId, scope.schoolId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, scope.now),
        gt(authSessions.idleExpiresAt, scope.now),
      ),
    )
    .orderBy(authSessions.createdAt);
}
