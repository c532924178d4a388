import { and, eq, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { entitlements } from '../../../courses/schema.ts';
import { entitlementRowsFor } from '../../checkout/grant.ts';
import { checkoutSessions, couponRedemptions, transactions } from '../../schema.ts';
import { type Applied, type ApplyContext, type Effect, fromUnix, grantStatements, idOf, metadataOf, num, offerGrant, str, syncSubscriptionEntitlements } from './shared.ts';
import { ensureSubscription, extendPeriod } from './subscriptions.ts';

/**
 * checkout.session.completed / async_payment_succeeded / async_payment_failed / expired.
 *
 * A completed session is PAID only when `payment_status` is `paid` or `no_payment_required`.
 * With a delayed method (SEPA debit, ACH…) it completes `unpaid`: nothing is recorded or
 * granted, our checkout row stays `open` (awaiting payment), and the money's outcome arrives
 * later as `checkout.session.async_payment_succeeded` (handled exactly like a paid completion,
 * idempotently) or `checkout.session.async_payment_failed` (checkout `expired`, coupon use
 * released, nothing granted).
 *
 * Metadata set when Lectern created the session:
 * `{ schoolId, offerId, userId, checkoutId, couponRedemptionId? }` (checkoutId = our
 * checkout_sessions row).
 */

/**
 * Where clause for the coupon use of THIS checkout: the one the metadata names, but only if it
 * is not tied to another Stripe session, or the one tied to this session. A use that belongs
 * to another checkout is never touched.
 */
function thisCheckoutsRedemption(ctx: ApplyContext, sessionId: string, redemptionId: string | null, ...conditions: SQL[]): SQL {
  return ctx.schoolDb.scoped(
    couponRedemptions,
    or(
      redemptionId ? and(eq(couponRedemptions.id, redemptionId), or(isNull(couponRedemptions.stripeCheckoutSessionId), eq(couponRedemptions.stripeCheckoutSessionId, sessionId))) : undefined,
      eq(couponRedemptions.stripeCheckoutSessionId, sessionId),
    ),
    ...conditions,
  );
}

/** Statements: our checkout row complete and its coupon use redeemed. Only for a PAID checkout. */
function completeCheckout(ctx: ApplyContext, sessionId: string, checkoutId: string | null, redemptionId: string | null): Effect[] {
  const { schoolDb } = ctx;
  const at = fromUnix(ctx.event.created);
  return [
    schoolDb.db
      .update(checkoutSessions)
      .set({ status: 'complete', completedAt: at })
      .where(schoolDb.scoped(checkoutSessions, or(checkoutId ? eq(checkoutSessions.id, checkoutId) : undefined, eq(checkoutSessions.stripeSessionId, sessionId)), ne(checkoutSessions.status, 'complete'))),
    // Deliberately unguarded on the reservation's state: a use that was `released` because the
    // reservation lapsed (a payment completing after the 31 minutes, or a delayed method that
    // succeeded days later) becomes `redeemed` too — the learner PAID the discounted price, so the
    // coupon is honoured even if that takes it past its usage limit. Only this checkout's use.
    schoolDb.db
      .update(couponRedemptions)
      .set({ status: 'redeemed', redeemedAt: at, reservedUntil: null, stripeCheckoutSessionId: sessionId })
      .where(thisCheckoutsRedemption(ctx, sessionId, redemptionId, ne(couponRedemptions.status, 'redeemed'))),
  ];
}

/** Statements: our checkout row expired (if still open) and its reserved coupon use released. */
function abandonCheckout(ctx: ApplyContext, sessionId: string, checkoutId: string | null, redemptionId: string | null): Effect[] {
  const { schoolDb } = ctx;
  return [
    schoolDb.db
      .update(checkoutSessions)
      .set({ status: 'expired' })
      .where(schoolDb.scoped(checkoutSessions, or(checkoutId ? eq(checkoutSessions.id, checkoutId) : undefined, eq(checkoutSessions.stripeSessionId, sessionId)), eq(checkoutSessions.status, 'open'))),
    schoolDb.db
      .update(couponRedemptions)
      .set({ status: 'released', reservedUntil: null })
      .where(thisCheckoutsRedemption(ctx, sessionId, redemptionId, eq(couponRedemptions.status, 'reserved'))),
  ];
}

/** Whether a completed session's money is in (`unpaid` = a delayed method still on its way). */
function sessionIsPaid(session: Record<string, unknown>): boolean {
  return session.payment_status === 'paid' || session.payment_status === 'no_payment_required';
}

export async function applyCheckoutCompleted(ctx: ApplyContext): Promise<Applied> {
  if (!sessionIsPaid(ctx.event.data.object)) return { effects: [], note: `checkout completed with payment_status ${String(ctx.event.data.object.payment_status)}: awaiting payment, nothing granted` };
  return applyPaidCheckout(ctx);
}

/** checkout.session.async_payment_succeeded: the delayed payment arrived — the same path as a paid completion. */
export function applyCheckoutAsyncPaymentSucceeded(ctx: ApplyContext): Promise<Applied> {
  return applyPaidCheckout(ctx);
}

/** checkout.session.async_payment_failed: the delayed payment failed — checkout expired, coupon use released, nothing granted. */
export async function applyCheckoutAsyncPaymentFailed(ctx: ApplyContext): Promise<Applied> {
  const session = ctx.event.data.object;
  const sessionId = str(session.id);
  if (!sessionId) return { effects: [], note: 'checkout session without an id' };
  const { checkoutId = null, couponRedemptionId = null } = metadataOf(session);
  return { effects: abandonCheckout(ctx, sessionId, checkoutId, couponRedemptionId), note: 'delayed payment failed: nothing granted' };
}

async function applyPaidCheckout(ctx: ApplyContext): Promise<Applied> {
  const session = ctx.event.data.object;
  const sessionId = str(session.id);
  const { offerId, userId, checkoutId = null, couponRedemptionId = null } = metadataOf(session);
  if (!sessionId || !offerId || !userId) return { effects: [], note: 'checkout session without Lectern metadata' };
  return session.mode === 'subscription' ? subscriptionCheckout(ctx, sessionId, { offerId, userId, checkoutId, couponRedemptionId }) : paymentCheckout(ctx, sessionId, { offerId, userId, checkoutId, couponRedemptionId });
}

type Meta = { offerId: string; userId: string; checkoutId: string | null; couponRedemptionId: string | null };

/**
 * A one-time purchase: the transaction (found by session or payment intent, so a refund that
 * arrived first and left a placeholder row is completed, not duplicated), the checkout and
 * coupon, and the entitlements — none if the payment was already fully refunded.
 */
async function paymentCheckout(ctx: ApplyContext, sessionId: string, meta: Meta): Promise<Applied> {
  const { schoolDb, event } = ctx;
  const session = event.data.object;
  const paymentIntentId = idOf(session.payment_intent);
  const offer = await offerGrant(schoolDb, meta.offerId);
  const [existing] = await schoolDb.db
    .select({ id: transactions.id, refundedCents: transactions.refundedCents })
    .from(transactions)
    .where(schoolDb.scoped(transactions, or(eq(transactions.stripeCheckoutSessionId, sessionId), paymentIntentId ? eq(transactions.stripePaymentIntentId, paymentIntentId) : undefined)))
    .limit(1);
  // The discount is ours, not Stripe's: the line item went to Stripe already discounted
  // (price_data at the discounted amount), so total_details.amount_discount is 0.
  let couponId: string | null = null;
  let discountCents = 0;
  if (meta.couponRedemptionId) {
    const [redemption] = await schoolDb.db
      .select({ couponId: couponRedemptions.couponId, discountCents: couponRedemptions.discountCents })
      .from(couponRedemptions)
      .where(thisCheckoutsRedemption(ctx, sessionId, meta.couponRedemptionId))
      .limit(1);
    couponId = redemption?.couponId ?? null;
    discountCents = redemption?.discountCents ?? 0;
  }
  const amountCents = num(session.amount_total) ?? 0;
  const facts = {
    userId: meta.userId,
    offerId: meta.offerId,
    amountCents,
    discountCents,
    currency: str(session.currency) ?? 'usd',
    couponId,
    stripeCheckoutSessionId: sessionId,
    stripeCustomerId: idOf(session.customer),
    updatedAt: ctx.now,
  };
  const transactionId = existing?.id ?? crypto.randomUUID();
  const effects: Effect[] = [];
  if (existing) {
    // The refund came first: fill in what the charge did not know; the refund state stays, re-derived from the real amount.
    effects.push(
      schoolDb.db
        .update(transactions)
        .set({
          ...facts,
          kind: 'purchase',
          stripePaymentIntentId: sql`coalesce(${transactions.stripePaymentIntentId}, ${paymentIntentId})`,
          status: sql`case when ${transactions.refundedCents} >= ${amountCents} and ${transactions.refundedCents} > 0 then 'refunded' when ${transactions.refundedCents} > 0 then 'partially_refunded' else ${transactions.status} end`,
        })
        .where(schoolDb.scoped(transactions, eq(transactions.id, existing.id))),
    );
  } else {
    effects.push(
      schoolDb.db
        .insert(transactions)
        .values(schoolDb.withSchool({ id: transactionId, kind: 'purchase' as const, status: 'paid' as const, stripePaymentIntentId: paymentIntentId, createdAt: fromUnix(event.created), ...facts })),
    );
  }
  effects.push(...completeCheckout(ctx, sessionId, meta.checkoutId, meta.couponRedemptionId));
  const fullyRefunded = existing !== undefined && existing.refundedCents > 0 && existing.refundedCents >= amountCents;
  if (!fullyRefunded) {
    // One statement per entitlement, each a no-op if this transaction already granted it.
    const rows = entitlementRowsFor(schoolDb, { accessScope: offer.accessScope, courseIds: offer.courseIds, userId: meta.userId, source: 'purchase', sourceRef: transactionId, startsAt: fromUnix(event.created) });
    effects.push(...grantStatements(schoolDb, rows, ctx.now));
    // A full refund that lands between this read and this batch still wins: revoke in SQL.
    effects.push(
      schoolDb.db
        .update(entitlements)
        .set({ revokedAt: ctx.now })
        .where(schoolDb.scoped(entitlements, eq(entitlements.sourceRef, transactionId), isNull(entitlements.revokedAt), sql`exists (select 1 from "transactions" "t" where "t"."school_id" = ${schoolDb.schoolId} and "t"."id" = ${transactionId} and "t"."status" = 'refunded')`)),
    );
  }
  return { effects, ...(fullyRefunded ? { note: 'already fully refunded: nothing granted' } : {}) };
}

/** One day, in seconds: how long a paid subscription checkout grants before any period end is known. */
const FIRST_PAYMENT_GRACE_S = 86_400;

/**
 * A PAID subscription checkout: the row (if no subscription event made it yet), customer,
 * checkout and coupon. It counts as the first payment (Stripe sends it `paid` only after the
 * first invoice is paid): paid through `created + 1 day` until a paid invoice or an
 * active/trialing subscription event tells the real period end (the max wins, so that
 * bound never shortens a known period).
 */
async function subscriptionCheckout(ctx: ApplyContext, sessionId: string, meta: Meta): Promise<Applied> {
  const session = ctx.event.data.object;
  const stripeSubscriptionId = idOf(session.subscription);
  if (!stripeSubscriptionId) return { effects: [], note: 'subscription checkout without a subscription id' };
  const ensured = await ensureSubscription(ctx, { stripeSubscriptionId, metadata: { offerId: meta.offerId, userId: meta.userId }, customerId: idOf(session.customer), startsAt: fromUnix(ctx.event.created) });
  if (!ensured) return { effects: [], note: 'subscription checkout without Lectern metadata' };
  return {
    effects: [
      ...ensured.effects,
      ...completeCheckout(ctx, sessionId, meta.checkoutId, meta.couponRedemptionId),
      extendPeriod(ctx, ensured.subscription.id, ctx.event.created + FIRST_PAYMENT_GRACE_S),
      syncSubscriptionEntitlements(ctx.schoolDb, ensured.subscription.id, ctx.now),
    ],
  };
}

export async function applyCheckoutExpired(ctx: ApplyContext): Promise<Applied> {
  const session = ctx.event.data.object;
  const sessionId = str(session.id);
  if (!sessionId) return { effects: [], note: 'checkout session without an id' };
  const { checkoutId = null, couponRedemptionId = null } = metadataOf(session);
  return { effects: abandonCheckout(ctx, sessionId, checkoutId, couponRedemptionId) };
}
