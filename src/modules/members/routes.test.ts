import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { randomToken, sha256Hex } from '../../platform/crypto.ts';
import { completeSignIn } from '../identity/sign-in.ts';
import { addMember, cookieOf, ctxAs, demoMember, schoolDbOf } from './testing.ts';
import { invitations } from '../identity/schema.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const json = (cookie: string, body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { cookie, origin, 'content-type': 'application/json', accept: 'application/json' },
  body: JSON.stringify(body),
});

/** An invitation row written directly, so the test knows its token. */
async function seedInvitation(school: typeof BRESLOV, email: string, role: 'student' | 'instructor' = 'student') {
  const token = randomToken();
  const db = schoolDbOf(school);
  const id = crypto.randomUUID();
  await db.db.insert(invitations).values(
    db.withSchool({ id, email, role, tokenHash: await sha256Hex(token), invitedBy: demoMember(school, 'owner').userId, expiresAt: new Date(Date.now() + 86_400_000) }),
  );
  return { id, token };
}

// Objects the shared suite acts on: the minimum role really performs the change.
const roleTarget = await addMember(BRESLOV, 'student');
const removeTarget = await addMember(BRESLOV, 'student');
const revokeTarget = await seedInvitation(BRESLOV, 'revoke-me@breslov.test');
const studentsOwnInvite = await seedInvitation(BRESLOV, 'student@breslov.test');
const acmeInvite = await seedInvitation(ACME, 'someone@acme.test');
const acmeMember = demoMember(ACME, 'student').membershipId;
const policy = {
  allowedProviders: ['google_oidc', 'microsoft_oidc', 'magic_link'],
  allowedDomains: [],
  requireDomainMatch: false,
  requireDomainVerification: false,
  autoProvision: true,
  domainRoleMap: {},
  entraTenantIds: [],
};

describeAccessRules('GET /api/admin/members', { method: 'GET', path: '/api/admin/members', minimumRole: 'admin' });
describeAccessRules('PATCH /api/admin/members/:id', {
  method: 'PATCH',
  path: `/api/admin/members/${roleTarget.membershipId}`,
  body: { role: 'instructor' },
  minimumRole: 'admin',
  foreignPath: `/api/admin/members/${acmeMember}`,
});
describeAccessRules('DELETE /api/admin/members/:id', {
  method: 'DELETE',
  path: `/api/admin/members/${removeTarget.membershipId}`,
  minimumRole: 'admin',
  foreignPath: `/api/admin/members/${acmeMember}`,
});
describeAccessRules('GET /api/admin/invitations', { method: 'GET', path: '/api/admin/invitations', minimumRole: 'admin' });
describeAccessRules('POST /api/admin/invitations', { method: 'POST', path: '/api/admin/invitations', body: { email: 'suite@breslov.test', role: 'student' }, minimumRole: 'admin' });
describeAccessRules('DELETE /api/admin/invitations/:id', {
  method: 'DELETE',
  path: `/api/admin/invitations/${revokeTarget.id}`,
  minimumRole: 'admin',
  foreignPath: `/api/admin/invitations/${acmeInvite.id}`,
});
describeAccessRules('POST /api/invitations/accept', { method: 'POST', path: '/api/invitations/accept', body: { token: studentsOwnInvite.token }, minimumRole: 'student' });
describeAccessRules('GET /api/admin/sign-in-policy', { method: 'GET', path: '/api/admin/sign-in-policy', minimumRole: 'admin' });
describeAccessRules('PUT /api/admin/sign-in-policy', { method: 'PUT', path: '/api/admin/sign-in-policy', body: policy, minimumRole: 'admin' });

describe('members over HTTP', () => {
  it('lists members in the documented shape', async () => {
    const res = await request(host, '/api/admin/members', { headers: { cookie: await cookieFor(BRESLOV, 'owner') } });
    expect(res.status).toBe(200);
    const { members } = (await res.json()) as { members: Record<string, unknown>[] };
    expect(members.find((m) => m.email === 'owner@breslov.test')).toEqual({
      id: demoMember(BRESLOV, 'owner').membershipId,
      userId: demoMember(BRESLOV, 'owner').userId,
      email: 'owner@breslov.test',
      displayName: 'Owner at Breslov',
      role: 'owner',
      titleLabel: null,
      status: 'active',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('changes a role and answers { member }; the last owner is a 409 with a sentence', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const target = await addMember(BRESLOV, 'student');
    const res = await request(host, `/api/admin/members/${target.membershipId}`, json(owner, { role: 'admin' }, 'PATCH'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ member: { id: target.membershipId, role: 'admin', email: target.email } });
    const last = await request(host, `/api/admin/members/${demoMember(BRESLOV, 'owner').membershipId}`, json(owner, { role: 'admin' }, 'PATCH'));
    const body = await expectErrorShape(last, 409, 'CONFLICT');
    expect(body.error.message).toMatch(/only owner\. Make someone else an owner first/);
  });

  it('needs a JSON body: another content type or broken JSON is a 400 that says so', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const asText = await request(host, `/api/admin/members/${roleTarget.membershipId}`, {
      method: 'PATCH',
      headers: { cookie: owner, origin, 'content-type': 'text/plain' },
      body: JSON.stringify({ role: 'admin' }),
    });
    expect((await expectErrorShape(asText, 400, 'BAD_REQUEST')).error.message).toMatch(/content-type: application\/json/);
    const broken = await request(host, '/api/admin/invitations', { method: 'POST', headers: { cookie: owner, origin, 'content-type': 'application/json' }, body: '{"email":' });
    expect((await expectErrorShape(broken, 400, 'BAD_REQUEST')).error.message).toBe('The request body is not valid JSON.');
    const bad = await request(host, '/api/admin/invitations', json(owner, { email: 'nope', role: 'student' }));
    expect((await expectErrorShape(bad, 400, 'BAD_REQUEST')).error.message).toMatch(/email: Enter a valid email address/);
  });

  it('removing a member ends their sessions: their cookie is a 401 afterwards', async () => {
    const target = await addMember(BRESLOV, 'instructor');
    const theirs = await cookieOf(BRESLOV, target);
    expect((await request(host, '/api/me', { headers: { cookie: theirs } })).status).toBe(200);
    const res = await request(host, `/api/admin/members/${target.membershipId}`, { method: 'DELETE', headers: { cookie: await cookieFor(BRESLOV, 'owner'), origin } });
    expect(await res.json()).toEqual({ removed: true });
    await expectErrorShape(await request(host, '/api/me', { headers: { cookie: theirs } }), 401, 'UNAUTHORIZED');
    const row = await env.PLATFORM_DB.prepare('SELECT count(*) AS n FROM auth_sessions WHERE user_id = ? AND revoked_at IS NULL').bind(target.userId).first<{ n: number }>();
    expect(row!.n).toBe(0);
  });
});

describe('invitations over HTTP', () => {
  it('invite → 201 { invitation } → lookup → a newcomer signs in (which accepts) → the accept page answers { membership }', async () => {
    const email = `invitee-${crypto.randomUUID().slice(0, 8)}@breslov.test`;
    const created = await request(host, '/api/admin/invitations', json(await cookieFor(BRESLOV, 'owner'), { email, role: 'instructor' }));
    expect(created.status).toBe(201);
    const { invitation } = (await created.json()) as { invitation: Record<string, unknown> };
    expect(invitation).toMatchObject({ email, role: 'instructor', status: 'pending', invitedBy: 'owner@breslov.test', acceptedAt: null });
    expect(Object.keys(invitation).sort()).toEqual(['acceptedAt', 'createdAt', 'email', 'expiresAt', 'id', 'invitedBy', 'role', 'status']);

    const mail = await env.PLATFORM_DB.prepare(`SELECT text_body FROM mail_outbox WHERE to_address = ? AND kind = 'invitation'`).bind(email).first<{ text_body: string }>();
    const link = new URL(/(http:\S+)/.exec(mail!.text_body)![1]!);
    expect(link.host).toBe(host);
    const token = link.searchParams.get('token')!;

    const lookup = await request(host, `/api/invitations/lookup?token=${token}`);
    expect(lookup.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await lookup.json()).toEqual({ schoolName: 'Breslov University', email, role: 'instructor', status: 'pending' });

    // What the magic-link redemption does for someone new: completeSignIn, then a session.
    const { user } = await completeSignIn({ ctx: ctxAs(BRESLOV, null), input: { provider: 'magic_link', issuer: 'magic_link', subject: email, email, emailVerified: true, domainVerified: true } });
    const cookie = await cookieOf(BRESLOV, { userId: user.id, email });
    const accepted = await request(host, '/api/invitations/accept', json(cookie, { token }));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ membership: { id: expect.any(String), role: 'instructor' } });
    expect(await (await request(host, `/api/invitations/lookup?token=${token}`)).json()).toMatchObject({ status: 'accepted' });
    expect(await (await request(host, '/api/me', { headers: { cookie } })).json()).toMatchObject({ role: 'instructor' });
  });

  it('accepting as someone else is a 403 that names the invited address', async () => {
    const { token } = await seedInvitation(BRESLOV, 'someone.else@breslov.test');
    const res = await request(host, '/api/invitations/accept', json(await cookieFor(BRESLOV, 'instructor'), { token }));
    const body = await expectErrorShape(res, 403, 'FORBIDDEN');
    expect(body.error.message).toBe('This invitation is for someone.else@breslov.test, but you are signed in as instructor@breslov.test. Sign out, then sign in as someone.else@breslov.test to accept it.');
  });

  it('lookup is public but knows only this school’s tokens', async () => {
    expect((await request(host, `/api/invitations/lookup?token=${revokeTarget.token}`)).status).toBe(200);
    await expectErrorShape(await request(host, `/api/invitations/lookup?token=${acmeInvite.token}`), 404, 'NOT_FOUND');
    await expectErrorShape(await request(host, '/api/invitations/lookup?token=nope'), 404, 'NOT_FOUND');
    await expectErrorShape(await request(host, '/api/invitations/lookup'), 404, 'NOT_FOUND');
    expect(await (await request(hostOf(ACME), `/api/invitations/lookup?token=${acmeInvite.token}`)).json()).toMatchObject({ schoolName: 'Acme Academy' });
  });

  it('revoking answers { revoked: true }', async () => {
    const { id } = await seedInvitation(BRESLOV, 'to-revoke@breslov.test');
    const res = await request(host, `/api/admin/invitations/${id}`, { method: 'DELETE', headers: { cookie: await cookieFor(BRESLOV, 'owner'), origin } });
    expect(await res.json()).toEqual({ revoked: true });
  });
});

describe('sign-in policy over HTTP', () => {
  it('GET answers the policy fields plus availableProviders; a bad PUT is a 400 with the field’s message', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const res = await request(host, '/api/admin/sign-in-policy', { headers: { cookie: owner } });
    expect(await res.json()).toEqual({ ...policy, availableProviders: ['magic_link'] });
    const bad = await request(host, '/api/admin/sign-in-policy', json(owner, { ...policy, allowedProviders: [] }, 'PUT'));
    expect((await expectErrorShape(bad, 400, 'BAD_REQUEST')).error.message).toBe('allowedProviders: Choose at least one way to sign in; with none, nobody could sign in.');
    const ok = await request(host, '/api/admin/sign-in-policy', json(owner, { ...policy, autoProvision: false, availableProviders: ['ignored'] }, 'PUT'));
    expect(await ok.json()).toEqual({ ...policy, autoProvision: false, availableProviders: ['magic_link'] });
    await request(host, '/api/admin/sign-in-policy', json(owner, policy, 'PUT'));
  });
});

// Runs last in this file: everything above went through the routes, so every audit row they
// wrote must say who, what, and what it was before and after.
describe('audit trail', () => {
  it('every audit row has an actor, an action and before/after', async () => {
    const { results } = await env.SCHOOL_BRESLOV.prepare('SELECT actor_user_id, action, metadata FROM audit_logs WHERE school_id = ?').bind(BRESLOV.id).all<{
      actor_user_id: string | null;
      action: string;
      metadata: string;
    }>();
    expect(new Set(results.map((r) => r.action))).toEqual(
      new Set(['membership.role_changed', 'membership.removed', 'invitation.created', 'invitation.revoked', 'invitation.accepted', 'sign_in_policy.updated']),
    );
    for (const row of results) {
      expect(row.actor_user_id).toBeTruthy();
      expect(JSON.parse(row.metadata)).toHaveProperty('before');
      expect(JSON.parse(row.metadata)).toHaveProperty('after');
    }
  });
});
