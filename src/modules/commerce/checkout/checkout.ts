import type { BatchItem } from 'drizzle-orm/batch';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { z } from 'zod';
import { insertWhere } from '../../../platform/db/guarded-write.ts';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditValues } from '../../audit/record.ts';
import { auditLogs } from '../../audit/schema.ts';
import { entitlements } from '../../courses/schema.ts';
import { requireActor } from '../../identity/actor.ts';
import { type CouponRow, couponLookupFrom, couponLookupQueries, couponProblem, normaliseCode, priceWith, redemptionExists, redemptionRefusal, redemptionStatement, releaseStatement } from '../catalogue/coupons.ts';
import { Id } from '../catalogue/validation.ts';
import { stripeFailure } from '../connect/stripe-error.ts';
import { chargeProblem } from '../money/minimum-charge.ts';
import { formatMoney } from '../money/format.ts';
import { checkoutSessions, couponRedemptions, coupons, offers, transactions } from '../schema.ts';
import { platformFeeBps, STRIPE_NOT_CONFIGURED, stripeFor } from '../stripe/client.ts';
import { entitlementRowsFor } from './grant.ts';
import { learnerOfferFrom, learnerOfferQueries } from './load.ts';
import { limitCouponTries, paymentsNotReady } from './offer-page.ts';

export const CheckoutInput = z.object({
  offerId: Id,
  couponCode: z.string().trim().max(100, { error: 'There is no coupon that long.' }).nullish(),
});
export const CheckoutStatusInput = z.object({ sessionId: z.string().trim().min(1).max(300) });

/**
 * How long a Stripe checkout (and the coupon use it reserves) stays open. Stripe refuses an
 * `expires_at` under 30 minutes after the session's creation, so the margin keeps network
 * latency from turning "exactly 30 minutes" into a refused request.
 */
export const CHECKOUT_TTL_MS = 31 * 60_000;

/**
 * A coupon use reserved by a checkout is held this long past the session's `expires_at`, so
 * a learner paying in the session's last seconds (or a slow `checkout.session.completed`)
 * never finds the use taken by someone else. `checkout.session.expired` releases it anyway.
 */
export const COUPON_HOLD_GRACE_MS = 15 * 60_000;

type OfferRow = typeof offers.$inferSelect;
type Batch = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

/**
 * Buys an offer for the signed-in member. A total of 0 (a free offer, or a coupon taking it
 * all) grants access at once in one batch, without Stripe. Anything else reserves the coupon,
 * records our checkout and opens a Stripe Checkout Session on the school's connected account;
 * the webhook consumer grants access when Stripe says it was paid.
 */
export async function startCheckout({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const data = CheckoutInput.parse(input);
  const code = data.couponCode ? normaliseCode(data.couponCode) : '';
  if (code) await limitCouponTries(ctx, actor.user.id);
  const { db } = ctx.schoolDb;
  const [offerRows, courseRows, entRows, accountRows, couponRows, couponLinks, openRows] = await db.batch([
    ...learnerOfferQueries(ctx, data.offerId),
    ...couponLookupQueries(ctx.schoolDb, code, actor.user.id, ctx.now),
    openCheckoutQuery(ctx, data.offerId),
  ]);
  const { offer, courseIds, owned, account, continueTo } = learnerOfferFrom(ctx, [offerRows, courseRows, entRows, accountRows]);
  if (!offer || offer.status !== 'active') throw new NotFound('There is no such offer.');
  if (owned) throw new Conflict(`You already have access to everything in “${offer.title}”.`);
  const stripe = stripeFor(ctx.env);
  let lookup = [couponRows, couponLinks] as const;
  if (openRows[0]) {
    // Back from Stripe's page (or in a second tab): the earlier session must never be paid
    // too. Replacing it gives its coupon use back, so the coupon is read again.
    await replaceOpenCheckout(ctx, openRows[0], stripe, account?.stripeAccountId);
    if (code) lookup = await db.batch(couponLookupQueries(ctx.schoolDb, code, actor.user.id, ctx.now));
  }
  const found = code ? couponLookupFrom(lookup) : null;
  if (code) {
    const problem = couponProblem(code, found, offer, ctx.now);
    if (problem) throw problem;
  }
  const coupon = found?.coupon ?? null;
  const price = priceWith(offer.priceCents, coupon);
  // A subscription whose first invoice a coupon covers still bills later: it goes through Stripe.
  const free = offer.priceCents === 0 || (price.totalCents === 0 && offer.offerType !== 'subscription');
  const unchargeable = free ? null : chargeProblem(offer, price);
  if (unchargeable) throw new Conflict(unchargeable);
  if (free) return grantFree(ctx, { offer, courseIds, coupon, code, price, continueTo });

  if (!stripe) throw new Conflict(STRIPE_NOT_CONFIGURED);
  if (!account?.chargesEnabled) throw new Conflict(paymentsNotReady(ctx));
  return openStripeCheckout(ctx, { stripe, stripeAccount: account.stripeAccountId, offer, coupon, code, price });
}

type Price = ReturnType<typeof priceWith>;

async function grantFree(ctx: SchoolCtx, { offer, courseIds, coupon, code, price, continueTo }: { offer: OfferRow; courseIds: string[]; coupon: CouponRow | null; code: string; price: Price; continueTo: string }) {
  const actor = requireActor(ctx.actor);
  const { db, withSchool } = ctx.schoolDb;
  const transactionId = crypto.randomUUID();
  const redemption = coupon ? redemptionStatement(ctx.schoolDb, { couponId: coupon.id, userId: actor.user.id, offerId: offer.id, status: 'redeemed', discountCents: price.discountCents, now: ctx.now }) : null;
  // With a coupon, everything lands only if its use was taken (same batch, same guard).
  const guard = redemption ? redemptionExists(ctx.schoolDb, redemption.id) : null;
  const grants = entitlementRowsFor(ctx.schoolDb, { accessScope: offer.accessScope, courseIds, userId: actor.user.id, source: 'free_offer', sourceRef: transactionId, startsAt: ctx.now });
  const tx = withSchool({
    id: transactionId,
    userId: actor.user.id,
    offerId: offer.id,
    kind: 'free' as const,
    status: 'paid' as const,
    amountCents: 0,
    discountCents: price.discountCents,
    refundedCents: 0,
    currency: offer.currency,
    couponId: coupon?.id ?? null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  const audit = auditValues(ctx.schoolDb, {
    actorUserId: actor.user.id,
    action: 'checkout.free_granted',
    entityType: 'transaction',
    entityId: transactionId,
    metadata: { offerId: offer.id, before: null, after: { kind: 'free', amountCents: 0, discountCents: price.discountCents, couponCode: coupon?.code ?? null, entitlements: grants.map((g) => ({ type: g.type, courseId: g.courseId })) } },
    now: ctx.now,
  });
  const statements = [
    ...(redemption ? [redemption.statement] : []),
    guard ? insertWhere(db, transactions, tx, guard) : db.insert(transactions).values(tx),
    ...grants.map((g) => (guard ? insertWhere(db, entitlements, g, guard) : db.insert(entitlements).values(g))),
    guard ? insertWhere(db, auditLogs, audit, guard) : db.insert(auditLogs).values(audit),
  ];
  const results = await db.batch(statements as unknown as Batch);
  if (redemption && (results[0] as unknown[]).length === 0) throw await redemptionRefusal(ctx.schoolDb, code, offer, actor.user.id, ctx.now);
  return { kind: 'granted' as const, continueTo, transactionId };
}

async function openStripeCheckout(
  ctx: SchoolCtx,
  { stripe, stripeAccount, offer, coupon, code, price }: { stripe: Stripe; stripeAccount: string; offer: OfferRow; coupon: CouponRow | null; code: string; price: Price },
) {
  const actor = requireActor(ctx.actor);
  const { db, scoped, withSchool, schoolId } = ctx.schoolDb;
  const checkoutId = crypto.randomUUID();
  const expiresAt = new Date(ctx.now.getTime() + CHECKOUT_TTL_MS);
  const redemption = coupon
    ? redemptionStatement(ctx.schoolDb, { couponId: coupon.id, userId: actor.user.id, offerId: offer.id, status: 'reserved', reservedUntil: new Date(expiresAt.getTime() + COUPON_HOLD_GRACE_MS), discountCents: price.discountCents, now: ctx.now })
    : null;
  const row = withSchool({
    id: checkoutId,
    // Replaced by Stripe's id once the session exists (the column is required and unique).
    stripeSessionId: `pending_${checkoutId}`,
    userId: actor.user.id,
    offerId: offer.id,
    couponRedemptionId: redemption?.id ?? null,
    amountCents: price.totalCents,
    currency: offer.currency,
    status: 'open' as const,
    expiresAt,
    createdAt: ctx.now,
  });
  // Two tabs at once: only one row lands (the guard runs inside the insert). A coupon use
  // taken for a row that did not land is given back in the same batch.
  const noneOpen = sql`not exists (select 1 from checkout_sessions where school_id = ${schoolId} and user_id = ${actor.user.id} and offer_id = ${offer.id} and status = 'open' and expires_at > ${ctx.now.getTime()})`;
  if (redemption) {
    const [reserved, inserted] = await db.batch([
      redemption.statement,
      insertWhere(db, checkoutSessions, row, sql`${redemptionExists(ctx.schoolDb, redemption.id)} and ${noneOpen}`).returning({ id: checkoutSessions.id }),
      db
        .update(couponRedemptions)
        .set({ status: 'released' })
        .where(scoped(couponRedemptions, eq(couponRedemptions.id, redemption.id), eq(couponRedemptions.status, 'reserved'), sql`not exists (select 1 from checkout_sessions where school_id = ${schoolId} and id = ${checkoutId})`)),
    ]);
    if (reserved.length === 0) throw await redemptionRefusal(ctx.schoolDb, code, offer, actor.user.id, ctx.now);
    if (inserted.length === 0) throw await openCheckoutRefusal(ctx, offer.id);
  } else {
    const inserted = await insertWhere(db, checkoutSessions, row, noneOpen).returning({ id: checkoutSessions.id });
    if (inserted.length === 0) throw await openCheckoutRefusal(ctx, offer.id);
  }

  let session: Stripe.Checkout.Session;
  try {
    const metadata: Record<string, string> = { schoolId, offerId: offer.id, userId: actor.user.id, checkoutId, ...(redemption ? { couponRedemptionId: redemption.id } : {}) };
    const feeBps = platformFeeBps(ctx.env);
    const common = {
      client_reference_id: actor.user.id,
      customer_email: actor.user.email,
      expires_at: Math.floor(expiresAt.getTime() / 1000),
      success_url: `${ctx.origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${ctx.origin}/offers/${offer.id}`,
      metadata,
    };
    let params: Stripe.Checkout.SessionCreateParams;
    if (offer.offerType === 'subscription') {
      const priceId = await ensureStripePrice(ctx, stripe, stripeAccount, offer);
      const stripeCouponId = coupon ? await ensureStripeCoupon(ctx, stripe, stripeAccount, coupon) : null;
      params = {
        ...common,
        mode: 'subscription',
        line_items: [{ price: priceId, quantity: 1 }],
        ...(stripeCouponId ? { discounts: [{ coupon: stripeCouponId }] } : {}),
        subscription_data: { metadata, ...(feeBps > 0 ? { application_fee_percent: feeBps / 100 } : {}) },
      };
    } else {
      const fee = Math.floor((price.totalCents * feeBps) / 10_000);
      params = {
        ...common,
        mode: 'payment',
        // A Stripe Customer even for a one-time purchase: the billing portal (receipts, card) needs one.
        customer_creation: 'always',
        line_items: [{ quantity: 1, price_data: { currency: offer.currency, unit_amount: price.totalCents, product_data: { name: lineItemName(offer, coupon) } } }],
        payment_intent_data: { metadata, ...(fee > 0 ? { application_fee_amount: fee } : {}) },
      };
    }
    session = await stripe.checkout.sessions.create(params, { stripeAccount, idempotencyKey: `checkout-${checkoutId}` });
    if (!session.url) throw new Error('Stripe answered without a checkout URL');
  } catch (err) {
    // Nothing was sold: give the coupon use back and close our row.
    await db.batch([
      db.update(checkoutSessions).set({ status: 'expired' }).where(scoped(checkoutSessions, eq(checkoutSessions.id, checkoutId))),
      ...(redemption ? [releaseStatement(ctx.schoolDb, redemption.id)] : []),
    ]);
    // Stripe refusing the request (amount, currency, account state…) → 409 with Stripe's words;
    // an outage, the network or the platform key → 503 "try again". Nothing was charged either way.
    throw stripeFailure('start the checkout', err);
  }

  await db.batch([
    db.update(checkoutSessions).set({ stripeSessionId: session.id }).where(scoped(checkoutSessions, eq(checkoutSessions.id, checkoutId))),
    ...(redemption ? [db.update(couponRedemptions).set({ stripeCheckoutSessionId: session.id }).where(scoped(couponRedemptions, eq(couponRedemptions.id, redemption.id)))] : []),
  ]);
  return { kind: 'redirect' as const, url: session.url };
}

/**
 * Starting again replaces the member's open checkout for the offer: Stripe expires the old
 * session first (so it can no longer be paid), then our row closes and its coupon use is
 * given back. A session Stripe will not expire was paid a moment ago; one still being created
 * (another tab, this instant) is left alone and the member is asked to wait.
 */
async function replaceOpenCheckout(ctx: SchoolCtx, open: OpenCheckout, stripe: Stripe | null, stripeAccount: string | undefined): Promise<void> {
  if (!stripe || !stripeAccount || open.stripeSessionId.startsWith('pending_')) throw openCheckoutConflict(ctx, open.expiresAt);
  try {
    await stripe.checkout.sessions.expire(open.stripeSessionId, {}, { stripeAccount });
  } catch (err) {
    const stripeError = err as { type?: string; code?: string };
    if (stripeError.type === 'StripeInvalidRequestError' && stripeError.code !== 'resource_missing') {
      throw new Conflict('Your earlier checkout for this offer has just been paid; it will appear in your purchases in a moment.');
    }
    if (stripeError.code !== 'resource_missing') throw stripeFailure('replace your earlier checkout', err);
  }
  const { db, scoped } = ctx.schoolDb;
  await db.batch([
    db.update(checkoutSessions).set({ status: 'expired' }).where(scoped(checkoutSessions, eq(checkoutSessions.id, open.id), eq(checkoutSessions.status, 'open'))),
    ...(open.couponRedemptionId ? [releaseStatement(ctx.schoolDb, open.couponRedemptionId)] : []),
  ]);
}

type OpenCheckout = { id: string; stripeSessionId: string; couponRedemptionId: string | null; expiresAt: Date };

/** The member's checkout for this offer that is still open (its Stripe session can still be paid), if any. */
function openCheckoutQuery(ctx: SchoolCtx, offerId: string) {
  const { db, scoped } = ctx.schoolDb;
  return db
    .select({ id: checkoutSessions.id, stripeSessionId: checkoutSessions.stripeSessionId, couponRedemptionId: checkoutSessions.couponRedemptionId, expiresAt: checkoutSessions.expiresAt })
    .from(checkoutSessions)
    .where(scoped(checkoutSessions, eq(checkoutSessions.userId, ctx.actor?.user.id ?? ''), eq(checkoutSessions.offerId, offerId), eq(checkoutSessions.status, 'open'), gt(checkoutSessions.expiresAt, ctx.now)))
    .orderBy(sql`${checkoutSessions.expiresAt} desc`)
    .limit(1);
}

function openCheckoutConflict(ctx: SchoolCtx, expiresAt: Date) {
  const minutes = Math.max(1, Math.ceil((expiresAt.getTime() - ctx.now.getTime()) / 60_000));
  return new Conflict(`You already have a checkout open for this offer; finish it, or wait ${minutes} minute${minutes === 1 ? '' : 's'} for it to expire and start again.`);
}

/** After the guarded insert refused: the open checkout that won the race. */
async function openCheckoutRefusal(ctx: SchoolCtx, offerId: string) {
  const [open] = await openCheckoutQuery(ctx, offerId);
  return openCheckoutConflict(ctx, open?.expiresAt ?? new Date(ctx.now.getTime() + CHECKOUT_TTL_MS));
}

function lineItemName(offer: OfferRow, coupon: CouponRow | null): string {
  if (!coupon) return offer.title;
  const off = coupon.discountType === 'percent' ? `${coupon.percentOff}% off` : `${formatMoney(coupon.amountOffCents!, coupon.currency)} off`;
  return `${offer.title} (coupon ${coupon.code}: ${off})`;
}

/** The offer's recurring Stripe price on the connected account, created (with its product) on first sale and stored. */
async function ensureStripePrice(ctx: SchoolCtx, stripe: Stripe, stripeAccount: string, offer: OfferRow): Promise<string> {
  if (offer.stripePriceId) return offer.stripePriceId;
  const { db, scoped, schoolId } = ctx.schoolDb;
  const productId =
    offer.stripeProductId ??
    (await stripe.products.create({ name: offer.title, metadata: { schoolId, offerId: offer.id } }, { stripeAccount, idempotencyKey: `product-${offer.id}` })).id;
  const price = await stripe.prices.create(
    { product: productId, unit_amount: offer.priceCents, currency: offer.currency, recurring: { interval: offer.billingInterval ?? 'month' }, metadata: { schoolId, offerId: offer.id } },
    { stripeAccount, idempotencyKey: `price-${offer.id}-${offer.priceCents}` },
  );
  await db.update(offers).set({ stripeProductId: productId, stripePriceId: price.id }).where(scoped(offers, eq(offers.id, offer.id), isNull(offers.stripePriceId)));
  return price.id;
}

/** The coupon's Stripe twin (`duration: once`) on the connected account, created on first use and stored. */
async function ensureStripeCoupon(ctx: SchoolCtx, stripe: Stripe, stripeAccount: string, coupon: CouponRow): Promise<string> {
  if (coupon.stripeCouponId) return coupon.stripeCouponId;
  const { db, scoped, schoolId } = ctx.schoolDb;
  const created = await stripe.coupons.create(
    {
      duration: 'once',
      name: coupon.code,
      ...(coupon.discountType === 'percent' ? { percent_off: coupon.percentOff! } : { amount_off: coupon.amountOffCents!, currency: coupon.currency }),
      metadata: { schoolId, couponId: coupon.id },
    },
    { stripeAccount, idempotencyKey: `coupon-${coupon.id}` },
  );
  await db.update(coupons).set({ stripeCouponId: created.id }).where(scoped(coupons, eq(coupons.id, coupon.id), isNull(coupons.stripeCouponId)));
  return created.id;
}

/**
 * The success page asks until the webhook consumer has recorded the payment: `pending` until
 * a transaction exists for the Stripe session, `complete` once the member holds what it
 * grants, `expired` once the `checkout.session.expired` webhook closed our row. A session past
 * its time with no transaction yet stays `pending`: it may have been paid with the webhook
 * still on its way. Only the member's own checkouts (404 otherwise).
 */
export async function getCheckoutStatus({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { sessionId } = CheckoutStatusInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [checkout] = await db
    .select()
    .from(checkoutSessions)
    .where(scoped(checkoutSessions, and(eq(checkoutSessions.stripeSessionId, sessionId), eq(checkoutSessions.userId, actor.user.id))))
    .limit(1);
  if (!checkout) throw new NotFound('There is no such checkout.');
  const [paid, ...rows] = await db.batch([
    db.select({ id: transactions.id }).from(transactions).where(scoped(transactions, eq(transactions.stripeCheckoutSessionId, sessionId))).limit(1),
    ...learnerOfferQueries(ctx, checkout.offerId),
  ]);
  const { offer, owned, continueTo } = learnerOfferFrom(ctx, rows);
  const recorded = paid.length > 0 || checkout.status === 'complete';
  const status = recorded && owned ? 'complete' : !recorded && checkout.status === 'expired' ? 'expired' : 'pending';
  return { status, offer: { id: checkout.offerId, title: offer?.title ?? '' }, continueTo };
}
