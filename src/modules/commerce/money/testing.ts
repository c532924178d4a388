// Test helpers for the money tests (workers project only); the shared ones (commerceDbOf,
// callApp, seedOffer, ensureStripeAccount…) are in ../testing.ts.
import { commerceDbOf, type School } from '../testing.ts';
import { subscriptions, transactions } from '../schema.ts';

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
