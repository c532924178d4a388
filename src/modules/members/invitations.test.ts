import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { ACME, BRESLOV } from '../../../test/workers/fixtures.ts';
import { sha256Hex } from '../../platform/crypto.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { acceptInvitation, lookupInvitation } from './accept.ts';
import { createInvitation, INVITATION_TTL_MS, listInvitations, revokeInvitation } from './invitations.ts';
import type { MembershipRole } from '../identity/schema.ts';
import { addMember, auditOf, ctxAs, demoMember, fakeQueue, inviteBy, type Member, uniqueEmail, withPolicy } from './testing.ts';

const owner = demoMember(BRESLOV, 'owner');
const T0 = new Date(Date.UTC(2026, 5, 1, 12));
const at = (ms: number) => new Date(T0.getTime() + ms);

const invite = (email: string, role?: MembershipRole, opts: { as?: Member; now?: Date } = {}) => inviteBy(BRESLOV, opts.as ?? owner, email, role, opts.now ?? T0);

describe('createInvitation', () => {
  it('stores only the token’s hash, expires in 7 days, mails a link on the school’s stored host and enqueues delivery', async () => {
    const email = uniqueEmail('new');
    const { invitation, token, mail, queue } = await invite(email.toUpperCase());
    expect(invitation).toEqual({
      id: expect.any(String),
      email,
      role: 'instructor',
      status: 'pending',
      invitedBy: 'owner@breslov.test',
      expiresAt: at(INVITATION_TTL_MS),
      createdAt: T0,
      acceptedAt: null,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await env.SCHOOL_BRESLOV.prepare('SELECT * FROM invitations WHERE id = ?').bind(invitation.id).first<Record<string, unknown>>();
    expect(row!.token_hash).toBe(await sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row!.invited_by).toBe(owner.userId);
    expect(mail).toMatchObject({ kind: 'invitation', to_address: email, school_id: BRESLOV.id, status: 'pending', from_address: 'no-reply@localhost' });
    expect(mail.subject).toBe('You are invited to join Breslov University');
    expect(mail.text_body).toContain(`http://breslov.localhost:8787/invitations/accept?token=${token}`);
    expect(mail.text_body).toContain('as an instructor');
    expect(queue.sent).toEqual([{ type: 'mail.deliver', mailId: mail.id }]);
    expect(await auditOf(BRESLOV, invitation.id)).toEqual([
      {
        actorUserId: owner.userId,
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        metadata: { email, before: null, after: { role: 'instructor', status: 'pending', expiresAt: at(INVITATION_TTL_MS).toISOString() } },
      },
    ]);
  });

  it('links to the stored primary hostname, never the host the request came in on', async () => {
    const queue = fakeQueue();
    const ctx = ctxAs(BRESLOV, owner.actor, { now: T0, queue });
    const spoofed = { ...ctx, school: { ...ctx.school, hostname: 'evil.example' }, origin: 'https://evil.example' };
    await createInvitation({ ctx: spoofed, input: { email: uniqueEmail('host'), role: 'student' } });
    const mail = await env.PLATFORM_DB.prepare('SELECT text_body FROM mail_outbox WHERE id = ?').bind((queue.sent[0] as { mailId: string }).mailId).first<{ text_body: string }>();
    expect(mail!.text_body).toMatch(/https:\/\/breslov\.localhost\/invitations\/accept\?token=/);
    expect(mail!.text_body).not.toContain('evil.example');
  });

  it('only owners invite owners; admins invite the rest', async () => {
    const admin = await addMember(BRESLOV, 'admin');
    await expect(invite(uniqueEmail('o'), 'owner', { as: admin })).rejects.toThrow('Only an owner can invite another owner.');
    expect((await invite(uniqueEmail('a'), 'admin', { as: admin })).invitation.role).toBe('admin');
    expect((await invite(uniqueEmail('o'), 'owner')).invitation.role).toBe('owner');
    await expect(invite(uniqueEmail('x'), 'student', { as: demoMember(BRESLOV, 'instructor') })).rejects.toBeInstanceOf(Forbidden);
  });

  it('refuses an address that is already an active member (409), and bad input with a sentence', async () => {
    await expect(invite('student@breslov.test')).rejects.toThrow(/student@breslov\.test is already a member of Breslov University \(student\)/);
    await expect(invite('student@breslov.test')).rejects.toBeInstanceOf(Conflict);
    await expect(invite('not-an-address')).rejects.toThrow(/Enter a valid email address/);
  });

  it('refuses an address the sign-in policy would turn away', async () => {
    await withPolicy(ACME, { allowedDomains: ['acme.example'], requireDomainMatch: true, autoProvision: false }, async () => {
      const ctx = ctxAs(ACME, demoMember(ACME, 'owner').actor);
      await expect(createInvitation({ ctx, input: { email: 'pat@gmail.com', role: 'student' } })).rejects.toBeInstanceOf(Invalid);
      await expect(createInvitation({ ctx, input: { email: 'pat@gmail.com', role: 'student' } })).rejects.toThrow(/only accepts sign-in from addresses at acme\.example/);
      expect((await createInvitation({ ctx, input: { email: 'pat@acme.example', role: 'student' } })).invitation.status).toBe('pending');
    });
  });

  it('re-inviting revokes the older pending invitation', async () => {
    const email = uniqueEmail('again');
    const first = await invite(email, 'student');
    const second = await invite(email, 'instructor', { now: at(1000) });
    const ctx = ctxAs(BRESLOV, null, { now: at(2000) });
    expect(await lookupInvitation({ ctx, input: { token: first.token } })).toMatchObject({ status: 'revoked' });
    expect(await lookupInvitation({ ctx, input: { token: second.token } })).toEqual({ schoolName: 'Breslov University', email, role: 'instructor', status: 'pending' });
    expect((await auditOf(BRESLOV, first.invitation.id)).map((a) => [a.action, a.metadata.before, a.metadata.after])).toEqual([
      ['invitation.created', null, { role: 'student', status: 'pending', expiresAt: at(INVITATION_TTL_MS).toISOString() }],
      ['invitation.revoked', { role: 'student', status: 'pending' }, { role: 'student', status: 'revoked', replacedBy: second.invitation.id }],
    ]);
  });

  it('still answers when the queue is down: the outbox sweep delivers later', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const ctx = ctxAs(BRESLOV, owner.actor, { queue: { sent: [], send: async () => Promise.reject(new Error('queue unavailable')) } });
    expect((await createInvitation({ ctx, input: { email: uniqueEmail('q'), role: 'student' } })).invitation.status).toBe('pending');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('listInvitations and revokeInvitation', () => {
  it('lists every status newest first, and revoking stops the link', async () => {
    const { invitation, token } = await invite(uniqueEmail('rev'), 'student');
    const ctx = ctxAs(BRESLOV, owner.actor, { now: at(5000) });
    expect(await revokeInvitation({ ctx, input: { invitationId: invitation.id } })).toEqual({ revoked: true });
    expect(await revokeInvitation({ ctx, input: { invitationId: invitation.id } })).toEqual({ revoked: true });
    const { invitations } = await listInvitations({ ctx });
    expect(invitations.find((i) => i.id === invitation.id)).toMatchObject({ status: 'revoked', invitedBy: 'owner@breslov.test' });
    expect(await lookupInvitation({ ctx, input: { token } })).toMatchObject({ status: 'revoked' });
    const audits = await auditOf(BRESLOV, invitation.id);
    expect(audits.filter((a) => a.action === 'invitation.revoked')).toEqual([
      expect.objectContaining({ actorUserId: owner.userId, metadata: expect.objectContaining({ before: { role: 'student', status: 'pending' }, after: { role: 'student', status: 'revoked' } }) }),
    ]);
  });

  it('another school’s invitation is not found; an accepted one cannot be revoked', async () => {
    const acmeInvite = await createInvitation({ ctx: ctxAs(ACME, demoMember(ACME, 'owner').actor), input: { email: 'someone@acme.test', role: 'student' } });
    await expect(revokeInvitation({ ctx: ctxAs(BRESLOV, owner.actor), input: { invitationId: acmeInvite.invitation.id } })).rejects.toBeInstanceOf(NotFound);
    const { invitation, token } = await invite(uniqueEmail('acc'), 'instructor');
    const member = await addMember(BRESLOV, 'student', { email: invitation.email });
    await acceptInvitation({ ctx: ctxAs(BRESLOV, member.actor, { now: at(1) }), input: { token } });
    await expect(revokeInvitation({ ctx: ctxAs(BRESLOV, owner.actor), input: { invitationId: invitation.id } })).rejects.toThrow(/already accepted/);
  });
});
