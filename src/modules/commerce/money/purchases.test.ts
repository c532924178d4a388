import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { addMember, cookieOf, demoMember } from '../../members/testing.ts';
import { NO_PORTAL_CONFIGURATION_MESSAGE } from '../stripe/fake-stripe.ts';
import { interceptStripe } from '../stripe/testing.ts';
import { callApp, ensureStripeAccount, seedOffer } from '../testing.ts';
import { seedSubscription, seedTransaction } from './testing.ts';

afterEach(() => vi.restoreAllMocks());

const SUITE = { tx: crypto.randomUUID(), acmeTx: crypto.randomUUID() };
beforeAll(async () => {
  await seedTransaction(BRESLOV, { id: SUITE.tx, userId: demoMember(BRESLOV, 'student').userId });
  await seedTransaction(ACME, { id: SUITE.acmeTx, userId: demoMember(ACME, 'student').userId });
});

describeAccessRules('GET /api/me/purchases', { method: 'GET', path: '/api/me/purchases', minimumRole: 'student' });
describeAccessRules('GET /api/me/purchases/:id', { method: 'GET', path: `/api/me/purchases/${SUITE.tx}`, minimumRole: 'student', foreignPath: `/api/me/purchases/${SUITE.acmeTx}` });
describeAccessRules('POST /api/me/billing-portal', { method: 'POST', path: '/api/me/billing-portal', minimumRole: 'student' });

type Purchases = { purchases: (Record<string, unknown> & { id: string })[]; subscriptions: Record<string, unknown>[] };

describe('my purchases', () => {
  it('lists only the caller’s own transactions (newest first) and subscriptions', async () => {
    const me = await addMember(BRESLOV, 'student');
    const other = await addMember(BRESLOV, 'student');
    const offerId = await seedOffer(BRESLOV, { title: 'Likutey Moharan I' });
    const subOffer = await seedOffer(BRESLOV, { title: 'Monthly shiur', offerType: 'subscription', billingInterval: 'month' });
    const older = await seedTransaction(BRESLOV, { userId: me.userId, offerId, amountCents: 4000, discountCents: 1000, createdAt: new Date('2024-01-01T00:00:00Z'), receiptUrl: 'https://pay.stripe.com/receipts/a' });
    const newer = await seedTransaction(BRESLOV, { userId: me.userId, kind: 'free', amountCents: 0, stripePaymentIntentId: null, createdAt: new Date('2024-02-01T00:00:00Z') });
    await seedTransaction(BRESLOV, { userId: other.userId, offerId });
    const end = new Date('2030-01-01T00:00:00Z');
    const subId = await seedSubscription(BRESLOV, { userId: me.userId, offerId: subOffer, currentPeriodEnd: end, cancelAtPeriodEnd: true });
    await seedSubscription(BRESLOV, { userId: other.userId, offerId: subOffer });

    const res = await callApp(BRESLOV, '/api/me/purchases', { cookie: await cookieOf(BRESLOV, me) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Purchases;
    expect(body.purchases.map((p) => p.id)).toEqual([newer.id, older.id]);
    expect(body.purchases[1]).toMatchObject({ offer: { id: offerId, title: 'Likutey Moharan I' }, offerTitle: 'Likutey Moharan I', amountCents: 4000, discountCents: 1000, refundedCents: 0, currency: 'usd', status: 'paid', receiptUrl: 'https://pay.stripe.com/receipts/a' });
    expect(body.subscriptions).toEqual([{ id: subId, offerId: subOffer, offerTitle: 'Monthly shiur', status: 'active', currentPeriodEnd: end.toISOString(), cancelAtPeriodEnd: true }]);

    const nothing = (await (await callApp(BRESLOV, '/api/me/purchases', { cookie: await cookieOf(BRESLOV, await addMember(BRESLOV, 'student')) })).json()) as Purchases;
    expect(nothing).toEqual({ purchases: [], subscriptions: [] });
  });

  it('shows a receipt of one’s own purchase, and 404 for anyone else’s', async () => {
    const me = await addMember(BRESLOV, 'student');
    const other = await addMember(BRESLOV, 'student');
    const course = await seedLearningCourse(BRESLOV, { title: 'Sichot HaRan', accessLevel: 'paid', chapters: [] });
    const offerId = await seedOffer(BRESLOV, { title: 'Sichot bundle', description: 'All the talks' }, [course.courseId]);
    const mine = await seedTransaction(BRESLOV, { userId: me.userId, offerId, amountCents: 4000, discountCents: 1000, refundedCents: 500, status: 'partially_refunded', receiptUrl: 'https://pay.stripe.com/receipts/r' });
    const theirs = await seedTransaction(BRESLOV, { userId: other.userId, offerId });

    const cookie = await cookieOf(BRESLOV, me);
    const res = await callApp(BRESLOV, `/api/me/purchases/${mine.id}`, { cookie });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { receipt: unknown }).receipt).toEqual({
      id: mine.id,
      school: { name: BRESLOV.name },
      date: mine.createdAt.toISOString(),
      kind: 'purchase',
      status: 'partially_refunded',
      offer: { id: offerId, title: 'Sichot bundle', description: 'All the talks', offerType: 'one_time', billingInterval: null, includes: { accessScope: 'courses', courses: [{ id: course.courseId, title: 'Sichot HaRan', slug: course.slug }] } },
      currency: 'usd',
      subtotalCents: 5000,
      discountCents: 1000,
      couponCode: null,
      amountCents: 4000,
      refundedCents: 500,
      refundPendingCents: 0,
      netCents: 3500,
      paymentReference: mine.stripePaymentIntentId,
      receiptUrl: 'https://pay.stripe.com/receipts/r',
    });
    const foreign = await callApp(BRESLOV, `/api/me/purchases/${theirs.id}`, { cookie });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toContain(other.userId);
    expect((await callApp(BRESLOV, `/api/me/purchases/${SUITE.acmeTx}`, { cookie })).status).toBe(404);
  });
});

describe('billing portal', () => {
  it('opens a portal session on the school’s account for the member’s Stripe customer', async () => {
    const fake = interceptStripe();
    const account = await ensureStripeAccount(BRESLOV);
    const me = await addMember(BRESLOV, 'student');
    const offerId = await seedOffer(BRESLOV, { offerType: 'subscription', billingInterval: 'month' });
    const customer = `cus_test_${crypto.randomUUID().slice(0, 8)}`;
    await seedSubscription(BRESLOV, { userId: me.userId, offerId, stripeCustomerId: customer });

    const res = await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie: await cookieOf(BRESLOV, me) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ url: `https://stripe.fake/portal/${customer}` });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: 'POST', path: '/v1/billing_portal/sessions', account, params: { customer, return_url: 'http://breslov.localhost/account/purchases' } });
    expect(fake.calls[0]!.idempotencyKey).toMatch(new RegExp(`^portal-${me.userId}-`));
  });

  it('an account without a portal configuration: the first call creates one on the account and retries with it; the next call works directly', async () => {
    const fake = interceptStripe();
    const account = await ensureStripeAccount(BRESLOV);
    fake.withoutPortalConfiguration(account);
    const me = await addMember(BRESLOV, 'student');
    const customer = `cus_test_${crypto.randomUUID().slice(0, 8)}`;
    await seedTransaction(BRESLOV, { userId: me.userId, stripeCustomerId: customer });
    const cookie = await cookieOf(BRESLOV, me);

    const first = await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ url: `https://stripe.fake/portal/${customer}` });
    const [config] = fake.portalConfigurations.get(account)!;
    expect(fake.portalConfigurations.get(account)).toHaveLength(1);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/billing_portal/sessions', 'GET /v1/billing_portal/configurations', 'POST /v1/billing_portal/configurations', 'POST /v1/billing_portal/sessions']);
    expect(fake.calls.every((c) => c.account === account)).toBe(true);
    expect(fake.calls[0]!.params['configuration']).toBeUndefined();
    expect(fake.calls[1]!.params).toMatchObject({ active: 'true', limit: '1' });
    expect(fake.calls[2]).toMatchObject({
      idempotencyKey: `portal-config-${account}`,
      params: {
        'features[invoice_history][enabled]': 'true',
        'features[payment_method_update][enabled]': 'true',
        'features[subscription_cancel][enabled]': 'true',
        'features[subscription_cancel][mode]': 'at_period_end',
        'business_profile[headline]': BRESLOV.name,
      },
    });
    expect(config).toMatchObject({ object: 'billing_portal.configuration', is_default: true });
    expect(String(config!.id)).toMatch(/^bpc_test_/);
    expect(fake.calls[3]!.params).toMatchObject({ customer, configuration: config!.id });
    expect(fake.calls[3]!.idempotencyKey).not.toBe(fake.calls[0]!.idempotencyKey);

    const second = await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie });
    expect(second.status).toBe(200);
    expect(fake.calls.slice(4).map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/billing_portal/sessions']);
    expect(fake.calls[4]!.params['configuration']).toBeUndefined();
    expect(fake.portalConfigurations.get(account)).toHaveLength(1);
  });

  it('reuses an active configuration already on the account instead of creating another; other Stripe refusals are not retried', async () => {
    const fake = interceptStripe();
    const account = await ensureStripeAccount(BRESLOV);
    const me = await addMember(BRESLOV, 'student');
    await seedTransaction(BRESLOV, { userId: me.userId, stripeCustomerId: 'cus_test_reuse' });
    const cookie = await cookieOf(BRESLOV, me);
    fake.portalConfigurations.set(account, [{ id: 'bpc_test_existing', object: 'billing_portal.configuration', active: true, is_default: false }]);
    fake.failNext('/v1/billing_portal/sessions', 400, NO_PORTAL_CONFIGURATION_MESSAGE);
    expect((await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie })).status).toBe(200);
    expect(fake.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/billing_portal/sessions', 'GET /v1/billing_portal/configurations', 'POST /v1/billing_portal/sessions']);
    expect(fake.calls[2]!.params['configuration']).toBe('bpc_test_existing');

    fake.calls.length = 0;
    fake.failNext('/v1/billing_portal/sessions', 400, 'No such customer: cus_test_reuse');
    const refused = await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain('No such customer: cus_test_reuse');
    expect(fake.calls).toHaveLength(1);
  });

  it('falls back to the customer on a one-time purchase', async () => {
    const fake = interceptStripe();
    await ensureStripeAccount(BRESLOV);
    const me = await addMember(BRESLOV, 'student');
    await seedTransaction(BRESLOV, { userId: me.userId, stripeCustomerId: 'cus_test_onetime' });
    const res = await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie: await cookieOf(BRESLOV, me) });
    expect(res.status).toBe(200);
    expect(fake.calls[0]!.params['customer']).toBe('cus_test_onetime');
  });

  it('without a Stripe customer → 409 saying there is nothing to manage', async () => {
    const fake = interceptStripe();
    const me = await addMember(BRESLOV, 'student');
    await seedTransaction(BRESLOV, { userId: me.userId, kind: 'free', amountCents: 0, stripePaymentIntentId: null });
    const res = await callApp(BRESLOV, '/api/me/billing-portal', { method: 'POST', cookie: await cookieOf(BRESLOV, me) });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('You have no subscriptions or purchases to manage.');
    expect(fake.calls).toEqual([]);
  });
});
