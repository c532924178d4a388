// Test helpers for the catalogue and checkout tests (workers project only); the shared ones
// (commerceDbOf, callApp, seedOffer, syntheticSchool, seedStripeAccount…) are in ../testing.ts.
import { commerceDbOf, type School } from '../testing.ts';
import { couponOffers, coupons, pricingChangeRequests } from '../schema.ts';


export const uniqueCode = (prefix = 'T') => `${prefix}${crypto.randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;

export async function seedCoupon(school: School, over: Partial<typeof coupons.$inferInsert> = {}, offerIds: string[] = []) {
  const sdb = commerceDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  const code = over.code ?? uniqueCode();
  await sdb.db.insert(coupons).values(sdb.withSchool({ id, code, discountType: 'percent' as const, percentOff: 20, createdBy: 'seed', ...over }));
  if (offerIds.length) await sdb.db.insert(couponOffers).values(offerIds.map((offerId) => sdb.withSchool({ couponId: id, offerId })));
  return { id, code };
}

export async function seedPricingRequest(school: School, offerId: string, over: Partial<typeof pricingChangeRequests.$inferInsert> = {}) {
  const sdb = commerceDbOf(school);
  const id = over.id ?? crypto.randomUUID();
  await sdb.db.insert(pricingChangeRequests).values(sdb.withSchool({ id, offerId, requestedBy: 'seed', currentPriceCents: 4900, proposedPriceCents: 5900, ...over }));
  return id;
}
