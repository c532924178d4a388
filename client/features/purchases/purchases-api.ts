import { api } from '../../lib/api';
import { boolean, list, object, oneOf, string, type Json } from '../../lib/json';
import { iso, nullableIso, nullableOneOf, nullableText, num, offerRef } from '../offers/commerce-json';
import { ACCESS_SCOPES, BILLING_INTERVALS, OFFER_TYPES, SUBSCRIPTION_STATUSES, TRANSACTION_STATUSES, type AccessScope, type BillingInterval, type OfferType, type SubscriptionStatus, type TransactionStatus } from '../offers/commerce-labels';

// The learner's money pages (src/modules/commerce/money/purchases.ts): purchases,
// subscriptions, one receipt and the Stripe billing portal.

export const TRANSACTION_KINDS = ['purchase', 'subscription_invoice', 'free'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** What an offer no longer in the school is called on these pages. */
export const GONE_OFFER = 'Offer no longer listed';

export type Purchase = {
  id: string;
  createdAt: Date;
  kind: TransactionKind;
  status: TransactionStatus;
  /** Null when the transaction names no offer, or its offer row is gone. */
  offerTitle: string | null;
  /** What was charged, after any coupon. */
  amountCents: number;
  discountCents: number;
  refundedCents: number;
  currency: string;
  receiptUrl: string | null;
};

/** A subscription as `GET /api/me/purchases` lists it: no price and no end date (see the offer for those). */
export type SubscriptionView = {
  id: string;
  offerId: string;
  offerTitle: string | null;
  status: SubscriptionStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
};

export type ReceiptCourse = { id: string; title: string; slug: string };

export type Receipt = {
  id: string;
  school: { name: string };
  date: Date;
  kind: TransactionKind;
  status: TransactionStatus;
  offer: {
    id: string;
    title: string;
    description: string;
    offerType: OfferType;
    billingInterval: BillingInterval | null;
    includes: { accessScope: AccessScope; courses: ReceiptCourse[] };
  } | null;
  currency: string;
  /** What the offer cost before the discount. */
  subtotalCents: number;
  discountCents: number;
  couponCode: string | null;
  /** What was charged. */
  amountCents: number;
  refundedCents: number;
  /** Asked of Stripe, not yet confirmed by `charge.refunded`. */
  refundPendingCents: number;
  /** What the member paid in the end. */
  netCents: number;
  paymentReference: string;
  /** Stripe's own receipt, when the charge has one. */
  receiptUrl: string | null;
};

function parsePurchase(value: unknown): Purchase {
  const p = object(value, 'purchase');
  return {
    id: string(p, 'id'),
    createdAt: iso(p, 'createdAt'),
    kind: oneOf(p, 'kind', TRANSACTION_KINDS),
    status: oneOf(p, 'status', TRANSACTION_STATUSES),
    offerTitle: offerRef(p, 'offer')?.title ?? null,
    amountCents: num(p, 'amountCents'),
    discountCents: num(p, 'discountCents'),
    refundedCents: num(p, 'refundedCents'),
    currency: string(p, 'currency'),
    receiptUrl: nullableText(p, 'receiptUrl'),
  };
}

function parseSubscription(value: unknown): SubscriptionView {
  const s = object(value, 'subscription');
  return {
    id: string(s, 'id'),
    offerId: string(s, 'offerId'),
    offerTitle: nullableText(s, 'offerTitle'),
    status: oneOf(s, 'status', SUBSCRIPTION_STATUSES),
    currentPeriodEnd: nullableIso(s, 'currentPeriodEnd'),
    cancelAtPeriodEnd: boolean(s, 'cancelAtPeriodEnd'),
  };
}

export type PurchasesData = { purchases: Purchase[]; subscriptions: SubscriptionView[] };

/** GET /api/me/purchases → `{ purchases, subscriptions }`. */
export function fetchPurchases(): Promise<PurchasesData> {
  return api('/api/me/purchases', {
    parse: (data) => {
      const body = object(data, 'purchases response');
      return { purchases: list(body, 'purchases').map(parsePurchase), subscriptions: list(body, 'subscriptions').map(parseSubscription) };
    },
  });
}

function parseReceiptOffer(value: unknown): Receipt['offer'] {
  if (value === null) return null;
  const o = object(value, 'receipt offer');
  const includes: Json = object(o.includes, 'receipt includes');
  return {
    id: string(o, 'id'),
    title: string(o, 'title'),
    description: string(o, 'description'),
    offerType: oneOf(o, 'offerType', OFFER_TYPES),
    billingInterval: nullableOneOf(o, 'billingInterval', BILLING_INTERVALS),
    includes: {
      accessScope: oneOf(includes, 'accessScope', ACCESS_SCOPES),
      courses: list(includes, 'courses').map((entry) => {
        const c = object(entry, 'receipt course');
        return { id: string(c, 'id'), title: string(c, 'title'), slug: string(c, 'slug') };
      }),
    },
  };
}

/** GET /api/me/purchases/:transactionId → `{ receipt }`. */
export function fetchReceipt(transactionId: string): Promise<Receipt> {
  return api(`/api/me/purchases/${encodeURIComponent(transactionId)}`, {
    parse: (data) => {
      const r = object(object(data, 'receipt response').receipt, 'receipt');
      return {
        id: string(r, 'id'),
        school: { name: string(object(r.school, 'receipt school'), 'name') },
        date: iso(r, 'date'),
        kind: oneOf(r, 'kind', TRANSACTION_KINDS),
        status: oneOf(r, 'status', TRANSACTION_STATUSES),
        offer: parseReceiptOffer(r.offer),
        currency: string(r, 'currency'),
        subtotalCents: num(r, 'subtotalCents'),
        discountCents: num(r, 'discountCents'),
        couponCode: nullableText(r, 'couponCode'),
        amountCents: num(r, 'amountCents'),
        refundedCents: num(r, 'refundedCents'),
        refundPendingCents: num(r, 'refundPendingCents'),
        netCents: num(r, 'netCents'),
        paymentReference: string(r, 'paymentReference'),
        receiptUrl: nullableText(r, 'receiptUrl'),
      };
    },
  });
}

/** POST /api/me/billing-portal → `{ url }`. */
export function openBillingPortal(): Promise<string> {
  return api('/api/me/billing-portal', { method: 'POST', parse: (data) => string(object(data, 'billing portal'), 'url') });
}

export function receiptPath(transactionId: string): string {
  return `/account/purchases/${encodeURIComponent(transactionId)}`;
}
