import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { toHttpError } from '../../../platform/http-errors.ts';
import { entitlements } from '../../courses/schema.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { addMember, cookieOf, ctxAs, demoMember } from '../../members/testing.ts';
import { seedCoupon, uniqueCode } from '../catalogue/testing.ts';
import { checkoutSessions, couponRedemptions, coupons, offerCourses, offers, transactions } from '../schema.ts';
import { STRIPE_NOT_CONFIGURED } from '../stripe/client.ts';
import { interceptStripe, STRIPE_VARS } from '../stripe/testing.ts';
import { callApp, commerceDbOf, seedOffer, seedStripeAccount, syntheticSchool } from '../testing.ts';
import { COUPON_HOLD_GRACE_MS, getCheckoutStatus, startCheckout } from './checkout.ts';
import { quoteOffer } from './offer-page.ts';

afterEach(() => vi.restoreAllMocks());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => toHttpError(e),
  );
const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const errorOf = async (res: Response) => {
  const body = await json<{ error: { code: string; message: string } }>(res);
  return { status: res.status, ...(body.error ?? { body }) };
};

// Fixed ids for the shared security suite.
const S = { offer: crypto.randomUUID(), acmeOffer: crypto.randomUUID(), session: `cs_test_suite_${crypto.randomUUID().slice(0, 8)}`, acmeSession: `cs_test_acme_${crypto.randomUUID().slice(0, 8)}`, code: uniqueCode('SUITE') };
beforeAll(async () => {
  await seedOffer(BRESLOV, { id: S.offer, accessScope: 'downloads', priceCents: 0 });
  await seedCoupon(BRESLOV, { code: S.code });
  await seedOffer(ACME, { id: S.acmeOffer, accessScope: 'downloads' });
  const student = demoMember(BRESLOV, 'student');
  const b = commerceDbOf(BRESLOV);
  await b.db.insert(checkoutSessions).values(b.withSchool({ stripeSessionId: S.session, userId: student.userId, offerId: S.offer, amountCents: 100, currency: 'usd', expiresAt: new Date(Date.now() + 600_000) }));
  const a = commerceDbOf(ACME);
  await a.db.insert(checkoutSessions).values(a.withSchool({ stripeSessionId: S.acmeSession, userId: demoMember(ACME, 'student').userId, offerId: S.acmeOffer, amountCents: 100, currency: 'usd', expiresAt: new Date(Date.now() + 600_000) }));
});

describeAccessRules('POST /api/offers/:id/quote', { method: 'POST', path: `/api/offers/${S.offer}/quote`, body: { couponCode: S.code }, minimumRole: 'student', foreignPath: `/api/offers/${S.acmeOffer}/quote` });
describeAccessRules('POST /api/checkout', { method: 'POST', path: '/api/checkout', body: { offerId: S.offer }, minimumRole: 'student' });
describeAccessRules('GET /api/checkout/sessions/:id', { method: 'GET', path: `/api/checkout/sessions/${S.session}`, minimumRole: 'student', foreignPath: `/api/checkout/sessions/${S.acmeSession}` });

/** A paid course sold by an offer in `school`, and a fresh student there. */
async function paidSetup(school: typeof BRESLOV, offer: Partial<typeof offers.$inferInsert> = {}) {
  const course = await seedLearningCourse(school, { accessLevel: 'paid', chapters: [{ lessons: [{}, {}] }] });
  const offerId = await seedOffer(school, { priceCents: 4900, ...offer }, offer.accessScope && offer.accessScope !== 'courses' ? [] : [course.courseId]);
  const student = await addMember(school, 'student');
  return { course, offerId, student };
}

describe('checkout through Stripe (service, fake Stripe)', () => {
  it('one-time: reserves the coupon and opens a payment session on the connected account with the discounted amount, metadata and fee', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV, 'Stripe School');
    const account = await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school);
    const { id: couponId, code } = await seedCoupon(school, { percentOff: 20 });
    const ctx = ctxAs(school, student.actor, { env: { ...STRIPE_VARS, PLATFORM_FEE_PERCENT: '2.5' } });

    const result = await startCheckout({ ctx, input: { offerId, couponCode: code.toLowerCase() } });
    expect(result).toMatchObject({ kind: 'redirect', url: expect.stringMatching(/^https:\/\/stripe\.fake\/checkout\/cs_test_/) });
    const create = fake.calls.find((c) => c.path === '/v1/checkout/sessions')!;
    const sdb = commerceDbOf(school);
    const [checkout] = await sdb.db.select().from(checkoutSessions).where(sdb.scoped(checkoutSessions, eq(checkoutSessions.userId, student.userId)));
    const [redemption] = await sdb.db.select().from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)));
    expect(create).toMatchObject({ account, idempotencyKey: `checkout-${checkout!.id}` });
    const metadata = { schoolId: school.id, offerId, userId: student.userId, checkoutId: checkout!.id, couponRedemptionId: redemption!.id };
    for (const [k, v] of Object.entries(metadata)) {
      expect(create.params[`metadata[${k}]`]).toBe(v);
      expect(create.params[`payment_intent_data[metadata][${k}]`]).toBe(v);
    }
    expect(create.params).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][unit_amount]': '3920',
      'line_items[0][price_data][currency]': 'usd',
      'payment_intent_data[application_fee_amount]': '98',
      client_reference_id: student.userId,
      customer_email: student.email,
      success_url: `${ctx.origin}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${ctx.origin}/offers/${offerId}`,
    });
    expect(create.params['line_items[0][price_data][product_data][name]']).toContain(code);
    const expiresAt = Number(create.params['expires_at']);
    expect(expiresAt - Math.floor(ctx.now.getTime() / 1000)).toBeGreaterThanOrEqual(30 * 60);
    const sessionId = [...fake.checkoutSessions.keys()][0]!;
    expect(checkout).toMatchObject({ stripeSessionId: sessionId, amountCents: 3920, status: 'open', couponRedemptionId: redemption!.id });
    expect(redemption).toMatchObject({ status: 'reserved', stripeCheckoutSessionId: sessionId, discountCents: 980, userId: student.userId });

    // The success page: pending until the consumer records the payment, then complete.
    expect(await getCheckoutStatus({ ctx, input: { sessionId } })).toMatchObject({ status: 'pending', offer: { id: offerId } });
    const stranger = await addMember(school, 'student');
    expect((await failure(getCheckoutStatus({ ctx: ctxAs(school, stranger.actor), input: { sessionId } }))).status).toBe(404);
    const txId = crypto.randomUUID();
    await sdb.db.insert(transactions).values(sdb.withSchool({ id: txId, userId: student.userId, offerId, kind: 'purchase' as const, status: 'paid' as const, amountCents: 3920, currency: 'usd', stripeCheckoutSessionId: sessionId }));
    expect((await getCheckoutStatus({ ctx, input: { sessionId } })).status).toBe('pending');
    const [course] = await sdb.db.select().from(offerCourses).where(sdb.scoped(offerCourses, eq(offerCourses.offerId, offerId)));
    await sdb.db.insert(entitlements).values(sdb.withSchool({ userId: student.userId, courseId: course!.courseId, type: 'course' as const, source: 'purchase', sourceRef: txId, startsAt: new Date(Date.now() - 1000) }));
    expect(await getCheckoutStatus({ ctx, input: { sessionId } })).toMatchObject({ status: 'complete', continueTo: expect.stringMatching(/^\/courses\/learn-/) });
  });

  it('subscription: creates product, price and Stripe coupon lazily on the account, stores them, and uses subscription_data', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV, 'Subs School');
    const account = await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school, { offerType: 'subscription', billingInterval: 'month', accessScope: 'all_courses', priceCents: 1500 });
    const { id: couponId, code } = await seedCoupon(school, { discountType: 'amount', percentOff: null, amountOffCents: 500 });
    const ctx = ctxAs(school, student.actor, { env: { ...STRIPE_VARS, PLATFORM_FEE_PERCENT: '2.5' } });
    await startCheckout({ ctx, input: { offerId, couponCode: code } });
    expect(fake.calls.map((c) => [c.path, c.account])).toEqual([
      ['/v1/products', account],
      ['/v1/prices', account],
      ['/v1/coupons', account],
      ['/v1/checkout/sessions', account],
    ]);
    expect(fake.calls[1]!.params).toMatchObject({ unit_amount: '1500', currency: 'usd', 'recurring[interval]': 'month' });
    expect(fake.calls[2]!.params).toMatchObject({ duration: 'once', amount_off: '500', currency: 'usd' });
    const sdb = commerceDbOf(school);
    const [offer] = await sdb.db.select().from(offers).where(sdb.scoped(offers, eq(offers.id, offerId)));
    const [coupon] = await sdb.db.select().from(coupons).where(sdb.scoped(coupons, eq(coupons.id, couponId)));
    const create = fake.calls[3]!;
    expect(create.params).toMatchObject({
      mode: 'subscription',
      'line_items[0][price]': offer!.stripePriceId!,
      'discounts[0][coupon]': coupon!.stripeCouponId!,
      'subscription_data[application_fee_percent]': '2.5',
      'subscription_data[metadata][offerId]': offerId,
      'subscription_data[metadata][userId]': student.userId,
      'metadata[schoolId]': school.id,
    });
    expect(create.params).not.toHaveProperty('payment_intent_data[metadata][offerId]');
    // A second learner reuses the stored price and coupon.
    const other = await addMember(school, 'student');
    await startCheckout({ ctx: ctxAs(school, other.actor, { env: STRIPE_VARS }), input: { offerId, couponCode: code } });
    expect(fake.calls.slice(4).map((c) => c.path)).toEqual(['/v1/checkout/sessions']);
  });

  it('a school without an enabled Stripe account, or a deployment without a key, refuses to sell', async () => {
    interceptStripe();
    const school = syntheticSchool(BRESLOV, 'Unready School');
    const { offerId, student } = await paidSetup(school);
    const noKey = await failure(startCheckout({ ctx: ctxAs(school, student.actor, { env: { STRIPE_SECRET_KEY: undefined } }), input: { offerId } }));
    expect(noKey).toMatchObject({ status: 409, message: STRIPE_NOT_CONFIGURED });
    const noAccount = await failure(startCheckout({ ctx: ctxAs(school, student.actor, { env: STRIPE_VARS }), input: { offerId } }));
    expect(noAccount).toMatchObject({ status: 409, message: 'Unready School cannot take payments yet: its Stripe account is not set up.' });
    await seedStripeAccount(school, { chargesEnabled: false });
    expect((await failure(startCheckout({ ctx: ctxAs(school, student.actor, { env: STRIPE_VARS }), input: { offerId } }))).message).toMatch(/cannot take payments yet/);
    const sdb = commerceDbOf(school);
    expect(await sdb.db.select().from(checkoutSessions).where(sdb.scoped(checkoutSessions))).toEqual([]);
  });

  it('Stripe refusing the checkout (4xx) is a 409 with Stripe’s words; the coupon use comes back', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school);
    const { id: couponId, code } = await seedCoupon(school, { usageLimit: 1 });
    fake.failNext('/v1/checkout/sessions', 400, 'Your account cannot currently make live charges.');
    const ctx = ctxAs(school, student.actor, { env: STRIPE_VARS });
    const err = await failure(startCheckout({ ctx, input: { offerId, couponCode: code } }));
    expect(err).toMatchObject({ status: 409, message: 'Stripe refused to start the checkout: Your account cannot currently make live charges.' });
    const sdb = commerceDbOf(school);
    expect(await sdb.db.select({ status: couponRedemptions.status }).from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)))).toEqual([{ status: 'released' }]);
    expect(await sdb.db.select({ status: checkoutSessions.status }).from(checkoutSessions).where(sdb.scoped(checkoutSessions))).toEqual([{ status: 'expired' }]);
    // The use came back and the failed checkout does not count as open: the same learner can try again.
    expect((await startCheckout({ ctx, input: { offerId, couponCode: code } })).kind).toBe('redirect');
  });

  it('a platform-side Stripe failure (key refused) stays a 503 “try again”', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school);
    fake.failNext('/v1/checkout/sessions', 401, 'Invalid API Key provided');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const err = await failure(startCheckout({ ctx: ctxAs(school, student.actor, { env: STRIPE_VARS }), input: { offerId } }));
    expect(err).toMatchObject({ status: 503, message: expect.stringContaining('STRIPE_SECRET_KEY') });
  });

  it('a coupon leaving a total under Stripe’s minimum charge is refused at quote and checkout, before Stripe', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school, { priceCents: 1000 });
    const { id: couponId, code } = await seedCoupon(school, { discountType: 'amount', percentOff: null, amountOffCents: 975 });
    const ctx = ctxAs(school, student.actor, { env: STRIPE_VARS });
    const message = 'After the coupon this costs $0.25, below the $0.50 Stripe can charge. Buy it without this coupon, or ask the school for another one.';
    expect(await failure(quoteOffer({ ctx, input: { offerId, couponCode: code } }))).toMatchObject({ status: 409, message });
    expect(await failure(startCheckout({ ctx, input: { offerId, couponCode: code } }))).toMatchObject({ status: 409, message });
    expect(fake.calls).toEqual([]);
    const sdb = commerceDbOf(school);
    expect(await sdb.db.select().from(checkoutSessions).where(sdb.scoped(checkoutSessions))).toEqual([]);
    expect(await sdb.db.select().from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)))).toEqual([]);
    // Exactly the minimum is fine; so is a total of 0 (granted without Stripe).
    const fifty = await seedCoupon(school, { discountType: 'amount', percentOff: null, amountOffCents: 950 });
    expect(await quoteOffer({ ctx, input: { offerId, couponCode: fifty.code } })).toMatchObject({ totalCents: 50 });
    // An old offer priced under the minimum (before prices were checked) is refused without a coupon too.
    const tiny = await seedOffer(school, { priceCents: 25, accessScope: 'downloads' });
    expect(await failure(startCheckout({ ctx, input: { offerId: tiny } }))).toMatchObject({ status: 409, message: expect.stringContaining('This offer costs $0.25, below the $0.50 Stripe can charge') });
  });

  it('starting again replaces the open checkout: Stripe expires the old session first and its coupon use comes back', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school);
    const { id: couponId, code } = await seedCoupon(school, { usageLimit: 1 });
    const ctx = ctxAs(school, student.actor, { env: STRIPE_VARS });
    const sdb = commerceDbOf(school);
    const first = await startCheckout({ ctx, input: { offerId, couponCode: code } });
    expect(first.kind).toBe('redirect');
    const [firstSession] = [...fake.checkoutSessions.keys()].slice(-1);

    // Back from Stripe's page with the same coupon (limit 1): the old session is expired at Stripe, the use moves to the new one.
    const second = await startCheckout({ ctx, input: { offerId, couponCode: code } });
    expect(second.kind).toBe('redirect');
    expect(fake.calls.filter((c) => c.path === `/v1/checkout/sessions/${firstSession}/expire`)).toHaveLength(1);
    expect(fake.checkoutSessions.get(firstSession!)!.status).toBe('expired');
    const rows = await sdb.db.select({ status: checkoutSessions.status }).from(checkoutSessions).where(sdb.scoped(checkoutSessions, eq(checkoutSessions.userId, student.userId)));
    expect(rows.map((r) => r.status).sort()).toEqual(['expired', 'open']);
    const uses = await sdb.db.select({ status: couponRedemptions.status }).from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)));
    expect(uses.map((u) => u.status).sort()).toEqual(['released', 'reserved']);

    // A session Stripe will not expire was just paid: nothing new is opened.
    const [secondSession] = [...fake.checkoutSessions.keys()].slice(-1);
    fake.checkoutSessions.get(secondSession!)!.status = 'complete';
    const sessionsBefore = fake.checkoutSessions.size;
    expect(await failure(startCheckout({ ctx, input: { offerId } }))).toMatchObject({ status: 409, message: expect.stringContaining('has just been paid') });
    expect(fake.checkoutSessions.size).toBe(sessionsBefore);
  });

  it('two checkouts started at the same instant open one Stripe session', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    await seedStripeAccount(school);
    const sdb = commerceDbOf(school);

    // Two tabs at the same moment, one with a coupon: exactly one session, and the coupon use is not kept by the loser.
    const other = await paidSetup(school);
    const { id: couponId, code } = await seedCoupon(school, { usageLimit: 5 });
    const octx = ctxAs(school, other.student.actor, { env: STRIPE_VARS });
    const before = fake.calls.length;
    const results = await Promise.allSettled([startCheckout({ ctx: octx, input: { offerId: other.offerId, couponCode: code } }), startCheckout({ ctx: octx, input: { offerId: other.offerId } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(toHttpError(refused.reason)).toMatchObject({ status: 409 });
    expect(fake.calls.slice(before).filter((c) => c.path === '/v1/checkout/sessions')).toHaveLength(1);
    expect(await sdb.db.select().from(checkoutSessions).where(sdb.scoped(checkoutSessions, eq(checkoutSessions.userId, other.student.userId)))).toHaveLength(1);
    const held = await sdb.db.select({ status: couponRedemptions.status }).from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)));
    expect(held.filter((h) => h.status === 'reserved').length).toBe(results[0]!.status === 'fulfilled' ? 1 : 0);
  });

  it('the coupon reservation outlives the session by a grace period; payment mode asks Stripe for a customer', async () => {
    const fake = interceptStripe();
    const school = syntheticSchool(BRESLOV);
    await seedStripeAccount(school);
    const { offerId, student } = await paidSetup(school);
    const { id: couponId, code } = await seedCoupon(school);
    await startCheckout({ ctx: ctxAs(school, student.actor, { env: STRIPE_VARS }), input: { offerId, couponCode: code } });
    const sdb = commerceDbOf(school);
    const [checkout] = await sdb.db.select().from(checkoutSessions).where(sdb.scoped(checkoutSessions, eq(checkoutSessions.userId, student.userId)));
    const [redemption] = await sdb.db.select().from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)));
    expect(redemption!.reservedUntil!.getTime() - checkout!.expiresAt.getTime()).toBe(COUPON_HOLD_GRACE_MS);
    expect(COUPON_HOLD_GRACE_MS).toBeGreaterThanOrEqual(10 * 60_000);
    expect(fake.calls.find((c) => c.path === '/v1/checkout/sessions')!.params['customer_creation']).toBe('always');
    // Subscription mode creates a customer by itself and refuses the parameter.
    const sub = await paidSetup(school, { offerType: 'subscription', billingInterval: 'month', accessScope: 'all_courses', priceCents: 1500 });
    await startCheckout({ ctx: ctxAs(school, sub.student.actor, { env: STRIPE_VARS }), input: { offerId: sub.offerId } });
    expect(fake.calls.filter((c) => c.path === '/v1/checkout/sessions').at(-1)!.params).not.toHaveProperty('customer_creation');
  });

  it('the success page says expired only once the webhook expired our row; a session past its time is still pending', async () => {
    const school = syntheticSchool(BRESLOV);
    const { offerId, student } = await paidSetup(school);
    const sdb = commerceDbOf(school);
    const sessionId = `cs_test_late_${crypto.randomUUID().slice(0, 8)}`;
    await sdb.db.insert(checkoutSessions).values(sdb.withSchool({ stripeSessionId: sessionId, userId: student.userId, offerId, amountCents: 4900, currency: 'usd', status: 'open' as const, expiresAt: new Date(Date.now() - 60_000) }));
    const ctx = ctxAs(school, student.actor);
    // Paid in the last second, webhook not here yet: not "expired".
    expect((await getCheckoutStatus({ ctx, input: { sessionId } })).status).toBe('pending');
    await sdb.db.update(checkoutSessions).set({ status: 'expired' }).where(sdb.scoped(checkoutSessions, eq(checkoutSessions.stripeSessionId, sessionId)));
    expect((await getCheckoutStatus({ ctx, input: { sessionId } })).status).toBe('expired');
  });

  it('the coupon rate limit refuses with 429', async () => {
    const school = syntheticSchool(BRESLOV);
    const { offerId, student } = await paidSetup(school);
    const { code } = await seedCoupon(school);
    const refusing = { limit: async () => ({ success: false }) };
    const ctx = ctxAs(school, student.actor, { env: { ...STRIPE_VARS, RATE_LIMIT_COUPON: refusing } });
    expect((await failure(quoteOffer({ ctx, input: { offerId, couponCode: code } }))).status).toBe(429);
    expect((await failure(startCheckout({ ctx, input: { offerId, couponCode: code } }))).status).toBe(429);
  });
});

describe('free and 100 % checkouts (HTTP, no Stripe)', () => {
  it('a free offer grants the course at once; the learner opens a lesson; buying again is 409', async () => {
    const { course, offerId, student } = await paidSetup(BRESLOV, { priceCents: 0 });
    const cookie = await cookieOf(BRESLOV, student);
    expect((await callApp(BRESLOV, `/api/courses/${course.slug}/lessons/${course.allLessonIds[1]}`, { cookie })).status).toBe(403);
    const res = await callApp(BRESLOV, '/api/checkout', { method: 'POST', cookie, body: { offerId }, stripe: false });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ kind: 'granted', continueTo: `/courses/${course.slug}` });
    expect((await callApp(BRESLOV, `/api/courses/${course.slug}/lessons/${course.allLessonIds[1]}`, { cookie })).status).toBe(200);
    const sdb = commerceDbOf(BRESLOV);
    const [tx] = await sdb.db.select().from(transactions).where(sdb.scoped(transactions, eq(transactions.userId, student.userId)));
    expect(tx).toMatchObject({ kind: 'free', amountCents: 0, status: 'paid', offerId, stripeCheckoutSessionId: null });
    expect(await sdb.db.select({ source: entitlements.source, sourceRef: entitlements.sourceRef }).from(entitlements).where(sdb.scoped(entitlements, eq(entitlements.userId, student.userId)))).toEqual([{ source: 'free_offer', sourceRef: tx!.id }]);
    const again = await errorOf(await callApp(BRESLOV, '/api/checkout', { method: 'POST', cookie, body: { offerId } }));
    expect(again).toMatchObject({ status: 409, message: expect.stringContaining('You already have access') });
  });

  it('a 100 % coupon redeems at once and grants; the coupon then counts as used', async () => {
    const { course, offerId, student } = await paidSetup(BRESLOV);
    const { id: couponId, code } = await seedCoupon(BRESLOV, { percentOff: 100, usageLimit: 5 });
    const cookie = await cookieOf(BRESLOV, student);
    const quote = await callApp(BRESLOV, `/api/offers/${offerId}/quote`, { method: 'POST', cookie, body: { couponCode: code } });
    expect(await json(quote)).toEqual({ priceCents: 4900, discountCents: 4900, totalCents: 0, currency: 'usd', coupon: { code } });
    const res = await callApp(BRESLOV, '/api/checkout', { method: 'POST', cookie, body: { offerId, couponCode: code } });
    expect(await json(res)).toMatchObject({ kind: 'granted', continueTo: `/courses/${course.slug}` });
    expect((await callApp(BRESLOV, `/api/courses/${course.slug}/lessons/${course.allLessonIds[1]}`, { cookie })).status).toBe(200);
    const sdb = commerceDbOf(BRESLOV);
    expect(await sdb.db.select({ status: couponRedemptions.status, discountCents: couponRedemptions.discountCents }).from(couponRedemptions).where(sdb.scoped(couponRedemptions, eq(couponRedemptions.couponId, couponId)))).toEqual([{ status: 'redeemed', discountCents: 4900 }]);
    const [tx] = await sdb.db.select().from(transactions).where(sdb.scoped(transactions, eq(transactions.userId, student.userId)));
    expect(tx).toMatchObject({ kind: 'free', amountCents: 0, discountCents: 4900, couponId });
    // The same learner on another offer: already used.
    const second = await seedOffer(BRESLOV, { accessScope: 'downloads' });
    const reuse = await errorOf(await callApp(BRESLOV, '/api/checkout', { method: 'POST', cookie, body: { offerId: second, couponCode: code } }));
    expect(reuse).toMatchObject({ status: 409, message: `You have already used the coupon ${code}.` });
  });

  it('coupon messages: unknown, disabled, expired, not for this offer, used up', async () => {
    const { offerId, student } = await paidSetup(BRESLOV);
    const cookie = await cookieOf(BRESLOV, student);
    const quote = async (couponCode: string) => errorOf(await callApp(BRESLOV, `/api/offers/${offerId}/quote`, { method: 'POST', cookie, body: { couponCode } }));
    expect(await quote('torah2o-nope')).toMatchObject({ status: 400, message: 'There is no coupon TORAH2O-NOPE. Check the spelling.' });
    const disabled = await seedCoupon(BRESLOV, { status: 'disabled' });
    expect(await quote(disabled.code)).toMatchObject({ status: 400, message: `The coupon ${disabled.code} is no longer valid.` });
    const expired = await seedCoupon(BRESLOV, { expiresAt: new Date(Date.UTC(2025, 0, 2, 10, 0)) });
    expect(await quote(expired.code)).toMatchObject({ status: 400, message: `The coupon ${expired.code} expired on 2 January 2025 at 10:00 UTC.` });
    const elsewhere = await seedOffer(BRESLOV);
    const narrow = await seedCoupon(BRESLOV, {}, [elsewhere]);
    expect(await quote(narrow.code)).toMatchObject({ status: 400, message: expect.stringContaining(`The coupon ${narrow.code} does not apply to`) });
    const full = await seedCoupon(BRESLOV, { usageLimit: 1 });
    const sdb = commerceDbOf(BRESLOV);
    await sdb.db.insert(couponRedemptions).values(sdb.withSchool({ couponId: full.id, userId: 'someone-else', offerId, status: 'redeemed' as const }));
    expect(await quote(full.code)).toMatchObject({ status: 409, message: `The coupon ${full.code} has been used up.` });
    const checkout = await errorOf(await callApp(BRESLOV, '/api/checkout', { method: 'POST', cookie, body: { offerId, couponCode: full.code } }));
    expect(checkout).toMatchObject({ status: 409, message: `The coupon ${full.code} has been used up.` });
  });
});

describe('GET /api/offers/:offerId', () => {
  it('anyone sees an active offer with its published courses; drafts and other schools’ offers are 404 for learners', async () => {
    const { course, offerId, student } = await paidSetup(BRESLOV);
    const anon = await json<Record<string, unknown>>(await callApp(BRESLOV, `/api/offers/${offerId}`, { stripe: false }));
    expect(anon).toMatchObject({
      offer: { id: offerId, offerType: 'one_time', priceCents: 4900, currency: 'usd', accessScope: 'courses', courses: [{ slug: course.slug, title: expect.any(String), summary: '' }] },
      owned: false,
      canBuy: false,
    });
    const cookie = await cookieOf(BRESLOV, student);
    const mine = await json<{ owned: boolean; canBuy: boolean; cannotBuyReason: string | null }>(await callApp(BRESLOV, `/api/offers/${offerId}`, { cookie, stripe: false }));
    expect(mine).toMatchObject({ owned: false, canBuy: false, cannotBuyReason: expect.stringContaining('cannot take payments yet') });
    const draft = await seedOffer(BRESLOV, { status: 'draft' });
    expect((await callApp(BRESLOV, `/api/offers/${draft}`, { cookie })).status).toBe(404);
    expect((await callApp(BRESLOV, `/api/offers/${draft}`, { cookie: await cookieFor(BRESLOV, 'instructor') })).status).toBe(200);
    expect((await callApp(BRESLOV, `/api/offers/${S.acmeOffer}`, { cookie })).status).toBe(404);
    const acmeCheckout = await callApp(BRESLOV, '/api/checkout', { method: 'POST', cookie, body: { offerId: S.acmeOffer } });
    expect(acmeCheckout.status).toBe(404);
  });
});
