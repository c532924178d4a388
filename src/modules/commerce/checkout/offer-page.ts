import { z } from 'zod';
import { Conflict, NotFound, RateLimited } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { requireActor } from '../../identity/actor.ts';
import { hasRole } from '../../identity/roles.ts';
import { Id } from '../catalogue/validation.ts';
import { couponLookupFrom, couponLookupQueries, couponProblem, normaliseCode, priceWith } from '../catalogue/coupons.ts';
import { chargeProblem } from '../money/minimum-charge.ts';
import { learnerOfferFrom, learnerOfferQueries } from './load.ts';

export const GetOfferInput = z.object({ offerId: Id });
export const QuoteInput = z.object({
  offerId: Id,
  couponCode: z.string({ error: 'Type a coupon code.' }).trim().min(1, { error: 'Type a coupon code.' }).max(100, { error: 'There is no coupon that long.' }),
});

/** `RATE_LIMIT_COUPON` per school and member: guessing codes costs a minute every 20 tries. */
export async function limitCouponTries(ctx: SchoolCtx, userId: string) {
  const { success } = await ctx.env.RATE_LIMIT_COUPON.limit({ key: `${ctx.school.id}:${userId}` });
  if (!success) throw new RateLimited('Too many coupon attempts. Wait a minute and try again.');
}

export const paymentsNotReady = (ctx: SchoolCtx) => `${ctx.school.name} cannot take payments yet: its Stripe account is not set up.`;

/**
 * The offer's page, for anyone: what it is, what it grants, whether the viewer already has
 * it and whether they can buy it now (and if not, why, in a sentence). One batch. Only
 * active offers exist for learners; staff (instructor+) may look at the others.
 */
export async function getPublicOffer({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const { offerId } = GetOfferInput.parse(input);
  const rows = await ctx.schoolDb.db.batch(learnerOfferQueries(ctx, offerId));
  const { offer, visibleCourses, owned, account, continueTo } = learnerOfferFrom(ctx, rows);
  const isStaff = !!ctx.actor && hasRole(ctx.actor.membership.role, 'instructor');
  if (!offer || (offer.status !== 'active' && !isStaff)) throw new NotFound('There is no such offer.');
  const canTakePayment = !!ctx.env.STRIPE_SECRET_KEY && !!account?.chargesEnabled;
  const cannotBuyReason =
    offer.status !== 'active'
      ? `This offer is ${offer.status === 'draft' ? 'a draft' : 'archived'}; learners cannot see or buy it.`
      : owned
        ? 'You already have access to everything this offer includes.'
        : offer.priceCents > 0 && !canTakePayment
          ? paymentsNotReady(ctx)
          : !ctx.actor
            ? 'Sign in to buy this offer.'
            : null;
  return {
    offer: {
      id: offer.id,
      title: offer.title,
      description: offer.description,
      offerType: offer.offerType,
      priceCents: offer.priceCents,
      currency: offer.currency,
      billingInterval: offer.billingInterval,
      accessScope: offer.accessScope,
      courses: visibleCourses.map((c) => ({ slug: c.slug, title: c.title, summary: c.summary })),
    },
    owned,
    canBuy: cannotBuyReason === null,
    cannotBuyReason,
    continueTo,
  };
}

/** What the learner would pay with a coupon (signed in; rate-limited). Takes no use of the coupon. */
export async function quoteOffer({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { offerId, couponCode } = QuoteInput.parse(input);
  await limitCouponTries(ctx, actor.user.id);
  const code = normaliseCode(couponCode);
  const { db } = ctx.schoolDb;
  const [offerRows, courseRows, entRows, accountRows, couponRows, couponLinks] = await db.batch([...learnerOfferQueries(ctx, offerId), ...couponLookupQueries(ctx.schoolDb, code, actor.user.id, ctx.now)]);
  const { offer } = learnerOfferFrom(ctx, [offerRows, courseRows, entRows, accountRows]);
  if (!offer || offer.status !== 'active') throw new NotFound('There is no such offer.');
  const found = couponLookupFrom([couponRows, couponLinks]);
  const problem = couponProblem(code, found, offer, ctx.now);
  if (problem) throw problem;
  const price = priceWith(offer.priceCents, found!.coupon);
  // Say it now, not at checkout: a total Stripe cannot charge (free is fine).
  const unchargeable = price.totalCents > 0 ? chargeProblem(offer, price) : null;
  if (unchargeable) throw new Conflict(unchargeable);
  return { ...price, currency: offer.currency, coupon: { code: found!.coupon.code } };
}
