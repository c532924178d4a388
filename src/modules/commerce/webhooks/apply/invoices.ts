import { eq } from 'drizzle-orm';
import { transactions } from '../../schema.ts';
import { type Applied, type ApplyContext, asObject, type Effect, fromUnix, idOf, metadataOf, num, str, syncSubscriptionEntitlements } from './shared.ts';
import { ensureSubscription, extendPeriod, markPastDue } from './subscriptions.ts';

/**
 * invoice.paid / invoice.payment_failed: one `subscription_invoice` transaction per invoice
 * (keyed by the invoice id). A PAID invoice moves the subscription's paid-through date
 * (`current_period_end`) forward to its line's period end; a failed one never does (and only
 * turns an `active`/`trialing` subscription `past_due`, see markPastDue). A payment that
 * failed and later succeeded ends `paid`; a late `payment_failed` never undoes `paid`.
 */

type Obj = Record<string, unknown>;

function invoiceFacts(invoice: Obj) {
  const details = asObject(asObject(invoice.parent)?.subscription_details);
  const line = asObject((asObject(invoice.lines)?.data as unknown[] | undefined)?.[0]);
  return {
    invoiceId: str(invoice.id),
    stripeSubscriptionId: idOf(details?.subscription) ?? idOf(invoice.subscription),
    periodEnd: num(asObject(line?.period)?.end) ?? num(invoice.period_end),
    customerId: idOf(invoice.customer),
    currency: str(invoice.currency) ?? 'usd',
  };
}

async function invoiceContext(ctx: ApplyContext) {
  const invoice = ctx.event.data.object;
  const facts = invoiceFacts(invoice);
  if (!facts.invoiceId || !facts.stripeSubscriptionId) return null;
  const ensured = await ensureSubscription(ctx, { stripeSubscriptionId: facts.stripeSubscriptionId, metadata: metadataOf(invoice), customerId: facts.customerId, startsAt: fromUnix(ctx.event.created) });
  // Neither known here nor carrying our metadata: the subscription's own event may still be on
  // its way, so fail (and retry) rather than lose the invoice; it dead-letters if it never comes.
  if (!ensured) throw new Error(`invoice ${facts.invoiceId} belongs to subscription ${facts.stripeSubscriptionId}, which this school does not know (yet)`);
  const [existing] = await ctx.schoolDb.db
    .select({ id: transactions.id, status: transactions.status })
    .from(transactions)
    .where(ctx.schoolDb.scoped(transactions, eq(transactions.stripeInvoiceId, facts.invoiceId)))
    .limit(1);
  return { invoice, facts: facts as typeof facts & { invoiceId: string; stripeSubscriptionId: string }, ensured, existing };
}

function newInvoiceTransaction(ctx: ApplyContext, c: NonNullable<Awaited<ReturnType<typeof invoiceContext>>>, status: 'paid' | 'failed', amountCents: number) {
  return ctx.schoolDb.db.insert(transactions).values(
    ctx.schoolDb.withSchool({
      id: crypto.randomUUID(),
      userId: c.ensured.subscription.userId,
      offerId: c.ensured.subscription.offerId,
      kind: 'subscription_invoice' as const,
      status,
      amountCents,
      discountCents: Math.max(0, (num(c.invoice.subtotal) ?? amountCents) - (num(c.invoice.total) ?? amountCents)),
      currency: c.facts.currency,
      stripeInvoiceId: c.facts.invoiceId,
      stripeCustomerId: c.facts.customerId,
      stripeSubscriptionId: c.facts.stripeSubscriptionId,
      receiptUrl: str(c.invoice.hosted_invoice_url),
      createdAt: fromUnix(ctx.event.created),
      updatedAt: ctx.now,
    }),
  );
}

export async function applyInvoicePaid(ctx: ApplyContext): Promise<Applied> {
  const c = await invoiceContext(ctx);
  if (!c) return { effects: [], note: 'invoice without an id or a subscription' };
  const amount = num(c.invoice.amount_paid) ?? num(c.invoice.total) ?? 0;
  const effects: Effect[] = [...c.ensured.effects];
  if (!c.existing) effects.push(newInvoiceTransaction(ctx, c, 'paid', amount));
  else
    effects.push(
      ctx.schoolDb.db
        .update(transactions)
        .set({ status: 'paid', amountCents: amount, updatedAt: ctx.now })
        .where(ctx.schoolDb.scoped(transactions, eq(transactions.id, c.existing.id), eq(transactions.status, 'failed'))),
    );
  if (c.facts.periodEnd !== null) effects.push(extendPeriod(ctx, c.ensured.subscription.id, c.facts.periodEnd));
  effects.push(syncSubscriptionEntitlements(ctx.schoolDb, c.ensured.subscription.id, ctx.now));
  return { effects };
}

export async function applyInvoicePaymentFailed(ctx: ApplyContext): Promise<Applied> {
  const c = await invoiceContext(ctx);
  if (!c) return { effects: [], note: 'invoice without an id or a subscription' };
  const effects: Effect[] = [...c.ensured.effects];
  if (!c.existing) effects.push(newInvoiceTransaction(ctx, c, 'failed', num(c.invoice.amount_due) ?? num(c.invoice.total) ?? 0));
  effects.push(markPastDue(ctx, c.ensured.subscription.id), syncSubscriptionEntitlements(ctx.schoolDb, c.ensured.subscription.id, ctx.now));
  return { effects };
}
