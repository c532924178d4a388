import { mkdir } from 'node:fs/promises';
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

/** A full-page screenshot into $SHOTS_DIR when it is set (for looking at the screens, not asserting). */
async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SHOTS_DIR) return;
  await mkdir(process.env.SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/commerce-${name}.png`, fullPage: true });
}

/** Delivers an event to the platform host's webhook, signed as Stripe would sign it. */
async function deliver(event: Record<string, unknown>): Promise<void> {
  const { payload, header } = await signedDelivery(event);
  const res = await requestViaLoopback(runtime.port, 'localhost', '/webhooks/stripe', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
  expect(res.status, res.body).toBe(200);
}

/** `prefix[metadata][key]` form fields the Worker sent to Stripe, back as an object. */
function metadataIn(params: Record<string, string>, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[metadata\\]\\[(.+)\\]$`).exec(key);
    if (m) found[m[1]!] = value;
  }
  return found;
}

/** Whether the student can open the paid course's second lesson right now (asked of the API in the page). */
async function opensPaidLesson(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const course = await (await fetch('/api/courses/likutey-moharan', { headers: { accept: 'application/json' } })).json();
    const lessons = course.chapters.flatMap((chapter: { lessons: { id: string; title: string }[] }) => chapter.lessons);
    const lesson = lessons.find((l: { title: string }) => l.title === 'Teaching one');
    const res = await fetch(`/api/courses/likutey-moharan/lessons/${lesson.id}`, { headers: { accept: 'application/json' } });
    return res.status === 200;
  });
}

let student: Page;
let owner: Page;
let paymentIntent: string;
let account: string;

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
    owner = await signedIn('owner@breslov.test', '/admin/payments');
    await owner.getByRole('button', { name: 'Connect with Stripe' }).click();
    await owner.waitForURL(/\/admin\/payments\?stripe=return/);
    await poll(() => owner.getByTestId('stripe-can-sell').textContent()).toBe('Ready to sell');
    await expectAccessible(owner);
    await shot(owner, 'admin-payments');
    account = [...stripe.accounts.keys()][0]!;
    expect(stripe.calls.find((c) => c.path === '/v1/accounts')?.params['metadata[schoolId]']).toBeTruthy();

    // The student finds the offer from the course page and applies the demo coupon.
    student = await signedIn('student@breslov.test', '/courses/likutey-moharan');
    await student.getByTestId('course-primary-action').click();
    await student.waitForURL(/\/offers\//);
    await expectAccessible(student);
    await student.getByLabel(/Coupon code/).fill('torah20');
    await student.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => student.getByTestId('coupon-result').textContent()).toContain('$39.20');
    await expectAccessible(student);
    await shot(student, 'offer-with-coupon');

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
    await shot(student, 'success-waiting');

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
        payment_intent: (paymentIntent = `pi_test_${sessionId.slice(-12)}`),
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
    await shot(student, 'purchases');

    // Stripe delivers at least once: the same delivery again is accepted (the consumer applies it once; see the webhooks fuzz test).
    const again = await requestViaLoopback(runtime.port, 'localhost', '/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
    });
    expect(again.status).toBe(200);
  });

  it('staff refund the purchase in full from Transactions; charge.refunded takes the course away again', async () => {
    await owner.goto(`${breslov()}/admin/transactions`);
    const row = owner.getByTestId('transaction-row').filter({ hasText: 'student@breslov.test' }).first();
    await row.waitFor();
    await expectAccessible(owner);
    await row.getByRole('button', { name: /Refund/ }).click();
    const dialog = owner.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('refundable').textContent()).toContain('$39.20');
    await expectAccessible(owner);
    await shot(owner, 'refund-dialog');
    await dialog.getByRole('button', { name: 'Refund $39.20' }).click();
    await row.getByText(/Refund requested/).waitFor();
    const refund = stripe.calls.find((c) => c.path === '/v1/refunds')!;
    expect(refund).toMatchObject({ account, params: { payment_intent: paymentIntent, amount: '3920' } });

    // Stripe confirms the refund; until then the student keeps the course.
    expect(await opensPaidLesson(student)).toBe(true);
    await deliver(stripeEvent('charge.refunded', { id: 'ch_test_journey', object: 'charge', payment_intent: paymentIntent, amount: 3920, amount_refunded: 3920, refunded: true, currency: 'usd', customer: 'cus_test_journey' }, { account }));
    await poll(() => opensPaidLesson(student)).toBe(false);
    await student.goto(`${breslov()}/account/purchases`);
    await poll(() => student.getByRole('row', { name: /Likutey Moharan/ }).textContent()).toContain('Refunded');
  });

  it('a student subscribes to every course; events in any order open it, and cancelling ends it', async () => {
    const { offer } = await owner.evaluate(async () => {
      const headers = { accept: 'application/json', 'content-type': 'application/json' };
      const created = await (await fetch('/api/admin/offers', { method: 'POST', headers, body: JSON.stringify({ title: 'All-access membership', offerType: 'subscription', priceCents: 900, billingInterval: 'month', accessScope: 'all_courses' }) })).json();
      return (await fetch(`/api/admin/offers/${created.offer.id}`, { method: 'PATCH', headers, body: JSON.stringify({ status: 'active' }) })).json();
    });
    await student.goto(`${breslov()}/offers/${offer.id}`);
    await expect.poll(() => student.getByTestId('offer-price').textContent()).toContain('$9.00');
    await student.getByTestId('offer-buy').click();
    await student.waitForURL(new RegExp(`^${stripe.base}/checkout/cs_test_`));
    const sessionId = new URL(student.url()).pathname.split('/').pop()!;
    const session = stripe.checkoutSessions.get(sessionId)!;
    const params = session.params as Record<string, string>;
    expect(params['mode']).toBe('subscription');
    const subscriptionMeta = metadataIn(params, 'subscription_data');
    expect(subscriptionMeta).toMatchObject({ offerId: offer.id });
    await student.getByRole('link', { name: 'Pay' }).click();
    await student.getByTestId('checkout-waiting').waitFor();

    // Stripe's events for one subscription, delivered out of order: the invoice first.
    const now = Math.floor(Date.now() / 1000);
    const periodEnd = now + 30 * 86_400;
    const subscription = { id: 'sub_test_journey', object: 'subscription', customer: 'cus_test_member', metadata: subscriptionMeta, cancel_at_period_end: false, items: { data: [{ current_period_start: now, current_period_end: periodEnd }] } };
    await deliver(stripeEvent('invoice.paid', { id: 'in_test_journey', object: 'invoice', status: 'paid', amount_paid: 900, currency: 'usd', customer: 'cus_test_member', parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id, metadata: subscriptionMeta } }, lines: { data: [{ period: { start: now, end: periodEnd } }] } }, { account, created: now + 2 }));
    await deliver(stripeEvent('checkout.session.completed', { id: sessionId, object: 'checkout.session', mode: 'subscription', status: 'complete', payment_status: 'paid', subscription: subscription.id, customer: 'cus_test_member', amount_subtotal: 900, amount_total: 900, total_details: { amount_discount: 0 }, currency: 'usd', metadata: session.metadata }, { account, created: now + 3 }));
    await deliver(stripeEvent('customer.subscription.created', { ...subscription, status: 'active' }, { account, created: now + 1 }));

    await student.getByTestId('checkout-complete').waitFor({ timeout: 60_000 });
    await expectAccessible(student);
    await poll(() => opensPaidLesson(student)).toBe(true);
    await student.goto(`${breslov()}/account/purchases`);
    await student.getByText('All-access membership').first().waitFor();
    await expectAccessible(student);

    // Cancelled at Stripe: access ends now, and an older "active" arriving late changes nothing.
    await deliver(stripeEvent('customer.subscription.deleted', { ...subscription, status: 'canceled', ended_at: now + 10 }, { account, created: now + 10 }));
    await deliver(stripeEvent('customer.subscription.updated', { ...subscription, status: 'active' }, { account, created: now + 5 }));
    await poll(() => opensPaidLesson(student)).toBe(false);
  });

  it('staff build an offer and a coupon on their screens; an instructor proposes a price and the owner approves it', async () => {
    const title = `Weekend intensive ${Math.random().toString(36).slice(2, 6)}`;
    await owner.goto(`${breslov()}/admin/offers`);
    await owner.getByTestId('new-offer').click();
    const form = owner.getByTestId('offer-form');
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Price').fill('25.00');
    await form.getByRole('checkbox', { name: /Foundations/ }).check();
    await expectAccessible(owner);
    await shot(owner, 'admin-offer-form');
    await form.getByRole('button', { name: 'Create draft offer' }).click();
    const row = owner.getByTestId('offer-row').filter({ hasText: title });
    await row.getByText('Draft').waitFor();
    await row.getByRole('button', { name: `Publish ${title}` }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Publish offer' }).click();
    await row.getByText('On sale').waitFor();
    await expectAccessible(owner);

    const code = `SPRING${Math.floor(Math.random() * 1000)}`;
    await owner.goto(`${breslov()}/admin/coupons`);
    await owner.getByTestId('new-coupon').click();
    const couponForm = owner.getByTestId('coupon-form');
    await couponForm.getByLabel('Code').fill(code);
    await couponForm.getByLabel('Percent off').fill('10');
    await couponForm.getByLabel('Usage limit (optional)').fill('3');
    await expectAccessible(owner);
    await couponForm.getByRole('button', { name: 'Create coupon' }).click();
    await owner.getByRole('row', { name: new RegExp(code) }).waitFor();
    await expectAccessible(owner);
    await shot(owner, 'admin-coupons');

    // The instructor proposes a new price; only the owner may decide.
    const instructor = await signedIn('instructor@breslov.test', '/admin/offers');
    const offerRow = instructor.getByTestId('offer-row').filter({ hasText: title });
    await offerRow.getByRole('button', { name: `Propose new price ${title}` }).click();
    const request = instructor.getByTestId('price-request-form');
    await request.getByLabel(/New price/).fill('29.00');
    await request.getByLabel('Reason (optional)').fill('Two more sessions this year.');
    await expectAccessible(instructor);
    await request.getByRole('button', { name: 'Send price request' }).click();
    await instructor.goto(`${breslov()}/admin/pricing-requests`);
    await instructor.getByTestId('pricing-row').filter({ hasText: title }).getByText('Waiting for the owner').waitFor();
    expect(await instructor.getByRole('button', { name: /^Approve/ }).count()).toBe(0);
    await expectAccessible(instructor);

    await owner.goto(`${breslov()}/admin/pricing-requests`);
    const pending = owner.getByTestId('pricing-row').filter({ hasText: title });
    await pending.getByRole('button', { name: `Approve new price for ${title}` }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Approve price' }).click();
    await pending.getByText('Approved').waitFor();
    await expectAccessible(owner);
    await shot(owner, 'admin-pricing');
    await owner.goto(`${breslov()}/admin/offers`);
    await expect.poll(() => owner.getByTestId('offer-row').filter({ hasText: title }).textContent()).toContain('$29.00');
  });
});
