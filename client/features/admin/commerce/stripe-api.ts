import { api } from '../../../lib/api';
import { boolean, object, string } from '../../../lib/json';
import { num } from '../../offers/commerce-json';

// Stripe Connect for this school (src/modules/commerce/connect/service.ts, `StripeStatus`).

export type StripeAccount = { stripeAccountId: string; chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean };
export type StripeState = { configured: boolean; account: StripeAccount | null; platformFeePercent: number; canSell: boolean };

function parseState(data: unknown): StripeState {
  const body = object(data, 'stripe state');
  const a = body.account === null ? null : object(body.account, 'stripe account');
  return {
    configured: boolean(body, 'configured'),
    account: a
      ? { stripeAccountId: string(a, 'stripeAccountId'), chargesEnabled: boolean(a, 'chargesEnabled'), payoutsEnabled: boolean(a, 'payoutsEnabled'), detailsSubmitted: boolean(a, 'detailsSubmitted') }
      : null,
    platformFeePercent: num(body, 'platformFeePercent'),
    canSell: boolean(body, 'canSell'),
  };
}

export function fetchStripeState(): Promise<StripeState> {
  return api('/api/admin/stripe', { parse: parseState });
}

/** Re-reads the account from Stripe (after onboarding, or when someone asks). */
export function refreshStripeState(): Promise<StripeState> {
  return api('/api/admin/stripe/refresh', { method: 'POST', parse: parseState });
}

export function startOnboarding(): Promise<string> {
  return api('/api/admin/stripe/onboarding', { method: 'POST', parse: (data) => string(object(data, 'onboarding'), 'url') });
}
