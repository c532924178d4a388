import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { entitlements } from '../../../courses/schema.ts';
import { entitlementRowsFor } from '../../checkout/grant.ts';
import { checkoutSessions, couponRedemptions, transactions } from '../../schema.ts';
import { type Applied, type ApplyContext, asObject, type Effect, fromUnix, idOf, metadataOf, num, offerGrant, str, syncSubscriptionEntitlements } from './shared.ts';
import { ensureSubscription } from './subscriptions.ts';

/**
 * checkout.session.completed / expired. Metadata set when Lectern created the session:
 * `{ schoolId, offerId, userId, checkoutId, couponRedemptionId? }` (checkoutId = our
 * checkout_sessions row).
 */

/** Statements: our checkout row complete and its coupon use redeemed. */
function completeCheckout(ctx: ApplyContext, sessionId: string, checkoutId: string | null, redemptionId: string | null): Effect[] {
  const { schoolDb } = ctx;
  const at = fromUnix(ctx.event.created);
  return [
    schoolDb.db
      .update(checkoutSessions)
      .set({ status: 'complete', completedAt: at })
      .where(schoolDb.scoped(checkoutSessions, or(checkoutId ? eq(checkoutSessions.id, checkoutId) : undefined, eq(checkoutSessions.stripeSessionId, sessionId)), ne(checkoutSessions.status, 'complete'))),
    schoolDb.db
      .update(couponRedemptions)
      .set({ status: 'redeemed', redeemedAt: at, reservedUntil: null, stripeCheckoutSessionId: sessionId })
      .where(schoolDb.scoped(couponRedemptions, or(redemptionId ? eq(couponRedemptions.id, redemptionId) : undefined, eq(couponRedemptions.stripeCheckoutSessionId, sessionId)), ne(couponRedemptions.status, 'redeemed'))),
  ];
}

export async function applyCheckoutCompleted(ctx: ApplyContext): Promise<Applied> {
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
  let couponId: string | null = null;
  if (meta.couponRedemptionId) {
    const [redemption] = await schoolDb.db.select({ couponId: couponRedemptions.couponId }).from(couponRedemptions).where(schoolDb.scoped(couponRedemptions, eq(couponRedemptions.id, meta.couponRedemptionId))).limit(1);
    couponId = redemption?.couponId ?? null;
  }
  const amountCents = num(session.amount_total) ?? 0;
  const facts = {
    userId: meta.userId,
    offerId: meta.offerId,
    amountCents,
    discountCents: num(asObject(session.total_details)?.amount_discount) ?? 0,
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
        .where(eq(transactions.id, existing.id)),
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
    const rows = entitlementRowsFor(schoolDb, { accessScope: offer.accessScope, courseIds: offer.courseIds, userId: meta.userId, source: 'purchase', sourceRef: transactionId, startsAt: fromUnix(event.created) });
    if (rows.length > 0) effects.push(schoolDb.db.insert(entitlements).values(rows));
    // A full refund that lands between this read and this batch still wins: revoke in SQL.
    effects.push(
      schoolDb.db
        .update(entitlements)
        .set({ revokedAt: ctx.now })
        .where(schoolDb.scoped(entitlements, eq(entitlements.sourceRef, transactionId), isNull(entitlements.revokedAt), sql`exists (select 1 from "transactions" "t" where "t"."id" = ${transactionId} and "t"."status" = 'refunded')`)),
    );
  }
  return { effects, ...(fullyRefunded ? { note: 'already fully refunded: nothing granted' } : {}) };
}

/** A subscription checkout: the row (if no subscription event made it yet), customer, checkout and coupon. */
async function subscriptionCheckout(ctx: ApplyContext, sessionId: string, meta: Meta): Promise<Applied> {
  const session = ctx.event.data.object;
  const stripeSubscriptionId = idOf(session.subscription);
  if (!stripeSubscriptionId) return { effects: [], note: 'subscription checkout without a subscription id' };
  const ensured = await ensureSubscription(ctx, { stripeSubscriptionId, metadata: { offerId: meta.offerId, userId: meta.userId }, customerId: idOf(session.customer), startsAt: fromUnix(ctx.event.created) });
  if (!ensured) return { effects: [], note: 'subscription checkout without Lectern metadata' };
  return { effects: [...ensured.effects, ...completeCheckout(ctx, sessionId, meta.checkoutId, meta.couponRedemptionId), syncSubscriptionEntitlements(ctx.schoolDb, ensured.subscription.id)] };
}

export async function applyCheckoutExpired(ctx: ApplyContext): Promise<Applied> {
  const { schoolDb } = ctx;
  const session = ctx.event.data.object;
  const sessionId = str(session.id);
  if (!sessionId) return { effects: [], note: 'checkout session without an id' };
  const { checkoutId, couponRedemptionId } = metadataOf(session);
  return {
    effects: [
      schoolDb.db
        .update(checkoutSessions)
        .set({ status: 'expired' })
        .where(schoolDb.scoped(checkoutSessions, or(checkoutId ? eq(checkoutSessions.id, checkoutId) : undefined, eq(checkoutSessions.stripeSessionId, sessionId)), eq(checkoutSessions.status, 'open'))),
      schoolDb.db
        .update(couponRedemptions)
        .set({ status: 'released', reservedUntil: null })
        .where(
          and(
            schoolDb.scoped(couponRedemptions, or(couponRedemptionId ? eq(couponRedemptions.id, couponRedemptionId) : undefined, eq(couponRedemptions.stripeCheckoutSessionId, sessionId))),
            eq(couponRedemptions.status, 'reserved'),
          ),
        ),
    ],
  };
}
