// Test helpers for the catalogue and checkout tests (workers project only).
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { hostOf } from '../../../../test/workers/fixtures.ts';
import { app } from '../../../app.ts';
import { schoolDbFor } from '../../../platform/db/school-db.ts';
import { couponOffers, coupons, offerCourses, offers, pricingChangeRequests, stripeAccounts } from '../schema.ts';
import { STRIPE_VARS } from '../stripe/testing.ts';

type School = { id: string; slug: string; d1Binding: string };

export const catalogueDbOf = (school: School) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

/**
 * A school's database under a school id of its own: the test then owns the school's one
 * Stripe account row (tests share the databases, and other files change Breslov's).
 */
export const syntheticSchool = <S extends School>(school: S, name = 'Synthetic School') => ({ ...school, id: `catalogue-test-${crypto.randomUUID()}`, name });

/** A request on `school`'s host as a browser sends it, with Stripe configured unless `stripe: false`. */
export function call(school: School, path: string, opts: { method?: string; cookie?: string; body?: unknown; stripe?: boolean } = {}): Promise<Response> {
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

export async function seedOffer(school: School, over: Partial<typeof offers.$inferInsert> = {}, courseIds: string[] = []) {
  const sdb = catalogueDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  await sdb.db.insert(offers).values(sdb.withSchool({ id, title: `Offer ${id.slice(0, 6)}`, offerType: 'one_time' as const, priceCents: 4900, status: 'active' as const, createdBy: 'seed', ...over }));
  if (courseIds.length) await sdb.db.insert(offerCourses).values(courseIds.map((courseId) => sdb.withSchool({ offerId: id, courseId })));
  return id;
}

export const uniqueCode = (prefix = 'T') => `${prefix}${crypto.randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;

export async function seedCoupon(school: School, over: Partial<typeof coupons.$inferInsert> = {}, offerIds: string[] = []) {
  const sdb = catalogueDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  const code = over.code ?? uniqueCode();
  await sdb.db.insert(coupons).values(sdb.withSchool({ id, code, discountType: 'percent' as const, percentOff: 20, createdBy: 'seed', ...over }));
  if (offerIds.length) await sdb.db.insert(couponOffers).values(offerIds.map((offerId) => sdb.withSchool({ couponId: id, offerId })));
  return { id, code };
}

export async function seedPricingRequest(school: School, offerId: string, over: Partial<typeof pricingChangeRequests.$inferInsert> = {}) {
  const sdb = catalogueDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  await sdb.db.insert(pricingChangeRequests).values(sdb.withSchool({ id, offerId, requestedBy: 'seed', currentPriceCents: 4900, proposedPriceCents: 5900, ...over }));
  return id;
}

/** The (synthetic) school's connected account, enabled unless told otherwise. */
export async function seedStripeAccount(school: School, over: Partial<typeof stripeAccounts.$inferInsert> = {}) {
  const sdb = catalogueDbOf(school);
  const stripeAccountId = over.stripeAccountId ?? `acct_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await sdb.db.insert(stripeAccounts).values(sdb.withSchool({ stripeAccountId, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, createdBy: 'seed', ...over }));
  return stripeAccountId;
}
