import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV } from '../../../test/workers/fixtures.ts';
import { createInvitation, INVITATION_TTL_MS, revokeInvitation } from '../members/invitations.ts';
import { addMember, auditOf, ctxAs, demoMember, withPolicy } from '../members/testing.ts';
import type { MembershipRole } from './schema.ts';
import { completeSignIn, SignInRefused, type VerifiedIdentity } from './sign-in.ts';

// Invitations as a sign-in path: Breslov runs invitation-only in this file (no auto-provisioning).
const owner = demoMember(BRESLOV, 'owner');
const T0 = new Date(Date.UTC(2026, 6, 1, 9));
const at = (ms: number) => new Date(T0.getTime() + ms);
const fresh = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@breslov.test`;

const byMagicLink = (email: string): VerifiedIdentity => ({ provider: 'magic_link', issuer: 'magic_link', subject: email, email, emailVerified: true, domainVerified: true });
const signIn = (email: string, now = at(60_000), school = BRESLOV) => completeSignIn({ ctx: ctxAs(school, null, { now }), input: byMagicLink(email) });

async function invite(email: string, role: MembershipRole = 'instructor', now = T0) {
  return (await createInvitation({ ctx: ctxAs(BRESLOV, owner.actor, { now }), input: { email, role } })).invitation;
}

async function membershipOf(userId: string) {
  return env.SCHOOL_BRESLOV.prepare('SELECT id, role, status FROM school_memberships WHERE school_id = ? AND user_id = ?').bind(BRESLOV.id, userId).first<{ id: string; role: string; status: string }>();
}

const inviteOnly = (body: () => Promise<void>) => withPolicy(BRESLOV, { autoProvision: false }, body);

describe('signing in with a pending invitation', () => {
  it('lets a brand-new person in when auto-provisioning is off, and accepts the invitation', () =>
    inviteOnly(async () => {
      const email = fresh('newcomer');
      const invitation = await invite(email, 'instructor');
      const result = await signIn(email);
      expect(result).toMatchObject({ user: { email }, membership: { role: 'instructor' }, invitationAccepted: true });
      expect(await membershipOf(result.user.id)).toEqual({ id: result.membership.id, role: 'instructor', status: 'active' });
      const row = await env.SCHOOL_BRESLOV.prepare('SELECT accepted_at, accepted_by FROM invitations WHERE id = ?').bind(invitation.id).first();
      expect(row).toEqual({ accepted_at: at(60_000).getTime(), accepted_by: result.user.id });
      expect((await auditOf(BRESLOV, invitation.id)).at(-1)).toEqual({
        actorUserId: result.user.id,
        action: 'invitation.accepted',
        entityType: 'invitation',
        entityId: invitation.id,
        metadata: { email, invitedRole: 'instructor', membershipId: result.membership.id, before: null, after: { role: 'instructor', status: 'active' } },
      });
      // Signing in again is an ordinary sign-in: the invitation is used up.
      expect(await signIn(email, at(120_000))).toMatchObject({ membership: { id: result.membership.id, role: 'instructor' }, invitationAccepted: false });
    }));

  it('without an invitation the same person is refused with a sentence', () =>
    inviteOnly(async () => {
      const email = fresh('stranger');
      await expect(signIn(email)).rejects.toBeInstanceOf(SignInRefused);
      await expect(signIn(email)).rejects.toThrow(`${email} is not a member of Breslov University. Ask a school admin for an invitation.`);
    }));

  it('an expired or revoked invitation opens nothing', () =>
    inviteOnly(async () => {
      const late = fresh('late');
      await invite(late, 'student');
      await expect(signIn(late, at(INVITATION_TTL_MS + 1))).rejects.toThrow(/Ask a school admin for an invitation/);

      const withdrawn = fresh('withdrawn');
      const invitation = await invite(withdrawn, 'student');
      await revokeInvitation({ ctx: ctxAs(BRESLOV, owner.actor, { now: at(1) }), input: { invitationId: invitation.id } });
      await expect(signIn(withdrawn)).rejects.toThrow(/Ask a school admin for an invitation/);
    }));

  it('does not get around the provider or domain rules', async () => {
    const email = fresh('outsider');
    await invite(email, 'student');
    await withPolicy(BRESLOV, { autoProvision: false, allowedProviders: ['google_oidc'] }, async () => {
      await expect(signIn(email)).rejects.toThrow(/does not offer sign-in with an email link/);
    });
    await withPolicy(BRESLOV, { autoProvision: false, requireDomainMatch: true, allowedDomains: ['breslov.edu'] }, async () => {
      await expect(signIn(email)).rejects.toThrow(/only accepts email addresses at breslov\.edu/);
    });
    const unverified = completeSignIn({ ctx: ctxAs(BRESLOV, null, { now: at(1) }), input: { ...byMagicLink(email), emailVerified: false } });
    await expect(unverified).rejects.toThrow(/not verified/);
    // Refusals leave the invitation pending for a sign-in the policy allows.
    expect(await signIn(email)).toMatchObject({ membership: { role: 'student' }, invitationAccepted: true });
  });

  it('lets a member of another school in, with the invited role here', () =>
    inviteOnly(async () => {
      const acmeStudent = demoMember(ACME, 'student');
      await invite(acmeStudent.email, 'admin');
      const result = await signIn(acmeStudent.email);
      expect(result).toMatchObject({ user: { id: acmeStudent.userId }, membership: { role: 'admin' }, invitationAccepted: true });
    }));

  it('re-activates a removed member with the invited role', () =>
    inviteOnly(async () => {
      const removed = await addMember(BRESLOV, 'admin', { status: 'removed' });
      await linkMagic(removed.userId, removed.email);
      await expect(signIn(removed.email)).rejects.toThrow(/membership of Breslov University has ended/);
      await invite(removed.email, 'student');
      const result = await signIn(removed.email);
      expect(result.membership).toEqual({ id: removed.membershipId, role: 'student' });
      expect(await membershipOf(removed.userId)).toEqual({ id: removed.membershipId, role: 'student', status: 'active' });
    }));

  it('an active member who signs in accepts a pending invitation, keeping the higher role', () =>
    inviteOnly(async () => {
      const email = fresh('promoted');
      await invite(email, 'instructor');
      const member = await addMember(BRESLOV, 'student', { email });
      await linkMagic(member.userId, email);
      const [first, second] = await Promise.all([signIn(email), signIn(email)]);
      expect([first.invitationAccepted, second.invitationAccepted].sort()).toEqual([false, true]);
      expect(first.membership).toEqual({ id: member.membershipId, role: 'instructor' });
      expect(second.membership).toEqual({ id: member.membershipId, role: 'instructor' });
      const accepted = (await env.SCHOOL_BRESLOV.prepare(`SELECT count(*) AS n FROM audit_logs WHERE action = 'invitation.accepted' AND json_extract(metadata, '$.email') = ?`).bind(email).first<{ n: number }>())!;
      expect(accepted.n).toBe(1);
    }));
});

describe('auto-provisioning', () => {
  it('audits the new membership with before and after', async () => {
    const email = fresh('walk-in');
    const result = await signIn(email);
    expect(result).toMatchObject({ membership: { role: 'student' }, invitationAccepted: false });
    expect(await auditOf(BRESLOV, result.membership.id)).toEqual([
      {
        actorUserId: result.user.id,
        action: 'membership.auto_provisioned',
        entityType: 'membership',
        entityId: result.membership.id,
        metadata: { email, provider: 'magic_link', before: null, after: { role: 'student', status: 'active' } },
      },
    ]);
  });

  it('activates a leftover invited-status row instead of duplicating it, and two first sign-ins at once make one membership', async () => {
    const leftover = await addMember(BRESLOV, 'student', { status: 'invited' });
    await linkMagic(leftover.userId, leftover.email);
    expect((await signIn(leftover.email)).membership).toEqual({ id: leftover.membershipId, role: 'student' });
    expect(await membershipOf(leftover.userId)).toEqual({ id: leftover.membershipId, role: 'student', status: 'active' });

    const acmeOwner = demoMember(ACME, 'owner');
    const [a, b] = await Promise.all([signIn(acmeOwner.email), signIn(acmeOwner.email)]);
    expect(a.membership).toEqual(b.membership);
    const audits = await env.SCHOOL_BRESLOV.prepare(`SELECT count(*) AS n FROM audit_logs WHERE action = 'membership.auto_provisioned' AND actor_user_id = ?`).bind(acmeOwner.userId).first<{ n: number }>();
    expect(audits!.n).toBe(1);
  });

  it('a removed member is not auto-provisioned back in', async () => {
    const removed = await addMember(BRESLOV, 'student', { status: 'removed' });
    await linkMagic(removed.userId, removed.email);
    await expect(signIn(removed.email)).rejects.toThrow(/membership of Breslov University has ended/);
    expect(await membershipOf(removed.userId)).toMatchObject({ status: 'removed' });
  });
});

async function linkMagic(userId: string, email: string) {
  await env.PLATFORM_DB.prepare(`INSERT INTO identity_links (id, user_id, provider, issuer, external_id, email, created_at) VALUES (?, ?, 'magic_link', 'magic_link', ?, ?, 0)`)
    .bind(crypto.randomUUID(), userId, email, email)
    .run();
}

describe('two first sign-ins of one person at once', () => {
  it('both succeed as the same new user instead of failing on the unique email', async () => {
    const email = fresh('twin-tabs');
    const [a, b] = await Promise.all([signIn(email), signIn(email)]);
    expect(a.user.id).toBe(b.user.id);
    expect(a.membership.id).toBe(b.membership.id);
    const { n } = (await env.PLATFORM_DB.prepare('SELECT count(*) AS n FROM users WHERE email = ?').bind(email).first<{ n: number }>())!;
    expect(n).toBe(1);
  });
});
