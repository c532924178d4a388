import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { demoMembers } from '../../../scripts/lib/demo-schools.ts';
import { ACME, BRESLOV, hostOf } from '../../../test/workers/fixtures.ts';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { createSession, revokeSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, validateSession } from './sessions.ts';

const platformDb = platformDbFor(env.PLATFORM_DB);
const student = demoMembers(BRESLOV).find((m) => m.role === 'student')!;
const HOUR = 60 * 60 * 1000;
const scopeAt = (now: number, school = BRESLOV, hostname = hostOf(BRESLOV)) => ({ platformDb, schoolId: school.id, hostname, now: new Date(now) });
const start = Date.UTC(2026, 0, 1);

async function newSession(now = start) {
  return createSession(scopeAt(now), { userId: student.userId, userEmail: student.email, provider: 'magic_link' });
}

describe('sessions', () => {
  it('store only a hash of a 256-bit token', async () => {
    const { token, sessionId } = await newSession();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await env.PLATFORM_DB.prepare('SELECT token_hash FROM auth_sessions WHERE id = ?').bind(sessionId).first<{ token_hash: string }>();
    expect(row?.token_hash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('are worthless on another school or another host of the same school', async () => {
    const { token } = await newSession();
    expect(await validateSession(scopeAt(start + 1), token)).toMatchObject({ user: { id: student.userId } });
    expect(await validateSession(scopeAt(start + 1, ACME, hostOf(ACME)), token)).toBeNull();
    expect(await validateSession(scopeAt(start + 1, BRESLOV, 'learn.breslov.test'), token)).toBeNull();
  });

  it('slide their idle expiry with use', async () => {
    const { token } = await newSession();
    let now = start;
    for (let i = 0; i < 4; i++) {
      now += SESSION_IDLE_MS - HOUR; // used just before going idle, four times: 28 days in all
      expect(await validateSession(scopeAt(now), token)).not.toBeNull();
    }
  });

  it('end after the idle timeout', async () => {
    const { token } = await newSession();
    expect(await validateSession(scopeAt(start + SESSION_IDLE_MS + 1), token)).toBeNull();
  });

  it('end at the absolute lifetime however active', async () => {
    const { token } = await newSession();
    let now = start;
    while (now + 2 * 24 * HOUR < start + SESSION_ABSOLUTE_MS) {
      now += 2 * 24 * HOUR;
      expect(await validateSession(scopeAt(now), token)).not.toBeNull();
    }
    expect(await validateSession(scopeAt(start + SESSION_ABSOLUTE_MS + 1), token)).toBeNull();
  });

  it('end when revoked, and only by their owner', async () => {
    const { token, sessionId } = await newSession();
    const other = demoMembers(BRESLOV).find((m) => m.role === 'owner')!;
    expect(await revokeSession(scopeAt(start + 1), { sessionId, userId: other.userId })).toBe(false);
    expect(await revokeSession(scopeAt(start + 1), { sessionId, userId: student.userId })).toBe(true);
    expect(await validateSession(scopeAt(start + 2), token)).toBeNull();
  });

  it('reject garbage tokens without a query error', async () => {
    for (const token of ['', 'x', 'a'.repeat(5000), "' OR 1=1 --"]) expect(await validateSession(scopeAt(start), token)).toBeNull();
  });
});
