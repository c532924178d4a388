import { formatMoney } from './format.ts';

/**
 * The smallest amount Stripe will charge, in minor units, for the currencies schools
 * commonly sell in (Stripe's "minimum and maximum charge amounts" table). Anything else
 * defaults to 50 minor units. A price or discounted total above 0 but under this cannot be
 * paid through Stripe: we refuse it up front with a sentence instead of a Stripe error.
 */
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  nzd: 50,
  chf: 50,
  sgd: 50,
  brl: 50,
  inr: 50,
  jpy: 50,
  ils: 200,
  dkk: 250,
  nok: 300,
  sek: 300,
  pln: 200,
  czk: 1500,
  huf: 17500,
  hkd: 400,
  mxn: 1000,
  aed: 200,
  ron: 200,
  myr: 200,
  thb: 1000,
};
const DEFAULT_MINIMUM = 50;

export function minimumChargeCents(currency: string): number {
  return MINIMUM_CHARGE[currency.toLowerCase()] ?? DEFAULT_MINIMUM;
}

/** True for an amount Stripe cannot charge: more than 0 (free needs no Stripe) but under its minimum. */
export function belowMinimumCharge(amountCents: number, currency: string): boolean {
  return amountCents > 0 && amountCents < minimumChargeCents(currency);
}

/** "$0.50" */
export const formatMinimumCharge = (currency: string) => formatMoney(minimumChargeCents(currency), currency);

/** Why a price of `amountCents` cannot be sold, or null when it can (0 = free is fine). */
export function offerPriceProblem(amountCents: number, currency: string): string | null {
  if (!belowMinimumCharge(amountCents, currency)) return null;
  return `A price of ${formatMoney(amountCents, currency)} is below the ${formatMinimumCharge(currency)} Stripe can charge. Make it 0 (free) or at least ${formatMinimumCharge(currency)}.`;
}

/** Why a discounted total cannot be paid, or null when it can. */
export function discountedTotalProblem(totalCents: number, currency: string): string | null {
  if (!belowMinimumCharge(totalCents, currency)) return null;
  return `After the coupon this costs ${formatMoney(totalCents, currency)}, below the ${formatMinimumCharge(currency)} Stripe can charge. Buy it without this coupon, or ask the school for another one.`;
}

/**
 * Why a checkout of `offer` at `price` cannot go through Stripe, or null. A one-time offer is
 * charged its discounted total; a subscription's coupon covers only the first invoice (Stripe
 * carries a tiny invoice forward), so there the undiscounted price is what must be chargeable.
 */
export function chargeProblem(offer: { offerType: string; priceCents: number; currency: string }, price: { totalCents: number; discountCents: number }): string | null {
  const amount = offer.offerType === 'subscription' ? offer.priceCents : price.totalCents;
  if (!belowMinimumCharge(amount, offer.currency)) return null;
  if (price.discountCents > 0 && offer.offerType !== 'subscription') return discountedTotalProblem(amount, offer.currency);
  return `This offer costs ${formatMoney(amount, offer.currency)}, below the ${formatMinimumCharge(offer.currency)} Stripe can charge, so it cannot be bought until the school changes its price.`;
}
