import { api } from '../../lib/api';
import { boolean, list, object, oneOf, string, type Json } from '../../lib/json';
import { nullableOneOf, nullableText, num } from './commerce-json';
import { ACCESS_SCOPES, BILLING_INTERVALS, OFFER_TYPES, type AccessScope, type BillingInterval, type OfferType } from './commerce-labels';

// The learner half of the commerce API (src/modules/commerce/checkout/{offer-page,checkout}.ts):
// an offer, its quote with a coupon, starting a checkout and the success page's status.

/** A published course the offer grants (the Worker leaves out unpublished ones). */
export type OfferCourse = { slug: string; title: string; summary: string };

/** What every view of an offer carries, the learner's and staff's alike. */
export type OfferTerms = {
  id: string;
  title: string;
  description: string;
  offerType: OfferType;
  priceCents: number;
  currency: string;
  billingInterval: BillingInterval | null;
  accessScope: AccessScope;
};

export function parseOfferTerms(o: Json): OfferTerms {
  return {
    id: string(o, 'id'),
    title: string(o, 'title'),
    description: string(o, 'description'),
    offerType: oneOf(o, 'offerType', OFFER_TYPES),
    priceCents: num(o, 'priceCents'),
    currency: string(o, 'currency'),
    billingInterval: nullableOneOf(o, 'billingInterval', BILLING_INTERVALS),
    accessScope: oneOf(o, 'accessScope', ACCESS_SCOPES),
  };
}

export type PublicOffer = OfferTerms & { courses: OfferCourse[] };

export type OfferView = {
  offer: PublicOffer;
  owned: boolean;
  canBuy: boolean;
  cannotBuyReason: string | null;
  /** Where the buyer goes afterwards: the course when the offer is one course, else /learning. */
  continueTo: string;
};

function parseCourse(value: unknown): OfferCourse {
  const c = object(value, 'offer course');
  return { slug: string(c, 'slug'), title: string(c, 'title'), summary: string(c, 'summary') };
}

function parsePublicOffer(value: unknown): PublicOffer {
  const o = object(value, 'offer');
  return { ...parseOfferTerms(o), courses: list(o, 'courses').map(parseCourse) };
}

const id = (value: string) => encodeURIComponent(value);

/** GET /api/offers/:offerId → `{ offer, owned, canBuy, cannotBuyReason, continueTo }`. */
export function fetchOffer(offerId: string): Promise<OfferView> {
  return api(`/api/offers/${id(offerId)}`, {
    parse: (data) => {
      const body = object(data, 'offer response');
      return {
        offer: parsePublicOffer(body.offer),
        owned: boolean(body, 'owned'),
        canBuy: boolean(body, 'canBuy'),
        cannotBuyReason: nullableText(body, 'cannotBuyReason'),
        continueTo: string(body, 'continueTo'),
      };
    },
  });
}

export type Quote = { priceCents: number; discountCents: number; totalCents: number; currency: string; couponCode: string };

/** POST /api/offers/:offerId/quote `{ couponCode }` → `{ priceCents, discountCents, totalCents, currency, coupon: { code } }`. */
export function fetchQuote(offerId: string, couponCode: string): Promise<Quote> {
  return api(`/api/offers/${id(offerId)}/quote`, {
    method: 'POST',
    body: { couponCode },
    parse: (data) => {
      const q = object(data, 'quote');
      return {
        priceCents: num(q, 'priceCents'),
        discountCents: num(q, 'discountCents'),
        totalCents: num(q, 'totalCents'),
        currency: string(q, 'currency'),
        couponCode: string(object(q.coupon, 'quote coupon'), 'code'),
      };
    },
  });
}

export type CheckoutStart = { kind: 'redirect'; url: string } | { kind: 'granted'; continueTo: string };

/** POST /api/checkout `{ offerId, couponCode? }` → `{ kind: 'redirect', url }` or `{ kind: 'granted', continueTo }`. */
export function startCheckout(offerId: string, couponCode: string | null): Promise<CheckoutStart> {
  return api('/api/checkout', {
    method: 'POST',
    body: couponCode ? { offerId, couponCode } : { offerId },
    parse: (data) => {
      const body = object(data, 'checkout');
      const kind = oneOf(body, 'kind', ['redirect', 'granted'] as const);
      return kind === 'redirect' ? { kind, url: string(body, 'url') } : { kind, continueTo: string(body, 'continueTo') };
    },
  });
}

const CHECKOUT_STATUSES = ['pending', 'complete', 'expired'] as const;
/** `offer.title` is empty when the offer no longer exists. */
export type CheckoutStatus = { status: (typeof CHECKOUT_STATUSES)[number]; offer: { id: string; title: string }; continueTo: string };

function parseCheckoutStatus(data: unknown): CheckoutStatus {
  const body = object(data, 'checkout status');
  const offer = object(body.offer, 'checkout offer');
  return {
    status: oneOf(body, 'status', CHECKOUT_STATUSES),
    offer: { id: string(offer, 'id'), title: string(offer, 'title') },
    continueTo: string(body, 'continueTo'),
  };
}

/** GET /api/checkout/sessions/:sessionId → `{ status, offer: { id, title }, continueTo }`. */
export function fetchCheckoutStatus(sessionId: string, signal?: AbortSignal): Promise<CheckoutStatus> {
  return api(`/api/checkout/sessions/${id(sessionId)}`, { signal, parse: parseCheckoutStatus });
}
