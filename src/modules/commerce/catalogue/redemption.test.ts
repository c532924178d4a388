import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { BRESLOV } from '../../../../test/workers/fixtures.ts';
import { couponRedemptions } from '../schema.ts';
import { redeemCoupon } from './coupons.ts';
import { commerceDbOf, seedOffer } from '../testing.ts';
import { seedCoupon } from './testing.ts';

const sdb = commerceDbOf(BRESLOV);
const held = async (couponId: string) =>
  (await sdb.db.select().from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)))).filter((r) => r.status !== 'released');

describe('atomic coupon redemption (real D1)', () => {
  it('200 concurrent redemptions against a limit of 7 → exactly 7 rows', async () => {
    const offerId = await seedOffer(BRESLOV);
    const { id: couponId } = await seedCoupon(BRESLOV, { usageLimit: 7 });
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => redeemCoupon(sdb, { couponId, userId: `race-user-${i}-${crypto.randomUUID()}`, offerId, status: i % 2 ? 'reserved' : 'redeemed', reservedUntil: i % 2 ? new Date(now.getTime() + 60_000) : null, discountCents: 980, now })),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(7);
    expect(await held(couponId)).toHaveLength(7);
  });

  it('200 concurrent tries by one learner on an unlimited coupon → exactly 1', async () => {
    const offerId = await seedOffer(BRESLOV);
    const { id: couponId } = await seedCoupon(BRESLOV);
    const userId = `same-user-${crypto.randomUUID()}`;
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => redeemCoupon(sdb, { couponId, userId, offerId, status: 'redeemed', discountCents: 1, now })));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await held(couponId)).toHaveLength(1);
  });

  it('an expired reservation no longer counts; a disabled or expired coupon takes none', async () => {
    const offerId = await seedOffer(BRESLOV);
    const { id: couponId } = await seedCoupon(BRESLOV, { usageLimit: 1 });
    const t0 = new Date();
    const first = await redeemCoupon(sdb, { couponId, userId: `u-${crypto.randomUUID()}`, offerId, status: 'reserved', reservedUntil: new Date(t0.getTime() + 60_000), discountCents: 1, now: t0 });
    expect(first).not.toBeNull();
    expect(await redeemCoupon(sdb, { couponId, userId: `u-${crypto.randomUUID()}`, offerId, status: 'redeemed', discountCents: 1, now: t0 })).toBeNull();
    // After the reservation's checkout expired, the use is free again.
    expect(await redeemCoupon(sdb, { couponId, userId: `u-${crypto.randomUUID()}`, offerId, status: 'redeemed', discountCents: 1, now: new Date(t0.getTime() + 61_000) })).not.toBeNull();

    const { id: disabled } = await seedCoupon(BRESLOV, { status: 'disabled' });
    expect(await redeemCoupon(sdb, { couponId: disabled, userId: 'u', offerId, status: 'redeemed', discountCents: 1, now: t0 })).toBeNull();
    const { id: expired } = await seedCoupon(BRESLOV, { expiresAt: new Date(t0.getTime() - 1) });
    expect(await redeemCoupon(sdb, { couponId: expired, userId: 'u', offerId, status: 'redeemed', discountCents: 1, now: t0 })).toBeNull();
    expect(await sdb.db.select().from(couponRedemptions).where(sdb.scoped(couponRedemptions, and(eq(couponRedemptions.couponId, disabled))))).toEqual([]);
  });
});
