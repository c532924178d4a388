// Test helpers shared by the commerce tests (workers project only); helpers only one area's
// tests need stay in that area's testing.ts (catalogue/, money/, stripe/, webhooks/).
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { hostOf } from '../../../test/workers/fixtures.ts';
import { app } from '../../app.ts';
import { schoolDbFor } from '../../platform/db/school-db.ts';
import { offerCourses, offers, stripeAccounts } from './schema.ts';
import { STRIPE_VARS } from './stripe/testing.ts';

export type School = { id: string; slug: string; d1Binding: string };

/** The school's database, scoped to the school's id. */
export const commerceDbOf = (school: School) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

/**
 * A school's database under a school id of its own: the test then owns the school's one
 * Stripe account row (tests share the databases, and other files change Breslov's).
 */
export const syntheticSchool = <S extends School>(school: S, name = 'Synthetic School') => ({ ...school, id: `commerce-test-${crypto.randomUUID()}`, name });

/**
 * A request to the app on `school`'s host as a browser would send it, with Stripe configured
 * (pass `stripe: false` for a deployment without a key).
 */
export function callApp(school: School, path: string, opts: { method?: string; cookie?: string; body?: unknown; stripe?: boolean } = {}): Promise<Response> {
  const host = hostOf(school);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.method && opts.method !== 'GET') {
    headers.origin = `http://${host}`;
    headers['content-type'] = 'application/json';
  }
  const vars = opts.stripe === false ? {} : STRIPE_VARS;
  const req = new Request(`http://${host}${path}`, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return Promise.resolve(app.fetch(req, { ...env, ...vars }, createExecutionContext()));
}

/** An active one-time offer at 49.00 (any column overridable), listing `courseIds`. */
export async function seedOffer(school: School, over: Partial<typeof offers.$inferInsert> = {}, courseIds: string[] = []) {
  const sdb = commerceDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  await sdb.db.insert(offers).values(sdb.withSchool({ id, title: `Offer ${id.slice(0, 6)}`, offerType: 'one_time' as const, priceCents: 4900, status: 'active' as const, createdBy: 'seed', ...over }));
  if (courseIds.length) await sdb.db.insert(offerCourses).values(courseIds.map((courseId) => sdb.withSchool({ offerId: id, courseId })));
  return id;
}

const stripeAccountRow = (over: Partial<typeof stripeAccounts.$inferInsert> = {}) => ({
  stripeAccountId: `acct_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`,
  chargesEnabled: true,
  payoutsEnabled: true,
  detailsSubmitted: true,
  createdBy: 'seed',
  ...over,
});

/** The (synthetic) school's connected account, enabled unless told otherwise. */
export async function seedStripeAccount(school: School, over: Partial<typeof stripeAccounts.$inferInsert> = {}) {
  const sdb = commerceDbOf(school);
  const row = stripeAccountRow(over);
  await sdb.db.insert(stripeAccounts).values(sdb.withSchool(row));
  return row.stripeAccountId;
}

/** The school's connected account row: the one already there (tests share the databases), else a new enabled one. */
export async function ensureStripeAccount(school: School): Promise<string> {
  const sdb = commerceDbOf(school);
  await sdb.db.insert(stripeAccounts).values(sdb.withSchool(stripeAccountRow())).onConflictDoNothing();
  const [row] = await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts)).limit(1);
  return row!.stripeAccountId;
}
