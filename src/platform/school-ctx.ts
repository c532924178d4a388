import type { Context } from 'hono';
import type { Actor } from '../modules/identity/actor.ts';
import type { ResolvedSchool } from '../modules/tenancy/resolve-school.ts';
import type { PlatformDb } from './db/platform-db.ts';
import type { SchoolDb } from './db/school-db.ts';
import type { Env } from './env.ts';
import type { SchoolHostEnv } from './hono.ts';

/**
 * What a service verb on a school host gets instead of Hono's Context: who (actor), where
 * (school, its database), when (now) and the bindings. Queues, cron and scripts build the
 * same shape, so services never depend on HTTP.
 */
export type SchoolCtx = {
  env: Env;
  platformDb: PlatformDb;
  school: ResolvedSchool;
  schoolDb: SchoolDb;
  actor: Actor | null;
  now: Date;
  /** The request's own origin, e.g. http://breslov.localhost:8787, for links back to it. */
  origin: string;
};

export function schoolCtx(c: Context<SchoolHostEnv>): SchoolCtx {
  return {
    env: c.env,
    platformDb: c.var.platformDb,
    school: c.var.school,
    schoolDb: c.var.schoolDb,
    actor: c.var.actor,
    now: c.var.now,
    origin: new URL(c.req.url).origin,
  };
}
