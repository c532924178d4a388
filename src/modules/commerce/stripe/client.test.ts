import { afterEach, describe, expect, it, vi } from 'vitest';
import { platformFeeBps, stripeFor, webCryptoProvider } from './client.ts';
import { interceptStripe, signedDelivery, STRIPE_VARS, stripeEvent } from './testing.ts';

afterEach(() => vi.restoreAllMocks());

describe('the Stripe client', () => {
  it('is absent without a secret key, so callers can say payments are not set up', () => {
    expect(stripeFor({})).toBeNull();
  });

  it('acts on a connected account through the fake, never the network', async () => {
    const fake = interceptStripe();
    const stripe = stripeFor(STRIPE_VARS)!;
    const session = await stripe.checkout.sessions.create(
      { mode: 'payment', line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 4900, product_data: { name: 'Course' } } }], success_url: 'https://x.test/ok', metadata: { schoolId: 's1' } },
      { stripeAccount: 'acct_123', idempotencyKey: 'k1' },
    );
    expect(session.id).toMatch(/^cs_test_/);
    expect(fake.calls[0]).toMatchObject({ path: '/v1/checkout/sessions', account: 'acct_123', idempotencyKey: 'k1' });
    expect(fake.calls[0]!.params['line_items[0][price_data][unit_amount]']).toBe('4900');
    expect(fake.calls[0]!.params['metadata[schoolId]']).toBe('s1');
  });

  it('verifies what the SDK test helper signs, and refuses another secret', async () => {
    const stripe = stripeFor(STRIPE_VARS)!;
    const { payload, header } = await signedDelivery(stripeEvent('account.updated', { id: 'acct_1' }, { account: 'acct_1' }));
    const event = await stripe.webhooks.constructEventAsync(payload, header, STRIPE_VARS.STRIPE_WEBHOOK_SECRET, 300, webCryptoProvider);
    expect(event.type).toBe('account.updated');
    await expect(stripe.webhooks.constructEventAsync(payload, header, 'whsec_other', 300, webCryptoProvider)).rejects.toThrow();
  });

  it('reads the platform fee as basis points', () => {
    expect(platformFeeBps({})).toBe(0);
    expect(platformFeeBps({ PLATFORM_FEE_PERCENT: '2.5' })).toBe(250);
  });
});
