import { describe, expect, it } from 'vitest';
import { ACME, BRESLOV, hostOf } from '../../../test/workers/fixtures.ts';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.ts';
import type { MembershipRole } from '../identity/schema.ts';
import { createSession, validateSession } from '../identity/sessions.ts';
import { changeMemberRole, listMembers, removeMember } from './service.ts';
import { addMember, auditOf, ctxAs, demoMember, platformDb } from './testing.ts';

const ROLES: MembershipRole[] = ['owner', 'admin', 'instructor', 'student'];

describe('listMembers', () => {
  it('lists active members with their names from the platform, not removed ones', async () => {
    const named = await addMember(BRESLOV, 'instructor', { displayName: 'Rivka Levi' });
    const gone = await addMember(BRESLOV, 'student', { status: 'removed' });
    const { members } = await listMembers({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor) });
    expect(members.find((m) => m.id === named.membershipId)).toMatchObject({
      userId: named.userId,
      email: named.email,
      displayName: 'Rivka Levi',
      role: 'instructor',
      titleLabel: null,
      status: 'active',
    });
    expect(members.some((m) => m.id === gone.membershipId)).toBe(false);
    expect(members.every((m) => m.status === 'active')).toBe(true);
    expect(members.map((m) => m.email)).not.toContain('owner@acme.test');
  });

  it('looks names up in chunks, so more than 100 members stay under D1’s bound-parameter limit', async () => {
    const many = await Promise.all(Array.from({ length: 130 }, (_, i) => addMember(ACME, 'student', { displayName: `Student ${i}` })));
    const { members } = await listMembers({ ctx: ctxAs(ACME, demoMember(ACME, 'owner').actor) });
    const byId = new Map(members.map((m) => [m.id, m]));
    for (const [i, m] of many.entries()) expect(byId.get(m.membershipId)?.displayName).toBe(`Student ${i}`);
  });

  it('is for admins and owners only', async () => {
    await expect(listMembers({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'instructor').actor) })).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('changeMemberRole: who may change what', () => {
  // [actor role, target's role, new role] → allowed?
  const matrix: [MembershipRole, MembershipRole, MembershipRole, boolean][] = [];
  for (const actor of ['owner', 'admin'] as const)
    for (const from of ROLES)
      for (const to of ROLES) {
        if (from === to) continue;
        matrix.push([actor, from, to, actor === 'owner' || (from !== 'owner' && to !== 'owner')]);
      }

  it.each(matrix)('%s changing a %s to %s → allowed: %s', async (actorRole, from, to, allowed) => {
    const actor = await addMember(BRESLOV, actorRole);
    const target = await addMember(BRESLOV, from);
    const ctx = ctxAs(BRESLOV, actor.actor);
    const change = changeMemberRole({ ctx, input: { membershipId: target.membershipId, role: to } });
    if (!allowed) {
      await expect(change).rejects.toThrow(/Only an owner can make someone an owner or change an owner’s role/);
      expect(await auditOf(BRESLOV, target.membershipId)).toEqual([]);
      return;
    }
    const { member } = await change;
    expect(member).toMatchObject({ id: target.membershipId, role: to, email: target.email, status: 'active' });
    expect(await auditOf(BRESLOV, target.membershipId)).toEqual([
      {
        actorUserId: actor.userId,
        action: 'membership.role_changed',
        entityType: 'membership',
        entityId: target.membershipId,
        metadata: { email: target.email, before: { role: from }, after: { role: to } },
      },
    ]);
  });

  it('instructors and students may not change roles at all', async () => {
    const target = await addMember(BRESLOV, 'student');
    for (const role of ['instructor', 'student'] as const) {
      await expect(
        changeMemberRole({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, role).actor), input: { membershipId: target.membershipId, role: 'instructor' } }),
      ).rejects.toBeInstanceOf(Forbidden);
    }
  });

  it('setting the same role changes nothing and writes no audit row', async () => {
    const target = await addMember(BRESLOV, 'instructor');
    const { member } = await changeMemberRole({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor), input: { membershipId: target.membershipId, role: 'instructor' } });
    expect(member.role).toBe('instructor');
    expect(await auditOf(BRESLOV, target.membershipId)).toEqual([]);
  });

  it('rejects an unknown role with a sentence, and another school’s or a removed member as not found', async () => {
    const ctx = ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor);
    const target = await addMember(BRESLOV, 'student');
    await expect(changeMemberRole({ ctx, input: { membershipId: target.membershipId, role: 'superuser' } })).rejects.toThrow(/Choose a role/);
    await expect(changeMemberRole({ ctx, input: { membershipId: demoMember(ACME, 'student').membershipId, role: 'instructor' } })).rejects.toBeInstanceOf(NotFound);
    const removed = await addMember(BRESLOV, 'student', { status: 'removed' });
    await expect(changeMemberRole({ ctx, input: { membershipId: removed.membershipId, role: 'instructor' } })).rejects.toBeInstanceOf(NotFound);
  });
});

// Acme keeps exactly one owner (its demo owner) in this file, so these are real last-owner cases.
describe('the last owner', () => {
  const owner = demoMember(ACME, 'owner');

  it('cannot be demoted, even by themselves (409 with a sentence)', async () => {
    const change = changeMemberRole({ ctx: ctxAs(ACME, owner.actor), input: { membershipId: owner.membershipId, role: 'admin' } });
    await expect(change).rejects.toBeInstanceOf(Conflict);
    await expect(change).rejects.toThrow('owner@acme.test is the school’s only owner. Make someone else an owner first, then change this role.');
    expect(await auditOf(ACME, owner.membershipId)).toEqual([]);
  });

  it('cannot be removed, even by themselves', async () => {
    await expect(removeMember({ ctx: ctxAs(ACME, owner.actor), input: { membershipId: owner.membershipId } })).rejects.toThrow(/only owner/);
  });

  it('two owners demoting each other at once leave one owner', async () => {
    const second = await addMember(ACME, 'owner');
    const results = await Promise.allSettled([
      changeMemberRole({ ctx: ctxAs(ACME, owner.actor), input: { membershipId: second.membershipId, role: 'admin' } }),
      changeMemberRole({ ctx: ctxAs(ACME, second.actor), input: { membershipId: owner.membershipId, role: 'admin' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { members } = await listMembers({ ctx: ctxAs(ACME, owner.actor) });
    expect(members.filter((m) => m.role === 'owner')).toHaveLength(1);
    // Put Acme back to its single demo owner for the cases above and below.
    const remaining = members.find((m) => m.role === 'owner')!;
    if (remaining.id !== owner.membershipId) {
      await changeMemberRole({ ctx: ctxAs(ACME, second.actor), input: { membershipId: owner.membershipId, role: 'owner' } });
      await changeMemberRole({ ctx: ctxAs(ACME, owner.actor), input: { membershipId: second.membershipId, role: 'admin' } });
    }
  });

  it('can step down once there is another owner', async () => {
    const successor = await addMember(ACME, 'admin');
    await changeMemberRole({ ctx: ctxAs(ACME, owner.actor), input: { membershipId: successor.membershipId, role: 'owner' } });
    const { member } = await changeMemberRole({ ctx: ctxAs(ACME, owner.actor), input: { membershipId: owner.membershipId, role: 'admin' } });
    expect(member.role).toBe('admin');
    await changeMemberRole({ ctx: ctxAs(ACME, { ...successor.actor, membership: { ...successor.actor.membership, role: 'owner' } }), input: { membershipId: owner.membershipId, role: 'owner' } });
  });
});

describe('removeMember', () => {
  it('marks the membership removed, revokes the person’s sessions in this school only, and audits', async () => {
    const admin = await addMember(BRESLOV, 'admin');
    const target = await addMember(BRESLOV, 'student');
    const scope = { platformDb, schoolId: BRESLOV.id, hostname: hostOf(BRESLOV), now: new Date() };
    const { token } = await createSession(scope, { userId: target.userId, userEmail: target.email, provider: 'magic_link' });
    const acmeScope = { platformDb, schoolId: ACME.id, hostname: hostOf(ACME), now: new Date() };
    const acmeSession = await createSession(acmeScope, { userId: target.userId, userEmail: target.email, provider: 'magic_link' });

    expect(await removeMember({ ctx: ctxAs(BRESLOV, admin.actor), input: { membershipId: target.membershipId } })).toEqual({ removed: true });
    expect(await validateSession({ ...scope, now: new Date() }, token)).toBeNull();
    expect(await validateSession({ ...acmeScope, now: new Date() }, acmeSession.token)).not.toBeNull();
    const { members } = await listMembers({ ctx: ctxAs(BRESLOV, admin.actor) });
    expect(members.some((m) => m.id === target.membershipId)).toBe(false);
    expect(await auditOf(BRESLOV, target.membershipId)).toEqual([
      {
        actorUserId: admin.userId,
        action: 'membership.removed',
        entityType: 'membership',
        entityId: target.membershipId,
        metadata: { email: target.email, before: { role: 'student', status: 'active' }, after: { role: 'student', status: 'removed' } },
      },
    ]);
    await expect(removeMember({ ctx: ctxAs(BRESLOV, admin.actor), input: { membershipId: target.membershipId } })).rejects.toBeInstanceOf(NotFound);
  });

  it('admins cannot remove owners; owners can; anyone may remove themselves', async () => {
    const admin = await addMember(BRESLOV, 'admin');
    const extraOwner = await addMember(BRESLOV, 'owner');
    await expect(removeMember({ ctx: ctxAs(BRESLOV, admin.actor), input: { membershipId: extraOwner.membershipId } })).rejects.toThrow('Only an owner can remove an owner.');
    await removeMember({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor), input: { membershipId: extraOwner.membershipId } });
    expect(await removeMember({ ctx: ctxAs(BRESLOV, admin.actor), input: { membershipId: admin.membershipId } })).toEqual({ removed: true });
  });

  it('is not for instructors, and another school’s member is not found', async () => {
    const target = await addMember(BRESLOV, 'student');
    await expect(removeMember({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'instructor').actor), input: { membershipId: target.membershipId } })).rejects.toBeInstanceOf(Forbidden);
    await expect(
      removeMember({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor), input: { membershipId: demoMember(ACME, 'student').membershipId } }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});
