// Test support only (imported by *.test.ts inside workerd, never by the Worker).
import Stripe from 'stripe';
import { vi } from 'vitest';
import { createFakeStripe, type FakeStripe } from './fake-stripe.ts';

/** Secrets the commerce tests run with: pass as vars to the app (`{ ...env, ...STRIPE_VARS }`). */
export const STRIPE_VARS = {
  STRIPE_SECRET_KEY: 'sk_test_lectern_fake',
  STRIPE_WEBHOOK_SECRET: 'whsec_lectern_test_secret',
} as const;

/**
 * Replaces fetch for the test: api.stripe.com is answered by the in-memory fake Stripe; any
 * other URL fails the test (nothing reaches the internet). Restore with `vi.restoreAllMocks()`.
 */
export function interceptStripe(): FakeStripe {
  const fake = createFakeStripe();
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.hostname !== 'api.stripe.com') throw new Error(`a test tried to reach ${request.method} ${request.url}`);
    return fake.app.fetch(request);
  });
  return fake;
}

const signer = new Stripe('sk_test_signing_only');
const cryptoProvider = Stripe.createSubtleCryptoProvider();

/** A Stripe event as Stripe would deliver it, with defaults for the envelope. */
export function stripeEvent(type: string, object: Record<string, unknown>, over: { id?: string; created?: number; account?: string | null } = {}): Record<string, unknown> {
  return {
    id: over.id ?? `evt_test_${crypto.randomUUID().replace(/-/g, '')}`,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: over.created ?? Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    ...(over.account === null ? {} : { account: over.account }),
    data: { object },
  };
}

/**
 * The raw body and `Stripe-Signature` header for an event, signed by the Stripe SDK's own
 * test helper (what the issue asks for), optionally with another secret or an old timestamp.
 */
export async function signedDelivery(event: Record<string, unknown>, { secret = STRIPE_VARS.STRIPE_WEBHOOK_SECRET, timestamp }: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = await signer.webhooks.generateTestHeaderStringAsync({ payload, secret, cryptoProvider, ...(timestamp ? { timestamp } : {}) });
  return { payload, header };
}
