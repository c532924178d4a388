import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV } from '../../../test/workers/fixtures.ts';
import { Forbidden, NotFound } from '../../platform/errors.ts';
import { acceptInvitation, lookupInvitation } from './accept.ts';
import { INVITATION_TTL_MS, revokeInvitation } from './invitations.ts';
import { addMember, auditOf, ctxAs, demoMember, inviteBy, uniqueEmail } from './testing.ts';

const owner = demoMember(BRESLOV, 'owner');
const T0 = new Date(Date.UTC(2026, 5, 1, 12));
const at = (ms: number) => new Date(T0.getTime() + ms);
const invite = (email: string, role: 'instructor' | 'student') => inviteBy(BRESLOV, owner, email, role, T0);

describe('acceptInvitation (signed-in members)', () => {
  /**
   * A Breslov member with a pending invitation for their own address. Inviting an active
   * member is refused, so the invitation comes first and the membership after (as when
   * someone joined another way while their invitation was still out).
   */
  async function invitedMember(current: 'student' | 'admin', invitedAs: 'instructor' | 'student') {
    const email = uniqueEmail(current);
    const { token, invitation } = await invite(email, invitedAs);
    const member = await addMember(BRESLOV, current, { email });
    return { member, token, invitation };
  }

  it('raises the role, marks the invitation accepted and audits with before/after', async () => {
    const { member, token, invitation } = await invitedMember('student', 'instructor');
    const result = await acceptInvitation({ ctx: ctxAs(BRESLOV, member.actor, { now: at(60_000) }), input: { token } });
    expect(result.membership).toEqual({ id: member.membershipId, role: 'instructor' });
    expect(await lookupInvitation({ ctx: ctxAs(BRESLOV, null, { now: at(60_001) }), input: { token } })).toMatchObject({ status: 'accepted' });
    const accepted = (await auditOf(BRESLOV, invitation.id)).find((a) => a.action === 'invitation.accepted');
    expect(accepted).toEqual({
      actorUserId: member.userId,
      action: 'invitation.accepted',
      entityType: 'invitation',
      entityId: invitation.id,
      metadata: { email: member.email, invitedRole: 'instructor', membershipId: member.membershipId, before: { role: 'student', status: 'active' }, after: { role: 'instructor', status: 'active' } },
    });
  });

  it('keeps the higher role when the invitation is for a lower one', async () => {
    const { member, token } = await invitedMember('admin', 'student');
    expect((await acceptInvitation({ ctx: ctxAs(BRESLOV, member.actor, { now: at(1) }), input: { token } })).membership.role).toBe('admin');
  });

  it('someone signed in with another address gets a 403 naming the invited address', async () => {
    const { token, invitation } = await invitedMember('student', 'instructor');
    const other = demoMember(BRESLOV, 'student');
    const accept = acceptInvitation({ ctx: ctxAs(BRESLOV, other.actor, { now: at(1) }), input: { token } });
    await expect(accept).rejects.toBeInstanceOf(Forbidden);
    await expect(accept).rejects.toThrow(`This invitation is for ${invitation.email}, but you are signed in as student@breslov.test.`);
  });

  it('expires after 7 days (clock injected)', async () => {
    const { member, token } = await invitedMember('student', 'instructor');
    const later = at(INVITATION_TTL_MS + 1);
    await expect(acceptInvitation({ ctx: ctxAs(BRESLOV, member.actor, { now: later }), input: { token } })).rejects.toThrow(/has expired/);
    expect(await lookupInvitation({ ctx: ctxAs(BRESLOV, null, { now: later }), input: { token } })).toMatchObject({ status: 'expired' });
    expect((await acceptInvitation({ ctx: ctxAs(BRESLOV, member.actor, { now: at(INVITATION_TTL_MS - 1) }), input: { token } })).membership.role).toBe('instructor');
  });

  it('a revoked invitation cannot be accepted', async () => {
    const { member, token, invitation } = await invitedMember('student', 'instructor');
    await revokeInvitation({ ctx: ctxAs(BRESLOV, owner.actor, { now: at(1) }), input: { invitationId: invitation.id } });
    await expect(acceptInvitation({ ctx: ctxAs(BRESLOV, member.actor, { now: at(2) }), input: { token } })).rejects.toThrow(/withdrawn/);
  });

  it('is single use: two concurrent accepts claim it once', async () => {
    const { member, token, invitation } = await invitedMember('student', 'instructor');
    const ctx = ctxAs(BRESLOV, member.actor, { now: at(10) });
    const results = await Promise.all([acceptInvitation({ ctx, input: { token } }), acceptInvitation({ ctx, input: { token } })]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.map((r) => r.membership)).toEqual([
      { id: member.membershipId, role: 'instructor' },
      { id: member.membershipId, role: 'instructor' },
    ]);
    expect((await auditOf(BRESLOV, invitation.id)).filter((a) => a.action === 'invitation.accepted')).toHaveLength(1);
  });

  it('unknown tokens and other schools’ tokens are not found; signed-out callers are 401', async () => {
    // Acme invites Breslov's student: the token works on Acme's host and nowhere else.
    const acme = await inviteBy(ACME, demoMember(ACME, 'owner'), 'student@breslov.test', 'admin');
    expect(await lookupInvitation({ ctx: ctxAs(ACME, null), input: { token: acme.token } })).toMatchObject({ schoolName: 'Acme Academy', status: 'pending' });
    const ctx = ctxAs(BRESLOV, demoMember(BRESLOV, 'student').actor);
    await expect(lookupInvitation({ ctx, input: { token: acme.token } })).rejects.toBeInstanceOf(NotFound);
    await expect(acceptInvitation({ ctx, input: { token: acme.token } })).rejects.toBeInstanceOf(NotFound);
    await expect(lookupInvitation({ ctx, input: { token: 'made-up' } })).rejects.toBeInstanceOf(NotFound);
    await expect(lookupInvitation({ ctx, input: {} })).rejects.toBeInstanceOf(NotFound);
    await expect(acceptInvitation({ ctx, input: { token: 'made-up' } })).rejects.toBeInstanceOf(NotFound);
    await expect(acceptInvitation({ ctx: ctxAs(BRESLOV, null), input: { token: 'made-up' } })).rejects.toThrow('Sign in to continue.');
  });
});
