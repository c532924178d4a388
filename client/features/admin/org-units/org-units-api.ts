import { api } from '../../../lib/api';
import { list, nullableString, object, oneOf, string } from '../../../lib/json';

export const ORG_UNIT_TYPES = ['campus', 'department'] as const;
export type OrgUnitType = (typeof ORG_UNIT_TYPES)[number];
export const TYPE_LABELS: Record<OrgUnitType, string> = { campus: 'Campus', department: 'Department' };

export type OrgUnit = { id: string; type: OrgUnitType; name: string; parentId: string | null; memberCount: number };
export type Assignment = { unitId: string; userId: string };

function parseUnit(value: unknown): OrgUnit {
  const u = object(value, 'org unit');
  const count = u.memberCount;
  return {
    id: string(u, 'id'),
    type: oneOf(u, 'type', ORG_UNIT_TYPES),
    name: string(u, 'name'),
    parentId: nullableString(u, 'parentId'),
    memberCount: typeof count === 'number' ? count : 0,
  };
}

const id = (value: string) => encodeURIComponent(value);

export function fetchOrgUnits(): Promise<OrgUnit[]> {
  return api('/api/admin/org-units', { parse: (data) => list(object(data, 'org units response'), 'units').map(parseUnit) });
}

export function fetchAssignments(): Promise<Assignment[]> {
  return api('/api/admin/org-unit-assignments', {
    parse: (data) =>
      list(object(data, 'assignments response'), 'assignments').map((value) => {
        const a = object(value, 'assignment');
        return { unitId: string(a, 'unitId'), userId: string(a, 'userId') };
      }),
  });
}

export function createOrgUnit(input: { type: OrgUnitType; name: string; parentId: string | null }): Promise<OrgUnit> {
  return api('/api/admin/org-units', { method: 'POST', body: input, parse: (data) => parseUnit(object(data, 'create response').unit) });
}

export function updateOrgUnit(unitId: string, input: { name?: string; parentId?: string | null }): Promise<OrgUnit> {
  return api(`/api/admin/org-units/${id(unitId)}`, { method: 'PATCH', body: input, parse: (data) => parseUnit(object(data, 'update response').unit) });
}

export function deleteOrgUnit(unitId: string): Promise<void> {
  return api(`/api/admin/org-units/${id(unitId)}`, { method: 'DELETE', parse: () => undefined });
}

export function assignMember(unitId: string, userId: string): Promise<void> {
  return api(`/api/admin/org-units/${id(unitId)}/members/${id(userId)}`, { method: 'PUT', parse: () => undefined });
}

export function unassignMember(unitId: string, userId: string): Promise<void> {
  return api(`/api/admin/org-units/${id(unitId)}/members/${id(userId)}`, { method: 'DELETE', parse: () => undefined });
}

// ---- the tree (the Worker answers a flat list) -------------------------------------

export type TreeNode = { unit: OrgUnit; depth: number; children: TreeNode[] };

/** Units in tree order, each with its depth: parents before children, names alphabetical. */
export function buildTree(units: OrgUnit[]): TreeNode[] {
  const byParent = new Map<string | null, OrgUnit[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), unit]);
  }
  const grow = (parentId: string | null, depth: number, seen: Set<string>): TreeNode[] =>
    (byParent.get(parentId) ?? [])
      .filter((u) => !seen.has(u.id))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((unit) => ({ unit, depth, children: grow(unit.id, depth + 1, new Set([...seen, unit.id])) }));
  return grow(null, 0, new Set());
}

/** Tree order, flattened: for selects, where the depth shows as indentation. */
export function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The unit's path from the top, e.g. "North campus › History". */
export function unitPath(units: OrgUnit[], unit: OrgUnit): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const names = [unit.name];
  const seen = new Set([unit.id]);
  for (let at = unit.parentId ? byId.get(unit.parentId) : undefined; at && !seen.has(at.id); at = at.parentId ? byId.get(at.parentId) : undefined) {
    seen.add(at.id);
    names.unshift(at.name);
  }
  return names.join(' › ');
}

/**
 * Where a unit of `type` may go (mirrors the Worker): a campus at the top level or under a
 * campus; a department at the top level, under a campus or a department. A unit being moved
 * (`self`) cannot go under itself or its own sub-units.
 */
export function allowedParents(units: OrgUnit[], type: OrgUnitType, self: string | null = null): OrgUnit[] {
  const excluded = new Set<string>();
  if (self) {
    excluded.add(self);
    let grew = true;
    while (grew) {
      grew = false;
      for (const u of units) if (u.parentId && excluded.has(u.parentId) && !excluded.has(u.id)) (excluded.add(u.id), (grew = true));
    }
  }
  return units.filter((u) => !excluded.has(u.id) && (type === 'department' || u.type === 'campus'));
}
