import { eq, isNull, sql } from 'drizzle-orm';
import { transactions } from '../../schema.ts';
import { type Applied, type ApplyContext, asObject, type Effect, fromUnix, idOf, metadataOf, num, str, syncSubscriptionEntitlements } from './shared.ts';
import { ensureSubscription, extendPeriod, markPastDue } from './subscriptions.ts';

/**
 * invoice.paid / invoice.payment_failed: one `subscription_invoice` transaction per invoice
 * (keyed by the invoice id). A PAID invoice moves the subscription's paid-through date
 * (`current_period_end`) forward to its line's period end; a failed one never does (and only
 * turns an `active`/`trialing` subscription `past_due`, see markPastDue). A payment that
 * failed and later succeeded ends `paid`; a late `payment_failed` never undoes `paid`.
 *
 * Refunds: with API 2026-10-28 neither the invoice nor its charge names the other, and
 * `charge.refunded` only knows the payment intent. The link is `invoice_payment.paid` (the
 * invoice and the payment intent that paid it), or the invoice's own `payments` list when the
 * event carries it. Order is not trusted, so linking converges whatever came first
 * (linkPaymentIntent): a refund placeholder keyed by the payment intent is folded into the
 * invoice's row (or becomes it), and an `invoice_payment.paid` before its `invoice.paid`
 * creates the invoice's row, which `invoice.paid` then fills in. A refunded invoice never
 * touches access: the subscription's entitlements follow the subscription (decision 0005).
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
    paymentIntentId: invoicePaymentIntent(invoice),
  };
}

/** The payment intent that paid an invoice, when the invoice lists its payments (`payments`, if included or expanded). */
function invoicePaymentIntent(invoice: Obj): string | null {
  const payments = ((asObject(invoice.payments)?.data as unknown[] | undefined) ?? []).map(asObject).filter((p): p is Obj => p !== null);
  const paid = payments.find((p) => p.status === 'paid') ?? payments[0];
  return idOf(asObject(paid?.payment)?.payment_intent) ?? idOf(invoice.payment_intent);
}

/** SQL: the status a row with `refunded` cents refunded of `amount` has (`otherwise` when nothing is refunded). */
const refundStatus = (refunded: ReturnType<typeof sql>, amount: ReturnType<typeof sql> | number, otherwise: ReturnType<typeof sql> | string) =>
  sql`case when ${refunded} >= ${amount} and ${refunded} > 0 then 'refunded' when ${refunded} > 0 then 'partially_refunded' else ${otherwise} end`;

/**
 * Statements that make the invoice's transaction carry `paymentIntentId` and everything a
 * refund placeholder (a row `charge.refunded` made, keyed by that payment intent, with no
 * checkout and no invoice) recorded — ONE row in the end, whichever rows exist when the batch
 * runs. Each statement is conditional in SQL, so a plan made on a stale read still converges:
 *  1. no invoice row yet → the placeholder becomes it (invoice id set, kind subscription_invoice);
 *  2. invoice row without a payment intent → the placeholder's refund (the largest amount wins)
 *     and charge are folded into it;
 *  3. the placeholder is deleted (only once an invoice row exists to hold its refund);
 *  4. the invoice row takes the payment intent (unless another row still holds it).
 * The refund never revokes anything: nothing is granted with an invoice's transaction as source.
 */
export function linkPaymentIntent(ctx: ApplyContext, invoiceId: string, paymentIntentId: string): Effect[] {
  const { schoolDb } = ctx;
  const sid = schoolDb.schoolId;
  const placeholderWhere = sql`"p"."school_id" = ${sid} and "p"."stripe_payment_intent_id" = ${paymentIntentId} and "p"."stripe_invoice_id" is null and "p"."stripe_checkout_session_id" is null`;
  const invoiceRowExists = sql`exists (select 1 from "transactions" "i" where "i"."school_id" = ${sid} and "i"."stripe_invoice_id" = ${invoiceId})`;
  const invoiceRowWithoutIntent = sql`exists (select 1 from "transactions" "i" where "i"."school_id" = ${sid} and "i"."stripe_invoice_id" = ${invoiceId} and "i"."stripe_payment_intent_id" is null)`;
  const placeholderRefunded = sql`coalesce((select "p"."refunded_cents" from "transactions" "p" where ${placeholderWhere}), 0)`;
  const folded = sql`max(${transactions.refundedCents}, ${placeholderRefunded})`;
  return [
    schoolDb.db
      .update(transactions)
      .set({ stripeInvoiceId: invoiceId, kind: 'subscription_invoice', updatedAt: ctx.now })
      .where(schoolDb.scoped(transactions, eq(transactions.stripePaymentIntentId, paymentIntentId), isNull(transactions.stripeInvoiceId), isNull(transactions.stripeCheckoutSessionId), sql`not ${invoiceRowExists}`)),
    schoolDb.db
      .update(transactions)
      .set({
        refundedCents: folded,
        status: refundStatus(folded, sql`${transactions.amountCents}`, sql`${transactions.status}`),
        stripeChargeId: sql`coalesce(${transactions.stripeChargeId}, (select "p"."stripe_charge_id" from "transactions" "p" where ${placeholderWhere}))`,
        updatedAt: ctx.now,
      })
      .where(schoolDb.scoped(transactions, eq(transactions.stripeInvoiceId, invoiceId), isNull(transactions.stripePaymentIntentId))),
    schoolDb.db
      .delete(transactions)
      .where(schoolDb.scoped(transactions, eq(transactions.stripePaymentIntentId, paymentIntentId), isNull(transactions.stripeInvoiceId), isNull(transactions.stripeCheckoutSessionId), invoiceRowWithoutIntent)),
    schoolDb.db
      .update(transactions)
      .set({ stripePaymentIntentId: paymentIntentId, updatedAt: ctx.now })
      .where(
        schoolDb.scoped(
          transactions,
          eq(transactions.stripeInvoiceId, invoiceId),
          isNull(transactions.stripePaymentIntentId),
          sql`not exists (select 1 from "transactions" "o" where "o"."school_id" = ${sid} and "o"."stripe_payment_intent_id" = ${paymentIntentId})`,
        ),
      ),
  ];
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

const discountOf = (invoice: Obj, amountCents: number) => Math.max(0, (num(invoice.subtotal) ?? amountCents) - (num(invoice.total) ?? amountCents));

function newInvoiceTransaction(ctx: ApplyContext, c: NonNullable<Awaited<ReturnType<typeof invoiceContext>>>, status: 'paid' | 'failed', amountCents: number) {
  return ctx.schoolDb.db.insert(transactions).values(
    ctx.schoolDb.withSchool({
      id: crypto.randomUUID(),
      userId: c.ensured.subscription.userId,
      offerId: c.ensured.subscription.offerId,
      kind: 'subscription_invoice' as const,
      status,
      amountCents,
      discountCents: discountOf(c.invoice, amountCents),
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
  else {
    // A failed attempt before, or a row that `invoice_payment.paid` (or a refund folded into it)
    // made first: paid, with what only the invoice knows filled in; a refund already recorded stays.
    effects.push(
      ctx.schoolDb.db
        .update(transactions)
        .set({
          status: refundStatus(sql`${transactions.refundedCents}`, amount, 'paid'),
          amountCents: amount,
          kind: 'subscription_invoice',
          userId: sql`coalesce(${transactions.userId}, ${c.ensured.subscription.userId})`,
          offerId: sql`coalesce(${transactions.offerId}, ${c.ensured.subscription.offerId})`,
          discountCents: discountOf(c.invoice, amount),
          currency: c.facts.currency,
          stripeCustomerId: sql`coalesce(${transactions.stripeCustomerId}, ${c.facts.customerId})`,
          stripeSubscriptionId: sql`coalesce(${transactions.stripeSubscriptionId}, ${c.facts.stripeSubscriptionId})`,
          receiptUrl: sql`coalesce(${transactions.receiptUrl}, ${str(c.invoice.hosted_invoice_url)})`,
          updatedAt: ctx.now,
        })
        .where(ctx.schoolDb.scoped(transactions, eq(transactions.id, c.existing.id))),
    );
  }
  if (c.facts.paymentIntentId) effects.push(...linkPaymentIntent(ctx, c.facts.invoiceId, c.facts.paymentIntentId));
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

/**
 * invoice_payment.paid: the payment intent that paid an invoice — what lets a refund of the
 * invoice (`charge.refunded`, which names only the payment intent) and a staff refund find the
 * invoice's transaction. Before `invoice.paid` it creates the invoice's row from what it knows
 * (amount, currency; buyer and offer come with `invoice.paid`); access is not touched here.
 */
export async function applyInvoicePaymentPaid(ctx: ApplyContext): Promise<Applied> {
  const { schoolDb, event } = ctx;
  const payment = event.data.object;
  const invoiceId = idOf(payment.invoice);
  const paymentIntentId = idOf(asObject(payment.payment)?.payment_intent);
  if (!invoiceId) return { effects: [], note: 'invoice payment without an invoice' };
  if (payment.status !== 'paid') return { effects: [], note: `invoice payment with status ${String(payment.status)}: nothing to link` };
  if (!paymentIntentId) return { effects: [], note: `invoice payment of type ${String(asObject(payment.payment)?.type)} without a payment intent: nothing to link` };
  const sid = schoolDb.schoolId;
  const amount = num(payment.amount_paid) ?? num(payment.amount_requested) ?? 0;
  const createdAt = fromUnix(num(asObject(payment.status_transitions)?.paid_at) ?? event.created).getTime();
  const nowMs = ctx.now.getTime();
  return {
    effects: [
      // A failed attempt recorded by invoice.payment_failed: this payment paid it.
      schoolDb.db
        .update(transactions)
        .set({ status: 'paid', amountCents: amount, updatedAt: ctx.now })
        .where(schoolDb.scoped(transactions, eq(transactions.stripeInvoiceId, invoiceId), eq(transactions.status, 'failed'))),
      ...linkPaymentIntent(ctx, invoiceId, paymentIntentId),
      // Neither the invoice's row nor a refund placeholder exists: the invoice's row, from this payment.
      schoolDb.db.insert(transactions).select(
        sql`select ${crypto.randomUUID()}, ${sid}, ${null}, ${null}, 'subscription_invoice', 'paid', ${amount}, 0, 0, ${str(payment.currency) ?? 'usd'}, ${null}, ${null}, ${paymentIntentId}, ${invoiceId}, ${null}, ${null}, ${null}, ${null}, ${null}, ${createdAt}, ${nowMs} where not exists (select 1 from "transactions" "x" where "x"."school_id" = ${sid} and ("x"."stripe_invoice_id" = ${invoiceId} or "x"."stripe_payment_intent_id" = ${paymentIntentId}))`,
      ),
    ],
  };
}
