import { applyAccountUpdated } from './account.ts';
import { applyCheckoutAsyncPaymentFailed, applyCheckoutAsyncPaymentSucceeded, applyCheckoutCompleted, applyCheckoutExpired } from './checkout.ts';
import { applyInvoicePaid, applyInvoicePaymentFailed, applyInvoicePaymentPaid } from './invoices.ts';
import { applyChargeRefunded } from './refunds.ts';
import type { Applied, Applier, ApplyContext } from './shared.ts';
import { applySubscriptionChange } from './subscriptions.ts';

/** Event type → what it changes in the school. Every applier is safe in any order and plans statements only; the consumer runs them. */
const appliers: Record<string, Applier> = {
  'checkout.session.completed': applyCheckoutCompleted,
  'checkout.session.expired': applyCheckoutExpired,
  'checkout.session.async_payment_succeeded': applyCheckoutAsyncPaymentSucceeded,
  'checkout.session.async_payment_failed': applyCheckoutAsyncPaymentFailed,
  'customer.subscription.created': applySubscriptionChange,
  'customer.subscription.updated': applySubscriptionChange,
  'customer.subscription.deleted': applySubscriptionChange,
  'invoice.paid': applyInvoicePaid,
  'invoice.payment_failed': applyInvoicePaymentFailed,
  'invoice_payment.paid': applyInvoicePaymentPaid,
  'charge.refunded': applyChargeRefunded,
  'account.updated': applyAccountUpdated,
};

/** The statements an event's effect consists of (none for types Lectern does not act on). */
export function planStripeEvent(ctx: ApplyContext): Promise<Applied> {
  const applier = Object.hasOwn(appliers, ctx.event.type) ? appliers[ctx.event.type] : undefined;
  if (!applier) return Promise.resolve({ effects: [], note: `no effect for ${ctx.event.type}` });
  return applier(ctx);
}
