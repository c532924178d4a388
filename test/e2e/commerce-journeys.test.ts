import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, requestViaLoopback, startLocalRuntime } from '../../scripts/lib/local-runtime.ts';
import { signedDelivery, STRIPE_VARS, stripeEvent } from '../../src/modules/commerce/stripe/testing.ts';
import { launchChromium } from './browser.ts';
import { expectAccessible, newPage, signInByMagicLink } from './journey-helpers.ts';
import { type FakeStripeServer, startFakeStripeServer } from './fake-stripe-server.ts';

/**
 * Buying a course against a real `wrangler dev` whose Stripe calls go to a local fake Stripe
 * (STRIPE_API_BASE): the owner connects the school's Stripe account, a student applies the
 * demo coupon and checks out, and the `checkout.session.completed` that Stripe would send is
 * built and signed with the Stripe SDK's test helper and delivered to the platform host's
 * webhook. It goes through the inbox and the STRIPE_WEBHOOKS queue; the success page waits
 * for it, and the course then opens and appears in the student's purchases. axe runs on
 * every page visited.
 */
let runtime: LocalRuntime;
let stripe: FakeStripeServer;
let browser: Browser;

const breslov = () => runtime.origin('breslov.localhost');
const poll = <T>(read: () => T | Promise<T>, timeout = 60_000) => expect.poll(read, { timeout, interval: 300 });

beforeAll(async () => {
  stripe = await startFakeStripeServer();
  runtime = await startLocalRuntime({ port: 8798, vars: { ...STRIPE_VARS, STRIPE_API_BASE: stripe.base } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  await stripe?.close();
});

async function signedIn(email: string, path: string): Promise<Page> {
  const page = await newPage(browser);
  await page.goto(`${breslov()}/sign-in?returnTo=${encodeURIComponent(path)}`);
  await signInByMagicLink(page, runtime, email);
  await page.goto(`${breslov()}${path}`);
  return page;
}

describe('commerce journeys', () => {
  it('the owner connects Stripe; a student buys the paid course with a coupon and it opens', async () => {
    // The owner connects the school's Stripe account; the fake's onboarding finishes at once
    // and sends the browser back, where the page re-reads the account.
    const owner = await signedIn('owner@breslov.test', '/admin/payments');
    await owner.getByRole('button', { name: 'Connect with Stripe' }).click();
    await owner.waitForURL(/\/admin\/payments\?stripe=return/);
    await poll(() => owner.getByTestId('stripe-can-sell').textContent()).toBe('Ready to sell');
    await expectAccessible(owner);
    const [account] = [...stripe.accounts.keys()];
    expect(stripe.calls.find((c) => c.path === '/v1/accounts')?.params['metadata[schoolId]']).toBeTruthy();

    // The student finds the offer from the course page and applies the demo coupon.
    const student = await signedIn('student@breslov.test', '/courses/likutey-moharan');
    await student.getByTestId('course-primary-action').click();
    await student.waitForURL(/\/offers\//);
    await expectAccessible(student);
    await student.getByLabel(/Coupon code/).fill('torah20');
    await student.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => student.getByTestId('coupon-result').textContent()).toContain('$39.20');
    await expectAccessible(student);

    // Checkout is created on the school's connected account with the discounted price.
    await student.getByTestId('offer-buy').click();
    await student.waitForURL(new RegExp(`^${stripe.base}/checkout/cs_test_`));
    const sessionId = new URL(student.url()).pathname.split('/').pop()!;
    const created = stripe.calls.find((c) => c.path === '/v1/checkout/sessions')!;
    expect(created.account).toBe(account);
    expect(created.params['line_items[0][price_data][unit_amount]']).toBe('3920');
    const session = stripe.checkoutSessions.get(sessionId)!;

    // "Pay": back to the school's success page, which waits for Stripe's word.
    await student.getByRole('link', { name: 'Pay' }).click();
    await student.waitForURL(/\/checkout\/success\?session_id=/);
    await student.getByTestId('checkout-waiting').waitFor();
    await expectAccessible(student);

    const event = stripeEvent(
      'checkout.session.completed',
      {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_subtotal: 4900,
        amount_total: 3920,
        total_details: { amount_discount: 980, amount_shipping: 0, amount_tax: 0 },
        currency: 'usd',
        customer: 'cus_test_journey',
        payment_intent: `pi_test_${sessionId.slice(-12)}`,
        client_reference_id: session.client_reference_id,
        metadata: session.metadata,
      },
      { account },
    );
    const { payload, header } = await signedDelivery(event);
    const delivered = await requestViaLoopback(runtime.port, 'localhost', '/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    expect(delivered.status, delivered.body).toBe(200);

    await student.getByTestId('checkout-complete').waitFor({ timeout: 60_000 });
    await expectAccessible(student);
    await student.getByTestId('checkout-continue').click();
    await student.waitForURL(/\/courses\/likutey-moharan/);
    // The paid lesson now opens.
    await student.getByRole('link', { name: /Teaching one/ }).first().click();
    await student.getByRole('heading', { name: 'Teaching one', level: 1 }).waitFor();
    await expect.poll(() => student.locator('main').textContent()).not.toContain('paid course you do not have access to');

    // And it is in the student's purchases, at the discounted price, with a receipt.
    await student.goto(`${breslov()}/account/purchases`);
    const row = student.getByRole('row', { name: /Likutey Moharan/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('$39.20');
    await expectAccessible(student);

    // Stripe delivers at least once: the same delivery again is accepted (the consumer applies it once; see the webhooks fuzz test).
    const again = await requestViaLoopback(runtime.port, 'localhost', '/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    expect(again.status).toBe(200);
  });
});
