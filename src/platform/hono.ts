import { Hono } from 'hono';
import type { Actor } from '../modules/identity/actor.ts';
import type { ResolvedSchool } from '../modules/tenancy/resolve-school.ts';
import type { PlatformDb } from './db/platform-db.ts';
import type { QueryCounter } from './db/query-counter.ts';
import type { SchoolDb } from './db/school-db.ts';
import type { Env } from './env.ts';

/** Which kind of host a request arrived on; set by the tenancy middleware on every request. */
export type HostContext =
  | { kind: 'apex' }
  | { kind: 'auth' }
  | { kind: 'school'; school: ResolvedSchool; schoolDb: SchoolDb };

/** Every context variable, declared once. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    platformDb: PlatformDb;
    /** D1 round trips made so far by this request, per database (reported outside production). */
    d1Queries: { platform: QueryCounter; school: QueryCounter };
    host: HostContext;
    /** Per-response nonce for the one inline <style> the shell carries. */
    cspNonce: string;
    /** The request's clock; services take it from their ctx so tests can move time. */
    now: Date;
    /** The signed-in member on a school host, else null. */
    actor: Actor | null;
  };
};

/** Variables guaranteed on routes mounted behind `onSchoolHost`. */
export type SchoolHostEnv = AppEnv & {
  Variables: AppEnv['Variables'] & { school: ResolvedSchool; schoolDb: SchoolDb };
};

/** Every (sub-)app is made here, so they all share one env type. */
export function newApp<E extends AppEnv = AppEnv>() {
  return new Hono<E>();
}
