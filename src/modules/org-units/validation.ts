import { z } from 'zod';

// Inputs of the org-unit verbs. Messages are shown next to the field, so they say what to enter.

export const ORG_UNIT_TYPES = ['campus', 'department'] as const;
export type OrgUnitType = (typeof ORG_UNIT_TYPES)[number];

const Id = z.string({ error: 'Give the id of the record.' }).trim().min(1, { error: 'Give the id of the record.' }).max(100);
const Name = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, { error: 'Enter a name.' })
  .max(120, { error: 'Keep the name to 120 characters or fewer.' });
/** null (or absent on create) puts the unit at the top level. */
const ParentId = Id.nullable();

export const CreateOrgUnitInput = z.object({
  type: z.enum(ORG_UNIT_TYPES, { error: 'Choose a type: campus or department.' }),
  name: Name,
  parentId: ParentId.optional().transform((v) => v ?? null),
});

export const UpdateOrgUnitInput = z
  .object({ unitId: Id, name: Name.optional(), parentId: ParentId.optional() })
  .refine((v) => v.name !== undefined || v.parentId !== undefined, { error: 'Send a new name or a new parentId (null for the top level).' });

export const OrgUnitIdInput = z.object({ unitId: Id });
export const OrgUnitMemberInput = z.object({ unitId: Id, userId: Id });
