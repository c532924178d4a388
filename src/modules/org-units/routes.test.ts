import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { cookieFor } from '../../../test/workers/auth.ts';
import { ACME, BRESLOV, hostOf, request } from '../../../test/workers/fixtures.ts';
import { expectErrorShape } from '../../../test/workers/hosts.ts';
import { describeAccessRules } from '../../../test/workers/security-suite.ts';
import { addMember, auditOf, ctxAs, demoMember } from '../members/testing.ts';
import { assignOrgUnitMember, createOrgUnit } from './service.ts';

const host = hostOf(BRESLOV);
const origin = `http://${host}`;
const send = (cookie: string, method: string, body?: unknown): RequestInit => ({
  method,
  headers: { cookie, origin, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const tag = () => crypto.randomUUID().slice(0, 8);

/** A unit made through the service by the school's owner. */
async function seedUnit(school: typeof BRESLOV, type: 'campus' | 'department', name: string, parentId: string | null = null) {
  const { unit } = await createOrgUnit({ ctx: ctxAs(school, demoMember(school, 'owner').actor), input: { type, name, parentId } });
  return unit;
}

const units = async (cookie: string) => ((await (await request(host, '/api/admin/org-units', { headers: { cookie } })).json()) as { units: Record<string, unknown>[] }).units;
const assignmentRows = async (unitId: string) =>
  (await env.SCHOOL_BRESLOV.prepare('SELECT user_id FROM org_unit_members WHERE school_id = ? AND org_unit_id = ?').bind(BRESLOV.id, unitId).all<{ user_id: string }>()).results;

// Objects the shared suite acts on: the minimum role really performs the change.
const acmeUnit = await seedUnit(ACME, 'campus', 'Acme North');
const acmeStudent = demoMember(ACME, 'student').userId;
const breslovStudent = demoMember(BRESLOV, 'student').userId;
const renameTarget = await seedUnit(BRESLOV, 'campus', `Suite rename ${tag()}`);
const deleteTarget = await seedUnit(BRESLOV, 'department', `Suite delete ${tag()}`);
const assignTarget = await seedUnit(BRESLOV, 'department', `Suite assign ${tag()}`);

describeAccessRules('GET /api/admin/org-units', { method: 'GET', path: '/api/admin/org-units', minimumRole: 'instructor' });
describeAccessRules('POST /api/admin/org-units', { method: 'POST', path: '/api/admin/org-units', body: { type: 'campus', name: `Suite campus ${tag()}` }, minimumRole: 'admin' });
describeAccessRules('PATCH /api/admin/org-units/:id', {
  method: 'PATCH',
  path: `/api/admin/org-units/${renameTarget.id}`,
  body: { name: `Suite renamed ${tag()}` },
  minimumRole: 'admin',
  foreignPath: `/api/admin/org-units/${acmeUnit.id}`,
});
describeAccessRules('DELETE /api/admin/org-units/:id', {
  method: 'DELETE',
  path: `/api/admin/org-units/${deleteTarget.id}`,
  minimumRole: 'admin',
  foreignPath: `/api/admin/org-units/${acmeUnit.id}`,
});
describeAccessRules('GET /api/admin/org-units/:id/members', {
  method: 'GET',
  path: `/api/admin/org-units/${assignTarget.id}/members`,
  minimumRole: 'instructor',
  foreignPath: `/api/admin/org-units/${acmeUnit.id}/members`,
});
describeAccessRules('PUT /api/admin/org-units/:id/members/:userId', {
  method: 'PUT',
  path: `/api/admin/org-units/${assignTarget.id}/members/${breslovStudent}`,
  minimumRole: 'admin',
  foreignPath: `/api/admin/org-units/${acmeUnit.id}/members/${acmeStudent}`,
});
describeAccessRules('DELETE /api/admin/org-units/:id/members/:userId', {
  method: 'DELETE',
  path: `/api/admin/org-units/${assignTarget.id}/members/${breslovStudent}`,
  minimumRole: 'admin',
  foreignPath: `/api/admin/org-units/${acmeUnit.id}/members/${acmeStudent}`,
});
describeAccessRules('GET /api/admin/org-unit-assignments', { method: 'GET', path: '/api/admin/org-unit-assignments', minimumRole: 'instructor' });

describe('org units over HTTP', () => {
  it('creates a campus and a department under it (201 { unit }), lists them flat with memberCount, audited', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const name = `Main campus ${tag()}`;
    const created = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'campus', name: `  ${name}  ` }));
    expect(created.status).toBe(201);
    const { unit: campus } = (await created.json()) as { unit: { id: string } };
    expect(campus).toEqual({ id: expect.any(String), type: 'campus', name, parentId: null, memberCount: 0 });
    const dept = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: 'History', parentId: campus.id }));
    expect(dept.status).toBe(201);
    const { unit: history } = (await dept.json()) as { unit: { id: string } };

    const listed = await units(await cookieFor(BRESLOV, 'instructor'));
    expect(listed).toContainEqual({ id: campus.id, type: 'campus', name, parentId: null, memberCount: 0 });
    expect(listed).toContainEqual({ id: history.id, type: 'department', name: 'History', parentId: campus.id, memberCount: 0 });
    expect(listed.every((u) => u.id !== acmeUnit.id)).toBe(true);
    expect(await auditOf(BRESLOV, campus.id)).toEqual([
      { actorUserId: demoMember(BRESLOV, 'owner').userId, action: 'org_unit.created', entityType: 'org_unit', entityId: campus.id, metadata: { before: null, after: { type: 'campus', name, parentId: null } } },
    ]);
  });

  it('validates the name (trimmed, 1–120 characters) and the type with sentences', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const blank = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'campus', name: '   ' }));
    expect((await expectErrorShape(blank, 400, 'BAD_REQUEST')).error.message).toMatch(/name: Enter a name/);
    const long = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'campus', name: 'x'.repeat(121) }));
    expect((await expectErrorShape(long, 400, 'BAD_REQUEST')).error.message).toMatch(/120 characters/);
    const exactly = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: `${tag()}${'y'.repeat(112)}` }));
    expect(exactly.status).toBe(201);
    const type = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'faculty', name: 'X' }));
    expect((await expectErrorShape(type, 400, 'BAD_REQUEST')).error.message).toMatch(/type: Choose a type/);
    const noChange = await request(host, `/api/admin/org-units/${renameTarget.id}`, send(owner, 'PATCH', {}));
    expect((await expectErrorShape(noChange, 400, 'BAD_REQUEST')).error.message).toMatch(/new name or a new parentId/);
  });

  it('names are unique among siblings, ignoring case (409), but may repeat under another parent', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const north = await seedUnit(BRESLOV, 'campus', `North ${tag()}`);
    const south = await seedUnit(BRESLOV, 'campus', `South ${tag()}`);
    await seedUnit(BRESLOV, 'department', 'Physics', north.id);
    const twin = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: 'PHYSICS', parentId: north.id }));
    expect((await expectErrorShape(twin, 409, 'CONFLICT')).error.message).toMatch(/already a unit called “PHYSICS”/);
    const elsewhere = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: 'Physics', parentId: south.id }));
    expect(elsewhere.status).toBe(201);
    const { unit } = (await elsewhere.json()) as { unit: { id: string } };
    // Moving it next to its namesake, or renaming onto a sibling's name, is the same conflict.
    await expectErrorShape(await request(host, `/api/admin/org-units/${unit.id}`, send(owner, 'PATCH', { parentId: north.id })), 409, 'CONFLICT');
    await seedUnit(BRESLOV, 'department', 'Chemistry', south.id);
    await expectErrorShape(await request(host, `/api/admin/org-units/${unit.id}`, send(owner, 'PATCH', { name: 'chemistry' })), 409, 'CONFLICT');
  });

  it('placement: a campus only at the top level or under a campus; a department anywhere but never above a campus', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const campus = await seedUnit(BRESLOV, 'campus', `Campus ${tag()}`);
    const dept = await seedUnit(BRESLOV, 'department', 'Arts', campus.id);
    const underDept = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'campus', name: 'Annex', parentId: dept.id }));
    expect((await expectErrorShape(underDept, 400, 'BAD_REQUEST')).error.message).toMatch(/campus can only sit at the top level or under another campus/);
    expect((await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'campus', name: 'Annex', parentId: campus.id }))).status).toBe(201);
    expect((await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: 'Fine arts', parentId: dept.id }))).status).toBe(201);
    expect((await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: `Top-level ${tag()}` }))).status).toBe(201);
    const unknown = await request(host, '/api/admin/org-units', send(owner, 'POST', { type: 'department', name: 'Lost', parentId: acmeUnit.id }));
    expect((await expectErrorShape(unknown, 400, 'BAD_REQUEST')).error.message).toMatch(/no such campus or department/);
  });

  it('moves a unit (PATCH parentId, null = top level); under itself or a descendant is a 400', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const a = await seedUnit(BRESLOV, 'campus', `A ${tag()}`);
    const b = await seedUnit(BRESLOV, 'campus', 'B', a.id);
    const c = await seedUnit(BRESLOV, 'department', 'C', b.id);
    const self = await request(host, `/api/admin/org-units/${a.id}`, send(owner, 'PATCH', { parentId: a.id }));
    expect((await expectErrorShape(self, 400, 'BAD_REQUEST')).error.message).toMatch(/under itself or one of its own sub-units/);
    await expectErrorShape(await request(host, `/api/admin/org-units/${a.id}`, send(owner, 'PATCH', { parentId: b.id })), 400, 'BAD_REQUEST');
    await expectErrorShape(await request(host, `/api/admin/org-units/${b.id}`, send(owner, 'PATCH', { parentId: c.id })), 400, 'BAD_REQUEST');

    const moved = await request(host, `/api/admin/org-units/${b.id}`, send(owner, 'PATCH', { parentId: null, name: ` B moved ${tag()} ` }));
    expect(moved.status).toBe(200);
    const { unit } = (await moved.json()) as { unit: { name: string } };
    expect(unit).toEqual({ id: b.id, type: 'campus', name: expect.stringMatching(/^B moved \w+$/), parentId: null, memberCount: 0 });
    const audit = await auditOf(BRESLOV, b.id);
    expect(audit.at(-1)).toMatchObject({ action: 'org_unit.updated', metadata: { before: { name: 'B', parentId: a.id }, after: { name: unit.name, parentId: null } } });
    // Now that B is no longer under A, A may go under B.
    expect((await request(host, `/api/admin/org-units/${a.id}`, send(owner, 'PATCH', { parentId: b.id }))).status).toBe(200);
  });

  it('delete: 409 while it has children; otherwise it goes with its assignments, audited', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const campus = await seedUnit(BRESLOV, 'campus', `Doomed ${tag()}`);
    const dept = await seedUnit(BRESLOV, 'department', 'Leaf', campus.id);
    const member = await addMember(BRESLOV, 'instructor');
    await assignOrgUnitMember({ ctx: ctxAs(BRESLOV, demoMember(BRESLOV, 'owner').actor), input: { unitId: dept.id, userId: member.userId } });

    const refused = await request(host, `/api/admin/org-units/${campus.id}`, send(owner, 'DELETE'));
    expect((await expectErrorShape(refused, 409, 'CONFLICT')).error.message).toMatch(/still has campuses or departments under it/);
    const leaf = await request(host, `/api/admin/org-units/${dept.id}`, send(owner, 'DELETE'));
    expect(await leaf.json()).toEqual({ deleted: true });
    expect(await assignmentRows(dept.id)).toEqual([]);
    expect((await auditOf(BRESLOV, dept.id)).at(-1)).toMatchObject({
      action: 'org_unit.deleted',
      metadata: { before: { type: 'department', name: 'Leaf', parentId: campus.id, memberUserIds: [member.userId] }, after: null },
    });
    expect((await request(host, `/api/admin/org-units/${campus.id}`, send(owner, 'DELETE'))).status).toBe(200);
    await expectErrorShape(await request(host, `/api/admin/org-units/${campus.id}`, send(owner, 'DELETE')), 404, 'NOT_FOUND');
  });

  it('assigns active members idempotently, lists them, counts them, and unassigns', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const dept = await seedUnit(BRESLOV, 'department', `Maths ${tag()}`);
    const member = await addMember(BRESLOV, 'instructor', { displayName: 'Ada Lovelace' });
    const path = `/api/admin/org-units/${dept.id}/members/${member.userId}`;
    expect(await (await request(host, path, send(owner, 'PUT'))).json()).toEqual({ assigned: true, unitId: dept.id, userId: member.userId });
    expect((await request(host, path, send(owner, 'PUT'))).status).toBe(200);
    expect(await assignmentRows(dept.id)).toEqual([{ user_id: member.userId }]);
    expect((await auditOf(BRESLOV, dept.id)).filter((a) => a.action === 'org_unit.member_assigned')).toHaveLength(1);

    const listed = await request(host, `/api/admin/org-units/${dept.id}/members`, { headers: { cookie: await cookieFor(BRESLOV, 'instructor') } });
    expect(await listed.json()).toEqual({
      unit: { id: dept.id, type: 'department', name: expect.any(String), parentId: null },
      members: [{ userId: member.userId, membershipId: member.membershipId, email: member.email, displayName: 'Ada Lovelace', role: 'instructor', assignedAt: expect.stringMatching(/^\d{4}-/) }],
    });
    expect((await units(owner)).find((u) => u.id === dept.id)).toMatchObject({ memberCount: 1 });
    const assignments = (await (await request(host, '/api/admin/org-unit-assignments', { headers: { cookie: owner } })).json()) as { assignments: unknown[] };
    expect(assignments.assignments).toContainEqual({ unitId: dept.id, userId: member.userId });

    expect(await (await request(host, path, send(owner, 'DELETE'))).json()).toEqual({ unassigned: true, unitId: dept.id, userId: member.userId });
    expect((await request(host, path, send(owner, 'DELETE'))).status).toBe(200);
    expect(await assignmentRows(dept.id)).toEqual([]);
    expect((await auditOf(BRESLOV, dept.id)).filter((a) => a.action === 'org_unit.member_unassigned')).toHaveLength(1);
  });

  it('only active members of this school can be assigned: others are a 404', async () => {
    const owner = await cookieFor(BRESLOV, 'owner');
    const dept = await seedUnit(BRESLOV, 'department', `Guarded ${tag()}`);
    const removed = await addMember(BRESLOV, 'student', { status: 'removed' });
    for (const userId of [removed.userId, acmeStudent, 'nobody']) {
      const res = await request(host, `/api/admin/org-units/${dept.id}/members/${userId}`, send(owner, 'PUT'));
      expect((await expectErrorShape(res, 404, 'NOT_FOUND')).error.message).toMatch(/no active member/);
    }
    expect(await assignmentRows(dept.id)).toEqual([]);
  });
});
