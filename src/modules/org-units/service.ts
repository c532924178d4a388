import { and, asc, eq, exists, ne, notExists, type SQL, sql } from 'drizzle-orm';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { SchoolDb } from '../../platform/db/school-db.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditWhere } from '../audit/record.ts';
import { requireRole } from '../identity/actor.ts';
import { schoolMemberships } from '../identity/schema.ts';
import { usersByIds } from '../members/platform-users.ts';
import { orgUnits } from '../tenancy/schema.ts';
import { insertWhere } from '../../platform/db/guarded-write.ts';
import { orgUnitMembers } from './schema.ts';
import { CreateOrgUnitInput, OrgUnitIdInput, OrgUnitMemberInput, type OrgUnitType, UpdateOrgUnitInput } from './validation.ts';

/*
 * Org units: campuses and departments, in a tree the client draws from `parentId`.
 *
 * Placement rules (enforced on create and on move):
 *   - a campus sits at the top level or under another campus;
 *   - a department sits at the top level, under a campus or under another department.
 * So a campus never sits under a department, and a unit is never moved under itself or one
 * of its descendants. Names are unique (ignoring case) among the children of one parent.
 * A unit's type is fixed once created. Reading is for instructors and above; changing is
 * for admins and above. Every change writes an audit row in the same batch.
 */

type UnitRow = typeof orgUnits.$inferSelect;
export type OrgUnitView = { id: string; type: OrgUnitType; name: string; parentId: string | null; memberCount: number };

const ALLOWED_PARENTS: Record<OrgUnitType, OrgUnitType[]> = { campus: ['campus'], department: ['campus', 'department'] };

/** Assignments of active members only: a removed member no longer counts anywhere. */
function activeAssignment(schoolDb: SchoolDb) {
  return exists(
    schoolDb.db
      .select({ one: sql`1` })
      .from(schoolMemberships)
      .where(schoolDb.scoped(schoolMemberships, eq(schoolMemberships.userId, orgUnitMembers.userId), eq(schoolMemberships.status, 'active'))),
  );
}

function memberCountOf(schoolDb: SchoolDb) {
  return sql<number>`(select count(*) from ${orgUnitMembers} where ${and(
    eq(orgUnitMembers.schoolId, schoolDb.schoolId),
    eq(orgUnitMembers.orgUnitId, orgUnits.id),
    activeAssignment(schoolDb),
  )})`.mapWith(Number);
}

const UNIT_COLUMNS = { id: orgUnits.id, type: orgUnits.type, name: orgUnits.name, parentId: orgUnits.parentId };

/** GET /api/admin/org-units: every unit of the school, flat; the client builds the tree. */
export async function listOrgUnits({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'instructor');
  const { db, scoped } = ctx.schoolDb;
  const units = await db
    .select({ ...UNIT_COLUMNS, memberCount: memberCountOf(ctx.schoolDb) })
    .from(orgUnits)
    .where(scoped(orgUnits))
    .orderBy(asc(orgUnits.type), asc(sql`lower(${orgUnits.name})`));
  return { units: units satisfies OrgUnitView[] };
}

/** GET /api/admin/org-unit-assignments: which active member is in which unit (for the members screen). */
export async function listOrgUnitAssignments({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'instructor');
  const { db, scoped } = ctx.schoolDb;
  const assignments = await db
    .select({ unitId: orgUnitMembers.orgUnitId, userId: orgUnitMembers.userId })
    .from(orgUnitMembers)
    .where(scoped(orgUnitMembers, activeAssignment(ctx.schoolDb)))
    .orderBy(orgUnitMembers.createdAt);
  return { assignments };
}

/** POST /api/admin/org-units { type, name, parentId? } */
export async function createOrgUnit({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { type, name, parentId } = CreateOrgUnitInput.parse(input);
  const units = await loadUnits(ctx.schoolDb);
  checkPlacement(units, { id: null, type }, parentId);
  if (nameTaken(units, parentId, name, null)) throw siblingConflict(name);
  const id = crypto.randomUUID();
  const after = { type, name, parentId };
  const guard = placementGuard(ctx.schoolDb, { id: null, name, parentId });
  const { db } = ctx.schoolDb;
  const [, inserted] = await db.batch([
    auditWhere(ctx.schoolDb, { actorUserId: actor.user.id, action: 'org_unit.created', entityType: 'org_unit', entityId: id, metadata: { before: null, after }, now: ctx.now }, guard),
    insertWhere(db, orgUnits, ctx.schoolDb.withSchool({ id, type, name, parentId, createdAt: ctx.now, updatedAt: ctx.now }), guard).returning({ id: orgUnits.id }),
  ]);
  // Lost a race: a sibling with this name appeared, or the parent went away, in between.
  if (inserted.length === 0) throw new Conflict(`The unit could not be added: “${name}” may already exist there, or its parent was just removed. Reload and try again.`);
  return { unit: { id, type, name, parentId, memberCount: 0 } satisfies OrgUnitView };
}

/** PATCH /api/admin/org-units/:unitId { name?, parentId? } — rename and/or move (parentId null: top level). */
export async function updateOrgUnit({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { unitId, ...change } = UpdateOrgUnitInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  // One round trip for the tree and the unit's member count (a rename or move leaves the count as it is).
  const [rows, counted] = await db.batch([
    unitsQuery(ctx.schoolDb),
    db.select({ memberCount: memberCountOf(ctx.schoolDb) }).from(orgUnits).where(scoped(orgUnits, eq(orgUnits.id, unitId))),
  ]);
  const units = byId(rows);
  const unit = units.get(unitId);
  if (!unit) throw new NotFound('There is no such campus or department.');
  const name = change.name ?? unit.name;
  const parentId = change.parentId === undefined ? unit.parentId : change.parentId;
  if (parentId !== unit.parentId) checkPlacement(units, unit, parentId);
  if (nameTaken(units, parentId, name, unit.id)) throw siblingConflict(name);
  const before = { name: unit.name, parentId: unit.parentId };
  const after = { name, parentId };
  if (before.name !== after.name || before.parentId !== after.parentId) {
    // Moves are decided against the tree as read; the guard re-checks what a concurrent change could break.
    const guard = and(placementGuard(ctx.schoolDb, { id: unit.id, name, parentId }), unchanged(ctx.schoolDb, unit)) as SQL;
    const [, updated] = await db.batch([
      auditWhere(ctx.schoolDb, { actorUserId: actor.user.id, action: 'org_unit.updated', entityType: 'org_unit', entityId: unit.id, metadata: { type: unit.type, before, after }, now: ctx.now }, guard),
      db.update(orgUnits).set({ name, parentId, updatedAt: ctx.now }).where(scoped(orgUnits, eq(orgUnits.id, unit.id), guard)).returning({ id: orgUnits.id }),
    ]);
    if (updated.length === 0) throw new Conflict('This unit changed while you were editing it. Reload and try again.');
  }
  return { unit: { id: unit.id, type: unit.type, name, parentId, memberCount: counted[0]?.memberCount ?? 0 } satisfies OrgUnitView };
}

/** DELETE /api/admin/org-units/:unitId — refused (409) while it has child units; its assignments go with it. */
export async function deleteOrgUnit({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { unitId } = OrgUnitIdInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [found, children, assigned] = await db.batch([
    db.select().from(orgUnits).where(scoped(orgUnits, eq(orgUnits.id, unitId))).limit(1),
    db.select({ id: orgUnits.id }).from(orgUnits).where(scoped(orgUnits, eq(orgUnits.parentId, unitId))).limit(1),
    db.select({ userId: orgUnitMembers.userId }).from(orgUnitMembers).where(scoped(orgUnitMembers, eq(orgUnitMembers.orgUnitId, unitId))),
  ]);
  const unit = found[0];
  if (!unit) throw new NotFound('There is no such campus or department.');
  if (children.length > 0) throw childConflict(unit);
  const guard = notExists(db.select({ one: sql`1` }).from(orgUnits).where(scoped(orgUnits, eq(orgUnits.parentId, unitId))));
  const [, , deleted] = await db.batch([
    auditWhere(
      ctx.schoolDb,
      {
        actorUserId: actor.user.id,
        action: 'org_unit.deleted',
        entityType: 'org_unit',
        entityId: unit.id,
        metadata: { before: { type: unit.type, name: unit.name, parentId: unit.parentId, memberUserIds: assigned.map((a) => a.userId) }, after: null },
        now: ctx.now,
      },
      guard,
    ),
    db.delete(orgUnitMembers).where(scoped(orgUnitMembers, eq(orgUnitMembers.orgUnitId, unitId), guard)),
    db.delete(orgUnits).where(scoped(orgUnits, eq(orgUnits.id, unitId), guard)).returning({ id: orgUnits.id }),
  ]);
  if (deleted.length === 0) throw childConflict(unit);
  return { deleted: true };
}

/** GET /api/admin/org-units/:unitId/members — the unit and its active members, with names. */
export async function listOrgUnitMembers({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'instructor');
  const { unitId } = OrgUnitIdInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [found, rows] = await db.batch([
    db.select(UNIT_COLUMNS).from(orgUnits).where(scoped(orgUnits, eq(orgUnits.id, unitId))).limit(1),
    db
      .select({ userId: orgUnitMembers.userId, membershipId: schoolMemberships.id, email: schoolMemberships.userEmail, role: schoolMemberships.role, assignedAt: orgUnitMembers.createdAt })
      .from(orgUnitMembers)
      .innerJoin(schoolMemberships, and(eq(schoolMemberships.schoolId, orgUnitMembers.schoolId), eq(schoolMemberships.userId, orgUnitMembers.userId)))
      .where(scoped(orgUnitMembers, eq(orgUnitMembers.orgUnitId, unitId), eq(schoolMemberships.status, 'active')))
      .orderBy(orgUnitMembers.createdAt),
  ]);
  const unit = found[0];
  if (!unit) throw new NotFound('There is no such campus or department.');
  const people = await usersByIds(ctx.platformDb, rows.map((r) => r.userId));
  return {
    unit,
    members: rows.map((r) => ({ ...r, email: people.get(r.userId)?.email ?? r.email, displayName: people.get(r.userId)?.displayName ?? null })),
  };
}

/** PUT /api/admin/org-units/:unitId/members/:userId — idempotent: assigning twice changes nothing. */
export async function assignOrgUnitMember({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { unitId, userId } = OrgUnitMemberInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [unit, member] = await db.batch([
    db.select({ id: orgUnits.id, name: orgUnits.name }).from(orgUnits).where(scoped(orgUnits, eq(orgUnits.id, unitId))).limit(1),
    db.select({ userId: schoolMemberships.userId, email: schoolMemberships.userEmail }).from(schoolMemberships).where(scoped(schoolMemberships, eq(schoolMemberships.userId, userId), eq(schoolMemberships.status, 'active'))).limit(1),
  ]);
  if (!unit[0]) throw new NotFound('There is no such campus or department.');
  if (!member[0]) throw new NotFound('There is no active member with that id in this school.');
  const guard = and(notExists(assignmentOf(ctx.schoolDb, unitId, userId)), unitExists(ctx.schoolDb, unitId)) as SQL;
  await db.batch([
    auditWhere(
      ctx.schoolDb,
      { actorUserId: actor.user.id, action: 'org_unit.member_assigned', entityType: 'org_unit', entityId: unitId, metadata: { userId, email: member[0].email, before: null, after: { unitId, userId } }, now: ctx.now },
      guard,
    ),
    insertWhere(db, orgUnitMembers, ctx.schoolDb.withSchool({ orgUnitId: unitId, userId, createdAt: ctx.now }), guard).onConflictDoNothing(),
  ]);
  return { assigned: true, unitId, userId };
}

/** DELETE /api/admin/org-units/:unitId/members/:userId — idempotent too: someone not assigned stays so. */
export async function unassignOrgUnitMember({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { unitId, userId } = OrgUnitMemberInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  // One batch: a missing unit has no assignments, so the guarded audit and the delete do nothing before the 404.
  const guard = exists(assignmentOf(ctx.schoolDb, unitId, userId));
  const [unit] = await db.batch([
    db.select({ id: orgUnits.id }).from(orgUnits).where(scoped(orgUnits, eq(orgUnits.id, unitId))).limit(1),
    auditWhere(ctx.schoolDb, { actorUserId: actor.user.id, action: 'org_unit.member_unassigned', entityType: 'org_unit', entityId: unitId, metadata: { userId, before: { unitId, userId }, after: null }, now: ctx.now }, guard),
    db.delete(orgUnitMembers).where(scoped(orgUnitMembers, eq(orgUnitMembers.orgUnitId, unitId), eq(orgUnitMembers.userId, userId))),
  ]);
  if (unit.length === 0) throw new NotFound('There is no such campus or department.');
  return { unassigned: true, unitId, userId };
}

// ---- helpers -----------------------------------------------------------------------

const unitsQuery = (schoolDb: SchoolDb) => schoolDb.db.select().from(orgUnits).where(schoolDb.scoped(orgUnits));
const byId = (rows: UnitRow[]) => new Map(rows.map((r) => [r.id, r]));

async function loadUnits(schoolDb: SchoolDb): Promise<Map<string, UnitRow>> {
  return byId(await unitsQuery(schoolDb));
}

/** Type rules and the cycle check, against the tree as read. `unit.id` null: a new unit. */
function checkPlacement(units: Map<string, UnitRow>, unit: { id: string | null; type: OrgUnitType }, parentId: string | null) {
  if (parentId === null) return;
  const parent = units.get(parentId);
  if (!parent) throw new Invalid('parentId: There is no such campus or department to put it under.');
  if (unit.id !== null) {
    // Walk up from the new parent: meeting the unit itself means the move would make a loop.
    const seen = new Set<string>();
    for (let at: UnitRow | undefined = parent; at && !seen.has(at.id); at = at.parentId ? units.get(at.parentId) : undefined) {
      seen.add(at.id);
      if (at.id === unit.id) throw new Invalid('parentId: A unit cannot be moved under itself or one of its own sub-units.');
    }
  }
  if (!ALLOWED_PARENTS[unit.type].includes(parent.type)) {
    throw new Invalid(
      unit.type === 'campus' ? 'parentId: A campus can only sit at the top level or under another campus.' : 'parentId: A department can only sit under a campus or another department.',
    );
  }
}

function nameTaken(units: Map<string, UnitRow>, parentId: string | null, name: string, exceptId: string | null) {
  const wanted = name.toLowerCase();
  return [...units.values()].some((u) => u.id !== exceptId && u.parentId === parentId && u.name.toLowerCase() === wanted);
}

const siblingConflict = (name: string) => new Conflict(`There is already a unit called “${name}” there. Choose another name.`);
const childConflict = (unit: UnitRow) =>
  new Conflict(`“${unit.name}” still has campuses or departments under it. Move or delete those first.`);

/** Holds when the batch runs: no sibling has the name, and the parent (if any) still exists. */
function placementGuard(schoolDb: SchoolDb, target: { id: string | null; name: string; parentId: string | null }): SQL {
  const { db, scoped } = schoolDb;
  const sibling = db
    .select({ one: sql`1` })
    .from(orgUnits)
    .where(
      scoped(
        orgUnits,
        target.parentId === null ? sql`${orgUnits.parentId} is null` : eq(orgUnits.parentId, target.parentId),
        sql`lower(${orgUnits.name}) = lower(${target.name})`,
        target.id === null ? undefined : ne(orgUnits.id, target.id),
      ),
    );
  return and(notExists(sibling), target.parentId === null ? undefined : unitExists(schoolDb, target.parentId)) as SQL;
}

/** The unit still sits where it was read, so a concurrent move cannot combine with this one into a loop. */
function unchanged(schoolDb: SchoolDb, unit: UnitRow): SQL {
  const { db, scoped } = schoolDb;
  return exists(
    db
      .select({ one: sql`1` })
      .from(orgUnits)
      .where(scoped(orgUnits, eq(orgUnits.id, unit.id), unit.parentId === null ? sql`${orgUnits.parentId} is null` : eq(orgUnits.parentId, unit.parentId))),
  );
}

function unitExists(schoolDb: SchoolDb, unitId: string): SQL {
  return exists(schoolDb.db.select({ one: sql`1` }).from(orgUnits).where(schoolDb.scoped(orgUnits, eq(orgUnits.id, unitId))));
}

function assignmentOf(schoolDb: SchoolDb, unitId: string, userId: string) {
  return schoolDb.db.select({ one: sql`1` }).from(orgUnitMembers).where(schoolDb.scoped(orgUnitMembers, eq(orgUnitMembers.orgUnitId, unitId), eq(orgUnitMembers.userId, userId)));
}
