// Test helpers for the money and connect tests (workers project only).
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { app } from '../../../app.ts';
import { hostOf } from '../../../../test/workers/fixtures.ts';
import { schoolDbFor } from '../../../platform/db/school-db.ts';
import { STRIPE_VARS } from '../stripe/testing.ts';
import { offerCourses, offers, stripeAccounts, subscriptions, transactions } from '../schema.ts';

type School = { id: string; slug: string; d1Binding: string };

export const commerceDbOf = (school: School) => schoolDbFor(env[school.d1Binding as 'SCHOOL_BRESLOV'], school.id);

/**
 * A request to the app on `school`'s host as a browser would send it, with Stripe configured
 * (pass `stripe: false` for a deployment without a key).
 */
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
  const sdb = commerceDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  await sdb.db.insert(offers).values(sdb.withSchool({ id, title: `Offer ${id.slice(0, 6)}`, offerType: 'one_time' as const, priceCents: 5000, status: 'active' as const, createdBy: 'seed', ...over }));
  if (courseIds.length) await sdb.db.insert(offerCourses).values(courseIds.map((courseId) => sdb.withSchool({ offerId: id, courseId })));
  return id;
}

export async function seedTransaction(school: School, over: Partial<typeof transactions.$inferInsert> = {}) {
  const sdb = commerceDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  const [row] = await sdb.db
    .insert(transactions)
    .values(sdb.withSchool({ id, kind: 'purchase' as const, status: 'paid' as const, amountCents: 5000, currency: 'usd', stripePaymentIntentId: `pi_test_${id.replace(/-/g, '')}`, ...over }))
    .returning();
  return row!;
}

export async function seedSubscription(school: School, over: Partial<typeof subscriptions.$inferInsert> & { userId: string; offerId: string }) {
  const sdb = commerceDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  await sdb.db.insert(subscriptions).values(sdb.withSchool({ id, stripeSubscriptionId: `sub_test_${id.replace(/-/g, '')}`, status: 'active' as const, ...over }));
  return id;
}

/** The school's connected account row: the one already there (tests share the databases), else a new one. */
export async function ensureStripeAccount(school: School): Promise<string> {
  const sdb = commerceDbOf(school);
  await sdb.db
    .insert(stripeAccounts)
    .values(sdb.withSchool({ stripeAccountId: `acct_test_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, createdBy: 'seed' }))
    .onConflictDoNothing();
  const [row] = await sdb.db.select().from(stripeAccounts).where(sdb.scoped(stripeAccounts)).limit(1);
  return row!.stripeAccountId;
}
