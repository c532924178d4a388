import { eq, isNull, sql } from 'drizzle-orm';
import { entitlements } from '../../../courses/schema.ts';
import { transactions } from '../../schema.ts';
import { type Applied, type ApplyContext, type Effect, idOf, num, str } from './shared.ts';

/**
 * charge.refunded: `amount_refunded` is cumulative, so the row keeps the largest seen
 * (a late, older event cannot lower it). Fully refunded → `refunded` and the purchase's
 * entitlements revoked; partly → `partially_refunded`, access kept. If the checkout has not
 * arrived yet, a placeholder transaction keyed by the payment intent records the refund and
 * the checkout completes it later without granting (see checkout.ts).
 *
 * Subscription invoices: with API 2026-10-28 a charge no longer names its invoice. Once
 * `invoice_payment.paid` (or `invoice.paid` listing its payments) has put the payment intent on
 * the invoice's transaction, the refund finds that row here; a refund that comes first makes
 * the placeholder, and linking folds it into the invoice's row (invoices.ts, linkPaymentIntent).
 * An invoice's transaction is the source of no entitlement, so even a full refund of one leaves
 * access to the subscription (decision 0005).
 */
export async function applyChargeRefunded(ctx: ApplyContext): Promise<Applied> {
  const { schoolDb, event } = ctx;
  const charge = event.data.object;
  const paymentIntentId = idOf(charge.payment_intent);
  const refunded = num(charge.amount_refunded) ?? 0;
  const amount = num(charge.amount) ?? 0;
  if (!paymentIntentId) return { effects: [], note: 'refunded charge without a payment intent' };
  const [existing] = await schoolDb.db.select({ id: transactions.id }).from(transactions).where(schoolDb.scoped(transactions, eq(transactions.stripePaymentIntentId, paymentIntentId))).limit(1);
  const effects: Effect[] = [];
  const transactionId = existing?.id ?? crypto.randomUUID();
  if (!existing) {
    effects.push(
      schoolDb.db.insert(transactions).values(
        schoolDb.withSchool({
          id: transactionId,
          kind: 'purchase' as const,
          status: refunded >= amount && refunded > 0 ? ('refunded' as const) : ('partially_refunded' as const),
          amountCents: amount,
          refundedCents: refunded,
          currency: str(charge.currency) ?? 'usd',
          stripePaymentIntentId: paymentIntentId,
          stripeChargeId: str(charge.id),
          stripeCustomerId: idOf(charge.customer),
          receiptUrl: str(charge.receipt_url),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        }),
      ),
    );
  } else {
    const total = sql`max(${transactions.refundedCents}, ${refunded})`;
    effects.push(
      schoolDb.db
        .update(transactions)
        .set({
          refundedCents: total,
          status: sql`case when ${total} >= ${transactions.amountCents} and ${total} > 0 then 'refunded' when ${total} > 0 then 'partially_refunded' else ${transactions.status} end`,
          refundRequestedCents: null,
          stripeChargeId: sql`coalesce(${transactions.stripeChargeId}, ${str(charge.id)})`,
          updatedAt: ctx.now,
        })
        .where(schoolDb.scoped(transactions, eq(transactions.id, existing.id))),
    );
  }
  // Revokes only if the row (as the batch leaves it) is fully refunded.
  effects.push(
    schoolDb.db
      .update(entitlements)
      .set({ revokedAt: ctx.now })
      .where(schoolDb.scoped(entitlements, eq(entitlements.sourceRef, transactionId), isNull(entitlements.revokedAt), sql`exists (select 1 from "transactions" "t" where "t"."school_id" = ${schoolDb.schoolId} and "t"."id" = ${transactionId} and "t"."status" = 'refunded')`)),
  );
  return { effects };
}
