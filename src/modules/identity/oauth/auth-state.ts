import { and, eq, gt, isNull } from 'drizzle-orm';
import { generateCodeVerifier, generateState } from 'arctic';
import type { PlatformDb } from '../../../platform/db/platform-db.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import { authHandoffs, authStates } from '../schema.ts';
import type { OAuthProvider } from './providers.ts';

export const AUTH_STATE_TTL_MS = 10 * 60 * 1000;
export const HANDOFF_TTL_MS = 60 * 1000;

/**
 * One OAuth attempt: a 256-bit `state` (only its hash is the row id, so a database read does
 * not let anyone finish someone else's sign-in) and the PKCE verifier, single use, 10 minutes.
 */
export async function recordAuthState(
  db: PlatformDb,
  input: { provider: OAuthProvider; schoolId: string; hostname: string; returnTo: string; now: Date },
): Promise<{ state: string; codeVerifier: string }> {
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  await db.insert(authStates).values({
    id: await sha256Hex(state),
    provider: input.provider,
    codeVerifier,
    schoolId: input.schoolId,
    hostname: input.hostname,
    returnTo: input.returnTo,
    expiresAt: new Date(input.now.getTime() + AUTH_STATE_TTL_MS),
    createdAt: input.now,
  });
  return { state, codeVerifier };
}

/**
 * Marks the state used and returns it, in one statement so two callbacks racing with the
 * same state cannot both win. Unknown, expired, used and other-provider states all give null
 * (a state minted for another provider is left untouched for its own callback).
 */
export async function claimAuthState(db: PlatformDb, input: { state: string; provider: OAuthProvider; now: Date }) {
  const [claimed] = await db
    .update(authStates)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(authStates.id, await sha256Hex(input.state)),
        eq(authStates.provider, input.provider),
        isNull(authStates.usedAt),
        gt(authStates.expiresAt, input.now),
      ),
    )
    .returning();
  return claimed ?? null;
}

/*
 * Handoff codes are bound to the browser that started the sign-in, as well as to school,
 * user and host: the stored hash covers the code *and* the state, which the school host keeps
 * in a host-only cookie from /start. Someone who lures a victim to their own callback URL
 * (login CSRF) gets a code the victim's browser cannot redeem.
 */
const handoffHash = (code: string, browserBinding: string) => sha256Hex(`${code}.${browserBinding}`);

export async function createHandoff(
  db: PlatformDb,
  input: { userId: string; provider: OAuthProvider; schoolId: string; hostname: string; returnTo: string; browserBinding: string; now: Date },
): Promise<string> {
  const code = generateState();
  await db.insert(authHandoffs).values({
    codeHash: await handoffHash(code, input.browserBinding),
    userId: input.userId,
    provider: input.provider,
    schoolId: input.schoolId,
    hostname: input.hostname,
    returnTo: input.returnTo,
    expiresAt: new Date(input.now.getTime() + HANDOFF_TTL_MS),
    createdAt: input.now,
  });
  return code;
}

/** Single use, like the state: claimed in the statement that checks it. */
export async function claimHandoff(
  db: PlatformDb,
  input: { code: string; browserBinding: string; schoolId: string; hostname: string; now: Date },
) {
  const [claimed] = await db
    .update(authHandoffs)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(authHandoffs.codeHash, await handoffHash(input.code, input.browserBinding)),
        eq(authHandoffs.schoolId, input.schoolId),
        eq(authHandoffs.hostname, input.hostname),
        isNull(authHandoffs.usedAt),
        gt(authHandoffs.expiresAt, input.now),
      ),
    )
    .returning({ userId: authHandoffs.userId, provider: authHandoffs.provider, returnTo: authHandoffs.returnTo });
  return claimed ?? null;
}
