import Stripe from 'stripe';
import type { Env } from '../../../platform/env.ts';
import { Conflict } from '../../../platform/errors.ts';

/**
 * The one place a Stripe client is built. Calls go through `fetch` looked up at call time,
 * so tests intercept them (see fake-stripe.ts) and nothing ever leaves the machine; in
 * development and tests STRIPE_API_BASE can point the SDK at a local fake Stripe server.
 * Every call on a school's behalf passes `{ stripeAccount }` (Stripe Connect).
 */
export function stripeFor(env: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null;
  return new Stripe(env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient((input, init) => fetch(input, init)),
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base ? { host: base.hostname, port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), protocol: base.protocol === 'https:' ? 'https' : 'http' } : {}),
  });
}

export const STRIPE_NOT_CONFIGURED = 'Payments are not set up on this Lectern deployment (no Stripe key). The operator has to add STRIPE_SECRET_KEY.';

/** The client, or a 409 a person can act on when the deployment has no Stripe key. */
export function requireStripe(env: Pick<Env, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>): Stripe {
  const stripe = stripeFor(env);
  if (!stripe) throw new Conflict(STRIPE_NOT_CONFIGURED);
  return stripe;
}

/** Verifies webhook signatures with WebCrypto (no Node crypto in Workers). */
export const webCryptoProvider = Stripe.createSubtleCryptoProvider();

/** Platform fee in basis points from PLATFORM_FEE_PERCENT ("2.5" → 250). */
export function platformFeeBps(env: Pick<Env, 'PLATFORM_FEE_PERCENT'>): number {
  return env.PLATFORM_FEE_PERCENT ? Math.round(Number(env.PLATFORM_FEE_PERCENT) * 100) : 0;
}
