import { api } from '../../../lib/api';
import { list, object, oneOf, string } from '../../../lib/json';
import { iso, nullableText, num, offerRef } from '../../offers/commerce-json';
import { TRANSACTION_STATUSES, type TransactionStatus } from '../../offers/commerce-labels';
import { TRANSACTION_KINDS, type TransactionKind } from '../../purchases/purchases-api';

// Transactions, their CSV export and refunds (src/modules/commerce/money/transactions.ts, `staffView`).

export type Transaction = {
  id: string;
  createdAt: Date;
  kind: TransactionKind;
  status: TransactionStatus;
  amountCents: number;
  discountCents: number;
  refundedCents: number;
  /** Asked of Stripe and not yet confirmed (0 when nothing is on its way). */
  refundRequestedCents: number;
  currency: string;
  /** Null when the transaction names no offer; its title is null when the offer row is gone. */
  offer: { id: string; title: string | null } | null;
  /** Null when the transaction names no buyer; the email is null when they are no longer a member. */
  buyer: { userId: string; email: string | null } | null;
  couponCode: string | null;
  /** Null for free grants and subscription invoices: the Worker refunds only payment intents. */
  stripePaymentIntentId: string | null;
  receiptUrl: string | null;
};

function parseBuyer(value: unknown): Transaction['buyer'] {
  if (value === null) return null;
  const b = object(value, 'buyer');
  return { userId: string(b, 'userId'), email: nullableText(b, 'email') };
}

function parseTransaction(value: unknown): Transaction {
  const t = object(value, 'transaction');
  return {
    id: string(t, 'id'),
    createdAt: iso(t, 'createdAt'),
    kind: oneOf(t, 'kind', TRANSACTION_KINDS),
    status: oneOf(t, 'status', TRANSACTION_STATUSES),
    amountCents: num(t, 'amountCents'),
    discountCents: num(t, 'discountCents'),
    refundedCents: num(t, 'refundedCents'),
    refundRequestedCents: num(t, 'refundRequestedCents'),
    currency: string(t, 'currency'),
    offer: offerRef(t, 'offer'),
    buyer: parseBuyer(t.buyer),
    couponCode: nullableText(t, 'couponCode'),
    stripePaymentIntentId: nullableText(t, 'stripePaymentIntentId'),
    receiptUrl: nullableText(t, 'receiptUrl'),
  };
}

/** Who paid, in words: the email, else that the buyer is unknown (no member row any more). */
export function buyerText(t: Transaction): string {
  return t.buyer?.email ?? 'Unknown buyer';
}

/**
 * The filters, exactly as they sit in the page's query string and the API's. `from` and `to`
 * are days (`2026-03-01`, what a date input gives), which the Worker reads as whole UTC days.
 */
export type TransactionFilters = { status: string; offerId: string; email: string; from: string; to: string };
export const FILTER_KEYS = ['status', 'offerId', 'email', 'from', 'to'] as const;

/** "status=paid&email=a%40b.c": only the filters that are set, in a fixed order. */
export function filterQuery(filters: TransactionFilters, cursor?: string | null): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key].trim()) params.set(key, filters[key].trim());
  if (cursor) params.set('cursor', cursor);
  return params.toString();
}

export type TransactionPage = { transactions: Transaction[]; nextCursor: string | null };

export function fetchTransactions(filters: TransactionFilters, cursor: string | null): Promise<TransactionPage> {
  const query = filterQuery(filters, cursor);
  return api(`/api/admin/transactions${query ? `?${query}` : ''}`, {
    parse: (data) => {
      const body = object(data, 'transactions response');
      return { transactions: list(body, 'transactions').map(parseTransaction), nextCursor: nullableText(body, 'nextCursor') };
    },
  });
}

export function csvHref(filters: TransactionFilters): string {
  const query = filterQuery(filters);
  return `/api/admin/transactions.csv${query ? `?${query}` : ''}`;
}

/** `amountCents` omitted refunds what is left. */
export function refundTransaction(transactionId: string, amountCents: number | null): Promise<Transaction> {
  return api(`/api/admin/transactions/${encodeURIComponent(transactionId)}/refund`, {
    method: 'POST',
    body: amountCents === null ? {} : { amountCents },
    parse: (data) => parseTransaction(object(data, 'refund response').transaction),
  });
}

/** What can still be refunded: the charge less what came back and what is on its way back. */
export function refundableCents(t: Transaction): number {
  // The Worker refuses free grants and anything without a Stripe payment intent.
  if (t.kind === 'free' || !t.stripePaymentIntentId || (t.status !== 'paid' && t.status !== 'partially_refunded')) return 0;
  return Math.max(0, t.amountCents - t.refundedCents - t.refundRequestedCents);
}
