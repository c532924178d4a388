import { and, inArray, lt } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { mailOutbox } from '../mail/schema.ts';
import { authHandoffs, authSessions, authStates, magicLinkTokens } from './schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Cron: single-use sign-in rows are worthless a day after they expire, ended sessions a month
 * after, finished mail a week after; deleting them keeps lookups small and tokens out of
 * storage. One batch, one round trip.
 */
export async function deleteExpiredSignInRows(db: PlatformDb, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS);
  await db.batch([
    db.delete(authStates).where(lt(authStates.expiresAt, dayAgo)),
    db.delete(authHandoffs).where(lt(authHandoffs.expiresAt, dayAgo)),
    db.delete(magicLinkTokens).where(lt(magicLinkTokens.expiresAt, dayAgo)),
    db.delete(authSessions).where(lt(authSessions.expiresAt, monthAgo)),
    // Finished mail (its links long expired) is kept a week for support, then dropped.
    db.delete(mailOutbox).where(and(inArray(mailOutbox.status, ['sent', 'failed']), lt(mailOutbox.createdAt, new Date(now.getTime() - 7 * DAY_MS)))),
  ]);
}
