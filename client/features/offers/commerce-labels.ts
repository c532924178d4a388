import { formatMoney, formatRecurringMoney } from '../../lib/format';
import type { BadgeTone } from '../../ui/badge';

// Words for the commerce enums, shared by the offer page, purchases and the staff screens so
// every screen says the same thing.

export const OFFER_TYPES = ['one_time', 'subscription', 'bundle'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];
export const BILLING_INTERVALS = ['month', 'year'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];
export const ACCESS_SCOPES = ['courses', 'all_courses', 'downloads'] as const;
export type AccessScope = (typeof ACCESS_SCOPES)[number];

export const OFFER_TYPE_LABELS: Record<OfferType, string> = {
  one_time: 'One-time purchase',
  subscription: 'Subscription',
  bundle: 'Bundle',
};

export const INTERVAL_LABELS: Record<BillingInterval, string> = { month: 'Monthly', year: 'Yearly' };

export const TRANSACTION_STATUSES = ['paid', 'partially_refunded', 'refunded', 'failed'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];

export const TRANSACTION_STATUS: Record<TransactionStatus, { label: string; tone: BadgeTone }> = {
  paid: { label: 'Paid', tone: 'success' },
  partially_refunded: { label: 'Partially refunded', tone: 'neutral' },
  refunded: { label: 'Refunded', tone: 'muted' },
  failed: { label: 'Failed', tone: 'danger' },
};

export const SUBSCRIPTION_STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SUBSCRIPTION_STATUS: Record<SubscriptionStatus, { label: string; tone: BadgeTone }> = {
  incomplete: { label: 'Payment incomplete', tone: 'danger' },
  incomplete_expired: { label: 'Expired', tone: 'muted' },
  trialing: { label: 'Trial', tone: 'neutral' },
  active: { label: 'Active', tone: 'success' },
  past_due: { label: 'Payment overdue', tone: 'danger' },
  canceled: { label: 'Cancelled', tone: 'muted' },
  unpaid: { label: 'Unpaid', tone: 'danger' },
  paused: { label: 'Paused', tone: 'muted' },
};

type Priced = { offerType: OfferType; priceCents: number; currency: string; billingInterval: BillingInterval | null };

/** "$49.00" or "$9.00 / month". */
export function offerPrice(offer: Priced): string {
  // The Worker gives every subscription its interval, and nothing else one.
  return formatRecurringMoney(offer.priceCents, offer.currency, offer.billingInterval);
}

/** The button's words: "Buy for $49.00", "Subscribe $9.00 / month", "Get it free". */
export function buyLabel(offer: Priced, totalCents = offer.priceCents): string {
  if (offer.offerType === 'subscription') return `Subscribe ${offerPrice({ ...offer, priceCents: totalCents })}`;
  return totalCents === 0 ? 'Get it free' : `Buy for ${formatMoney(totalCents, offer.currency)}`;
}
