import type { SchoolStatus } from '../../src/modules/tenancy/schema.ts';
import { operatorAuditSql } from './audit.ts';
import { OperatorError } from './cli.ts';
import { executePlatform, findSchoolBySlug } from './platform-schools.ts';
import { setSchoolStatusSql } from './school-rows.ts';
import type { D1Gateway } from './wrangler.ts';

export type StatusChange = 'suspend' | 'activate';

const TARGET: Record<StatusChange, SchoolStatus> = { suspend: 'suspended', activate: 'active' };
/** The one status each change starts from; anything else is refused or already done. */
const FROM: Record<StatusChange, SchoolStatus> = { suspend: 'active', activate: 'suspended' };

/** Suspends or re-activates a school. Returns false when it was already in that state. */
export async function changeSchoolStatus(ctx: { d1: D1Gateway; actor: string }, change: StatusChange, slug: string): Promise<boolean> {
  const school = await findSchoolBySlug(ctx.d1, slug);
  if (!school) throw new OperatorError(`No school has the slug "${slug}"; see \`npm run schools:list\`.`);
  const to = TARGET[change];
  if (school.status === to) return false;
  if (school.status === 'archived') throw new OperatorError(`"${slug}" is archived; archived schools cannot be ${change === 'activate' ? 'activated' : 'suspended'} with school:${change}.`);
  if (school.status === 'provisioning') throw new OperatorError(`"${slug}" is still being provisioned; re-run school:create for it first.`);
  if (school.status !== FROM[change]) throw new OperatorError(`"${slug}" is ${school.status}; school:${change} only changes ${FROM[change]} schools.`);
  await executePlatform(ctx.d1, [
    setSchoolStatusSql(slug, to),
    operatorAuditSql({ actor: ctx.actor, action: `school.${change}`, schoolId: school.id, details: { slug, from: school.status, to } }),
  ]);
  return true;
}
