import Stripe from 'stripe';
import { AppError, Conflict, RateLimited, Unavailable } from '../../../platform/errors.ts';

/**
 * Runs one Stripe call and turns a Stripe failure into an error a person can act on:
 * Stripe refusing the request (bad state, already refunded, unknown customer…) → 409 with
 * Stripe's own words; rate limits → 429; anything on Stripe's or the platform's side
 * (outage, network, bad platform key) → 503. Nothing is recorded by callers when it throws.
 */
export async function callStripe<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw stripeFailure(what, err);
  }
}

export function stripeFailure(what: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const status = err.statusCode ?? 0;
    if (err.type === 'StripeRateLimitError' || status === 429) return new RateLimited(`Stripe is busy right now, so we could not ${what}. Wait a minute and try again.`);
    if (err.type === 'StripeAuthenticationError' || err.type === 'StripePermissionError' || status === 401 || status === 403) {
      console.error(`[stripe] ${what}: the platform's Stripe key was refused`, err.message);
      return new Unavailable(`Payments are misconfigured on this Lectern deployment, so we could not ${what}. The operator has to check STRIPE_SECRET_KEY.`);
    }
    if (status >= 400 && status < 500) return new Conflict(`Stripe refused to ${what}: ${err.message}`);
  }
  console.error(`[stripe] ${what} failed`, err);
  return new Unavailable(`Stripe did not answer, so we could not ${what}. Nothing was changed; please try again in a few minutes.`);
}
