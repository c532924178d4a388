import { env } from 'cloudflare:workers';
import { demoMembers } from '../../../scripts/lib/demo-schools.ts';
import { hostOf } from '../../../test/workers/fixtures.ts';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { schoolDbFor } from '../../platform/db/school-db.ts';
import type { Env } from '../../platform/env.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import type { Actor } from '../identity/actor.ts';
import type { SignInPolicy } from '../identity/policy.ts';
import { type MembershipRole, schoolAuthPolicies, schoolMemberships, users } from '../identity/schema.ts';
import { createSession } from '../identity/sessions.ts';
import { loadSignInPolicy } from '../identity/sign-in.ts';
import { brandFrom } from '../branding/brand.ts';
import { createInvitation } from './invitations.ts';

// Test helpers for the members module's service and route tests (workers project only).

type SchoolSpec = { id: string; slug: string; name: string; isPublic: boolean; d1Binding: string; brand: object };

export const platformDb = platformDbFor(env.PLATFORM_DB);
export const schoolDbOf = (school: SchoolSpec) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

export type Member = { userId: string; membershipId: string; email: string; role: MembershipRole; actor: Actor };

function actorOf(m: Omit<Member, 'actor'>, displayName: string | null): Actor {
  return { user: { id: m.userId, email: m.email, displayName }, sessionId: 'service-test', membership: { id: m.membershipId, role: m.role, titleLabel: null } };
}

/** One of the seeded demo members (owner, instructor, student). */
export function demoMember(school: SchoolSpec, role: 'owner' | 'instructor' | 'student'): Member {
  const m = demoMembers(school).find((d) => d.role === role)!;
  const base = { userId: m.userId, membershipId: m.membershipId, email: m.email, role };
  return { ...base, actor: actorOf(base, m.displayName) };
}

/** A fresh platform user with a membership (active unless told otherwise) in `school`. */
export async function addMember(
  school: SchoolSpec,
  role: MembershipRole,
  opts: { email?: string; status?: 'active' | 'invited' | 'removed'; displayName?: string | null } = {},
): Promise<Member> {
  const userId = crypto.randomUUID();
  const email = opts.email ?? `${role}-${userId.slice(0, 8)}@${school.slug}.test`;
  const displayName = opts.displayName === undefined ? `${role} ${userId.slice(0, 4)}` : opts.displayName;
  await platformDb.insert(users).values({ id: userId, email, displayName });
  const membershipId = crypto.randomUUID();
  const db = schoolDbOf(school);
  await db.db.insert(schoolMemberships).values(db.withSchool({ id: membershipId, userId, userEmail: email, role, status: opts.status ?? 'active' }));
  const base = { userId, membershipId, email, role };
  return { ...base, actor: actorOf(base, displayName) };
}

/** A platform user with no membership in any school. */
export async function addUser(email: string) {
  const id = crypto.randomUUID();
  await platformDb.insert(users).values({ id, email, displayName: null });
  return { id, email };
}

export type FakeQueue = { sent: unknown[]; send: (message: unknown) => Promise<void> };
export const fakeQueue = (): FakeQueue => {
  const sent: unknown[] = [];
  return { sent, send: async (message) => void sent.push(message) };
};

/** What a request on the school's host would hand a service, with the clock and bindings under the test's control. */
export function ctxAs(
  school: SchoolSpec,
  actor: Actor | null,
  opts: { now?: Date; env?: Record<string, unknown>; queue?: FakeQueue } = {},
): SchoolCtx {
  return {
    env: { ...env, EVENTS: opts.queue ?? fakeQueue(), ...opts.env } as unknown as Env,
    platformDb,
    school: { id: school.id, slug: school.slug, name: school.name, brand: brandFrom(school.brand), isPublic: school.isPublic, d1Binding: school.d1Binding, hostname: hostOf(school), primaryHostname: hostOf(school) },
    schoolDb: schoolDbOf(school),
    actor,
    now: opts.now ?? new Date(),
    origin: `http://${hostOf(school)}:8787`,
  };
}

/** A session cookie for a member, as a browser on the school's host would send it. */
export async function cookieOf(school: SchoolSpec, member: Pick<Member, 'userId' | 'email'>): Promise<string> {
  const { token } = await createSession(
    { platformDb, schoolId: school.id, hostname: hostOf(school), now: new Date() },
    { userId: member.userId, userEmail: member.email, provider: 'magic_link' },
  );
  return `lectern_session=${token}`;
}

/** Audit rows for one entity, oldest first. */
export async function auditOf(school: SchoolSpec, entityId: string) {
  const d1 = env[school.d1Binding as 'SCHOOL_BRESLOV'];
  const { results } = await d1
    .prepare('SELECT actor_user_id, action, entity_type, entity_id, metadata FROM audit_logs WHERE school_id = ? AND entity_id = ? ORDER BY created_at, rowid')
    .bind(school.id, entityId)
    .all<{ actor_user_id: string; action: string; entity_type: string; entity_id: string; metadata: string }>();
  return results.map((r) => ({ actorUserId: r.actor_user_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, metadata: JSON.parse(r.metadata) }));
}

/** Runs `body` with the school's sign-in policy changed, then puts the stored one back. */
export async function withPolicy(school: SchoolSpec, change: Partial<SignInPolicy>, body: () => Promise<void>): Promise<void> {
  const db = schoolDbOf(school);
  const before = await loadSignInPolicy({ schoolDb: db });
  const write = (p: SignInPolicy) =>
    db.db.insert(schoolAuthPolicies).values(db.withSchool(p)).onConflictDoUpdate({ target: schoolAuthPolicies.schoolId, set: p });
  await write({ ...before, ...change });
  try {
    await body();
  } finally {
    await write(before);
  }
}

export const uniqueEmail = (tag: string, school: { slug: string } = { slug: 'breslov' }) => `${tag}-${crypto.randomUUID().slice(0, 8)}@${school.slug}.test`;

/** Invites through the service and returns the token from the mailed link, as the invitee would get it. */
export async function inviteBy(school: SchoolSpec, by: Member, email: string, role: MembershipRole = 'instructor', now = new Date()) {
  const queue = fakeQueue();
  const { invitation } = await createInvitation({ ctx: ctxAs(school, by.actor, { now, queue }), input: { email, role } });
  const mail = await env.PLATFORM_DB.prepare('SELECT * FROM mail_outbox WHERE id = ?')
    .bind((queue.sent[0] as { mailId: string }).mailId)
    .first<{ id: string; text_body: string } & Record<string, unknown>>();
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;
  return { invitation, token, mail: mail!, queue };
}
