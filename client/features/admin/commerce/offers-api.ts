import { api } from '../../../lib/api';
import { boolean, list, object, oneOf, string, stringList } from '../../../lib/json';
import { iso, nullableIso, nullableText, num } from '../../offers/commerce-json';
import { parseOfferTerms, type OfferTerms } from '../../offers/offer-api';
import type { AccessScope, BillingInterval, OfferType } from '../../offers/commerce-labels';

// Offers and their price-change requests (src/modules/commerce/catalogue/{offers,pricing}.ts).

export const OFFER_STATUSES = ['draft', 'active', 'archived'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** An offer as staff see it (`offerView`), minus the Stripe ids and authorship no screen shows. */
export type Offer = OfferTerms & {
  status: OfferStatus;
  courseIds: string[];
  createdAt: Date;
};

export function parseOffer(value: unknown): Offer {
  const o = object(value, 'offer');
  return {
    ...parseOfferTerms(o),
    status: oneOf(o, 'status', OFFER_STATUSES),
    courseIds: stringList(o, 'courseIds'),
    createdAt: iso(o, 'createdAt'),
  };
}

const id = (value: string) => encodeURIComponent(value);
const offerOf = (data: unknown) => parseOffer(object(data, 'offer response').offer);

export function fetchOffers(): Promise<Offer[]> {
  return api('/api/admin/offers', { parse: (data) => list(object(data, 'offers response'), 'offers').map(parseOffer) });
}

export type NewOffer = {
  title: string;
  description?: string;
  offerType: OfferType;
  priceCents: number;
  currency?: string;
  billingInterval?: BillingInterval;
  accessScope: AccessScope;
  courseIds?: string[];
};

export function createOffer(input: NewOffer): Promise<Offer> {
  return api('/api/admin/offers', { method: 'POST', body: input, parse: offerOf });
}

export type OfferPatch = Partial<{ title: string; description: string; status: OfferStatus; accessScope: AccessScope; courseIds: string[]; priceCents: number }>;

export function updateOffer(offerId: string, patch: OfferPatch): Promise<Offer> {
  return api(`/api/admin/offers/${id(offerId)}`, { method: 'PATCH', body: patch, parse: offerOf });
}

/**
 * DELETE answers `{ deleted: true }` for a draft nobody bought or started buying; otherwise the
 * Worker archives it and answers `{ deleted: false, offer }`.
 */
export type OfferDeletion = { deleted: true } | { deleted: false; offer: Offer };

export function deleteOffer(offerId: string): Promise<OfferDeletion> {
  return api(`/api/admin/offers/${id(offerId)}`, {
    method: 'DELETE',
    parse: (data) => {
      const body = object(data, 'offer deletion');
      return boolean(body, 'deleted') ? { deleted: true } : { deleted: false, offer: parseOffer(body.offer) };
    },
  });
}

// ---- pricing change requests --------------------------------------------------------------

export const PRICING_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type PricingRequestStatus = (typeof PRICING_REQUEST_STATUSES)[number];

/** A request as `requestView` sends it; offerTitle and currency are null only if its offer row is gone. */
export type PricingRequest = {
  id: string;
  offerId: string;
  offerTitle: string | null;
  currency: string | null;
  /** A user id: the answer names no person. */
  requestedBy: string;
  currentPriceCents: number;
  proposedPriceCents: number;
  reason: string;
  status: PricingRequestStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  createdAt: Date;
};

function parsePricingRequest(value: unknown): PricingRequest {
  const r = object(value, 'pricing request');
  return {
    id: string(r, 'id'),
    offerId: string(r, 'offerId'),
    offerTitle: nullableText(r, 'offerTitle'),
    currency: nullableText(r, 'currency'),
    requestedBy: string(r, 'requestedBy'),
    currentPriceCents: num(r, 'currentPriceCents'),
    proposedPriceCents: num(r, 'proposedPriceCents'),
    reason: string(r, 'reason'),
    status: oneOf(r, 'status', PRICING_REQUEST_STATUSES),
    decidedBy: nullableText(r, 'decidedBy'),
    decidedAt: nullableIso(r, 'decidedAt'),
    decisionNote: nullableText(r, 'decisionNote'),
    createdAt: iso(r, 'createdAt'),
  };
}

const requestOf = (data: unknown) => parsePricingRequest(object(data, 'pricing request response').request);

export function fetchPricingRequests(): Promise<PricingRequest[]> {
  return api('/api/admin/pricing-requests', { parse: (data) => list(object(data, 'pricing requests response'), 'requests').map(parsePricingRequest) });
}

export function proposePrice(offerId: string, input: { proposedPriceCents: number; reason?: string }): Promise<PricingRequest> {
  return api(`/api/admin/offers/${id(offerId)}/pricing-requests`, { method: 'POST', body: input, parse: requestOf });
}

export function decidePricingRequest(requestId: string, decision: 'approve' | 'reject', note: string): Promise<PricingRequest> {
  return api(`/api/admin/pricing-requests/${id(requestId)}/${decision}`, { method: 'POST', body: note ? { note } : {}, parse: requestOf });
}
