import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { auditLogs } from '../../audit/schema.ts';
import { auditValues } from '../../audit/record.ts';
import { requireRole } from '../../identity/actor.ts';
import { schoolMemberships } from '../../identity/schema.ts';
import { Id } from '../catalogue/validation.ts';
import { requireStripe } from '../stripe/client.ts';
import { coupons, offers, stripeAccounts, TRANSACTION_STATUSES, transactions } from '../schema.ts';
import { callStripe } from '../connect/stripe-error.ts';
import { toCsv } from './csv.ts';
import { formatMoney } from './format.ts';

export const PAGE_SIZE = 50;
/** The most rows one CSV export carries; narrow the dates for more. */
export const CSV_MAX_ROWS = 10_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** `2026-03-01` (a UTC day) or an ISO instant with its zone. */
function dateBound(name: 'from' | 'to') {
  return z
    .string()
    .trim()
    .transform((value, c) => {
      const dateOnly = DATE_ONLY.test(value);
      const instant = dateOnly ? new Date(`${value}T00:00:00Z`) : z.iso.datetime({ offset: true }).safeParse(value).success ? new Date(value) : null;
      // The round trip catches days a month does not have (2026-02-30).
      if (!instant || Number.isNaN(instant.getTime()) || (dateOnly && instant.toISOString().slice(0, 10) !== value)) {
        c.addIssue({ code: 'custom', message: `Give ${name} as a date such as 2026-03-01 or an ISO date-time such as 2026-03-01T09:00:00Z.` });
        return z.NEVER;
      }
      return { instant, dateOnly };
    });
}

const Cursor = z
  .string()
  .trim()
  .transform((value, c) => {
    let decoded = '';
    try {
      decoded = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    } catch {
      /* handled below */
    }
    const m = /^(\d{1,15})\.([\w-]{1,100})$/.exec(decoded);
    if (!m) {
      c.addIssue({ code: 'custom', message: 'This cursor is not one we gave out. Start again from the first page.' });
      return z.NEVER;
    }
    return { createdAt: new Date(Number(m[1])), id: m[2]! };
  });

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return btoa(`${row.createdAt.getTime()}.${row.id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const TransactionFilters = z
  .object({
    status: z.enum(TRANSACTION_STATUSES, { error: `status is one of ${TRANSACTION_STATUSES.join(', ')}.` }).optional(),
    offerId: Id.optional(),
    email: z.string().trim().toLowerCase().min(1).max(320).optional(),
    from: dateBound('from').optional(),
    to: dateBound('to').optional(),
    cursor: Cursor.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from.instant.getTime() <= (f.to.dateOnly ? f.to.instant.getTime() + DAY_MS - 1 : f.to.instant.getTime()), { message: '`from` must not be after `to`.', path: ['from'] });
type Filters = z.infer<typeof TransactionFilters>;

/** The staff listing's select: a transaction with its offer, buyer email and coupon code, in one statement. */
function staffSelect(ctx: SchoolCtx, conditions: (SQL | undefined)[]) {
  const { db, scoped } = ctx.schoolDb;
  return db
    .select({ t: transactions, offerTitle: offers.title, buyerEmail: schoolMemberships.userEmail, couponCode: coupons.code })
    .from(transactions)
    .leftJoin(offers, and(eq(offers.id, transactions.offerId), eq(offers.schoolId, transactions.schoolId)))
    .leftJoin(schoolMemberships, and(eq(schoolMemberships.userId, transactions.userId), eq(schoolMemberships.schoolId, transactions.schoolId)))
    .leftJoin(coupons, and(eq(coupons.id, transactions.couponId), eq(coupons.schoolId, transactions.schoolId)))
    .where(scoped(transactions, ...conditions))
    .orderBy(desc(transactions.createdAt), desc(transactions.id));
}
type StaffRow = Awaited<ReturnType<ReturnType<typeof staffSelect>['all']>>[number];

function filterConditions(f: Filters): (SQL | undefined)[] {
  return [
    f.status ? eq(transactions.status, f.status) : undefined,
    f.offerId ? eq(transactions.offerId, f.offerId) : undefined,
    f.email ? sql`lower(${schoolMemberships.userEmail}) = ${f.email}` : undefined,
    f.from ? gte(transactions.createdAt, f.from.instant) : undefined,
    f.to ? (f.to.dateOnly ? lt(transactions.createdAt, new Date(f.to.instant.getTime() + DAY_MS)) : lte(transactions.createdAt, f.to.instant)) : undefined,
    f.cursor ? or(lt(transactions.createdAt, f.cursor.createdAt), and(eq(transactions.createdAt, f.cursor.createdAt), lt(transactions.id, f.cursor.id))) : undefined,
  ];
}

export function staffView(row: StaffRow) {
  const t = row.t;
  return {
    id: t.id,
    createdAt: t.createdAt.toISOString(),
    kind: t.kind,
    status: t.status,
    amountCents: t.amountCents,
    discountCents: t.discountCents,
    refundedCents: t.refundedCents,
    refundRequestedCents: t.refundRequestedCents ?? 0,
    currency: t.currency,
    offer: t.offerId ? { id: t.offerId, title: row.offerTitle ?? null } : null,
    buyer: t.userId ? { userId: t.userId, email: row.buyerEmail ?? null } : null,
    couponCode: row.couponCode ?? null,
    stripePaymentIntentId: t.stripePaymentIntentId,
    receiptUrl: t.receiptUrl,
  };
}
export type StaffTransaction = ReturnType<typeof staffView>;

/** Staff list of the school's transactions (admin+), newest first, 50 a page, one D1 round trip. */
export async function listTransactions({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'admin');
  const filters = TransactionFilters.parse(input);
  const rows = await staffSelect(ctx, filterConditions(filters)).limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  return { transactions: page.map(staffView), nextCursor: rows.length > PAGE_SIZE ? encodeCursor(page[page.length - 1]!.t) : null };
}

const CSV_HEADER = ['id', 'created_at', 'kind', 'status', 'currency', 'amount_cents', 'discount_cents', 'refunded_cents', 'refund_requested_cents', 'offer_id', 'offer_title', 'buyer_user_id', 'buyer_email', 'coupon_code', 'stripe_payment_intent_id', 'receipt_url'];

/** The same list as CSV, every page at once (up to CSV_MAX_ROWS), one D1 round trip. */
export async function exportTransactionsCsv({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  requireRole(ctx.actor, 'admin');
  const filters = TransactionFilters.parse(input);
  const rows = await staffSelect(ctx, filterConditions(filters)).limit(CSV_MAX_ROWS + 1);
  const truncated = rows.length > CSV_MAX_ROWS;
  const lines = rows.slice(0, CSV_MAX_ROWS).map((row) => {
    const v = staffView(row);
    return [v.id, v.createdAt, v.kind, v.status, v.currency, v.amountCents, v.discountCents, v.refundedCents, v.refundRequestedCents, v.offer?.id, v.offer?.title, v.buyer?.userId, v.buyer?.email, v.couponCode, v.stripePaymentIntentId, v.receiptUrl];
  });
  return {
    csv: toCsv(CSV_HEADER, lines),
    filename: `transactions-${ctx.school.slug}-${ctx.now.toISOString().slice(0, 10)}.csv`,
    /** More rows matched than one export carries: the last row's cursor continues from there. */
    nextCursor: truncated ? encodeCursor(rows[CSV_MAX_ROWS - 1]!.t) : null,
  };
}

export const RefundInput = z.object({
  transactionId: Id,
  amountCents: z.number({ error: 'amountCents is a whole number of cents.' }).int('amountCents is a whole number of cents.').optional(),
});

/**
 * Asks Stripe to refund (part of) a paid transaction (admin+): a purchase, or a subscription
 * invoice once it carries its payment intent. Only `refundRequestedCents` is recorded here; the
 * `charge.refunded` webhook applies the refund (and revokes a purchase's access on a full one;
 * a subscription's access follows the subscription). A Stripe failure records nothing.
 */
export async function refundTransaction({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const { transactionId, amountCents } = RefundInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const [found, account] = await db.batch([
    db.select().from(transactions).where(scoped(transactions, eq(transactions.id, transactionId))).limit(1),
    db.select({ stripeAccountId: stripeAccounts.stripeAccountId }).from(stripeAccounts).where(scoped(stripeAccounts)).limit(1),
  ]);
  const tx = found[0];
  if (!tx) throw new NotFound('There is no such transaction.');
  if (tx.kind === 'free') throw new Conflict('There is nothing to refund: no payment was taken through Stripe for this transaction.');
  // A subscription invoice is refundable once Stripe has said which payment intent paid it
  // (`invoice_payment.paid`); until then Lectern has nothing to name in the refund.
  if (tx.kind === 'subscription_invoice' && !tx.stripePaymentIntentId && tx.status !== 'failed') {
    throw new Conflict('This invoice cannot be refunded yet: Stripe has not told Lectern which payment paid it. Try again in a few minutes, or refund it from the Stripe dashboard.');
  }
  if (!tx.stripePaymentIntentId) throw new Conflict('There is nothing to refund: no payment was taken through Stripe for this transaction.');
  if (tx.status === 'failed') throw new Conflict('There is nothing to refund: this payment failed.');
  const requested = tx.refundRequestedCents ?? 0;
  const refundable = Math.max(0, tx.amountCents - tx.refundedCents - requested);
  if (amountCents === undefined && refundable === 0) throw new Conflict('There is nothing left to refund: this transaction is refunded in full (or the rest is already on its way).');
  const amount = amountCents ?? refundable;
  if (refundable === 0) throw new Invalid(`Nothing is left to refund on this transaction (refundable: 0, ${formatMoney(0, tx.currency)}${requested ? `; ${formatMoney(requested, tx.currency)} is already on its way` : ''}).`);
  if (amount < 1 || amount > refundable) {
    throw new Invalid(`amountCents must be between 1 and ${refundable} (the refundable amount, ${formatMoney(refundable, tx.currency)}${requested ? `, after ${formatMoney(requested, tx.currency)} already requested` : ''}).`);
  }
  const stripeAccount = account[0]?.stripeAccountId;
  if (!stripeAccount) throw new Conflict('This school has no connected Stripe account, so Lectern cannot refund through it.');
  const stripe = requireStripe(ctx.env);

  const refund = await callStripe('refund this payment', () =>
    stripe.refunds.create(
      { payment_intent: tx.stripePaymentIntentId!, amount, metadata: { transactionId: tx.id, schoolId: ctx.schoolDb.schoolId } },
      { stripeAccount, idempotencyKey: `refund-${tx.id}-${tx.refundedCents + requested}-${amount}` },
    ),
  );

  // Guarded on the amounts read above: if `charge.refunded` got here first, its numbers stand.
  const before = { refundedCents: tx.refundedCents, refundRequestedCents: tx.refundRequestedCents };
  const after = { refundedCents: tx.refundedCents, refundRequestedCents: requested + amount };
  const [, , rows] = await db.batch([
    db
      .update(transactions)
      .set({ refundRequestedCents: requested + amount, updatedAt: ctx.now })
      .where(scoped(transactions, eq(transactions.id, tx.id), eq(transactions.refundedCents, tx.refundedCents), sql`coalesce(${transactions.refundRequestedCents}, 0) = ${requested}`)),
    db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, {
        actorUserId: actor.user.id,
        action: 'transaction.refund_requested',
        entityType: 'transaction',
        entityId: tx.id,
        metadata: { before, after, amountCents: amount, currency: tx.currency, stripeRefundId: refund.id },
        now: ctx.now,
      }),
    ),
    staffSelect(ctx, [eq(transactions.id, tx.id)]).limit(1),
  ]);
  return { transaction: staffView(rows[0]!) };
}
