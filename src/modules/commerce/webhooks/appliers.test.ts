import { env } from 'cloudflare:workers';
import { eq, or } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { checkoutSessions, couponRedemptions, coupons, transactions } from '../schema.ts';
import { planStripeEvent } from './apply/index.ts';
import { D1_MAX_BOUND_PARAMETERS, type Effect } from './apply/shared.ts';
import { processInboxEvent } from './consumer.ts';
import type { StripeEventEnvelope } from './inbox.ts';
import {
  accountEvent,
  activeNow,
  chargeObject,
  DAY,
  deliver,
  entitlementsOf,
  invoiceObject,
  invoicePaymentObject,
  paymentSession,
  routeAccount,
  schoolDb,
  seedBreslovOffer,
  seedCheckout,
  storeEvent,
  subRow,
  subscriptionObject,
  subscriptionSession,
  T,
  txBySession,
  uid,
} from './testing.ts';

/** Regression tests for the appliers' review findings (payment status, D1 limits, subscription access, coupons, scope). */

const checkoutRow = async (checkoutId: string) => (await schoolDb().db.select().from(checkoutSessions).where(eq(checkoutSessions.id, checkoutId)))[0];
const redemptionRow = async (id: string) => (await schoolDb().db.select().from(couponRedemptions).where(eq(couponRedemptions.id, id)))[0];
const activeOfSubscription = async (subscriptionId: string) => activeNow(await entitlementsOf((await subRow(subscriptionId))!.id));

const statementsOf = (effects: Effect[]) => effects.map((effect) => (effect as unknown as { toSQL(): { sql: string; params: unknown[] } }).toSQL());

describe('finding 1: a completed checkout grants only when paid', () => {
  it('payment mode, unpaid (delayed method): nothing recorded or granted, checkout stays open; async_payment_succeeded grants once', async () => {
    const { offerId, courseIds } = await seedBreslovOffer({ courseCount: 2 });
    const userId = uid('user');
    const sessionId = uid('cs');
    const pi = uid('pi');
    const { checkoutId, couponRedemptionId } = await seedCheckout(userId, offerId, sessionId);
    const session = (paymentStatus: 'paid' | 'unpaid') => paymentSession({ sessionId, paymentIntentId: pi, userId, offerId, checkoutId, couponRedemptionId, amountTotal: 4000, paymentStatus });

    expect(await deliver(accountEvent('checkout.session.completed', session('unpaid'), { created: T - 100 }))).toMatchObject({ outcome: 'processed', note: expect.stringMatching(/awaiting payment/) });
    expect(await txBySession(sessionId)).toBeUndefined();
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'open' });
    expect(await redemptionRow(couponRedemptionId)).toMatchObject({ status: 'reserved' });

    await deliver(accountEvent('checkout.session.async_payment_succeeded', session('paid'), { created: T - 50 }));
    const tx = await txBySession(sessionId);
    expect(tx).toMatchObject({ status: 'paid', amountCents: 4000, userId, offerId });
    expect(activeNow(await entitlementsOf(tx!.id)).map((r) => r.courseId).sort()).toEqual([...courseIds].sort());
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'complete' });
    expect(await redemptionRow(couponRedemptionId)).toMatchObject({ status: 'redeemed' });

    // Another event granting the same payment (a second async success, a paid completion): nothing more.
    await deliver(accountEvent('checkout.session.async_payment_succeeded', session('paid'), { created: T - 40 }));
    await deliver(accountEvent('checkout.session.completed', session('paid'), { created: T - 30 }));
    expect(await schoolDb().db.select().from(transactions).where(eq(transactions.stripeCheckoutSessionId, sessionId))).toHaveLength(1);
    expect(await entitlementsOf(tx!.id)).toHaveLength(2);
  });

  it('two different events granting the same payment racing each other grant once', async () => {
    const { offerId } = await seedBreslovOffer({ courseCount: 3 });
    const userId = uid('user');
    const sessionId = uid('cs');
    const pi = uid('pi');
    const a = accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId }), { created: T - 20 });
    const b = accountEvent('checkout.session.async_payment_succeeded', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId }), { created: T - 10 });
    await routeAccount();
    await storeEvent(a);
    await storeEvent(b);
    const results = await Promise.allSettled([processInboxEvent(env, a.id), processInboxEvent(env, b.id)]);
    // A batch that lost the race on the transaction's unique index is retried, as the queue would.
    for (const [i, r] of results.entries()) if (r.status === 'rejected') await processInboxEvent(env, [a, b][i]!.id);
    const tx = await txBySession(sessionId);
    expect(await entitlementsOf(tx!.id)).toHaveLength(3);
  });

  it('payment mode: async_payment_failed expires the checkout, releases the coupon, grants nothing', async () => {
    const { offerId } = await seedBreslovOffer();
    const userId = uid('user');
    const sessionId = uid('cs');
    const pi = uid('pi');
    const { checkoutId, couponRedemptionId } = await seedCheckout(userId, offerId, sessionId);
    const session = paymentSession({ sessionId, paymentIntentId: pi, userId, offerId, checkoutId, couponRedemptionId, amountTotal: 4000, paymentStatus: 'unpaid' });
    await deliver(accountEvent('checkout.session.completed', session, { created: T - 100 }));
    expect(await deliver(accountEvent('checkout.session.async_payment_failed', session, { created: T - 50 }))).toMatchObject({ outcome: 'processed' });
    expect(await txBySession(sessionId)).toBeUndefined();
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'expired' });
    expect(await redemptionRow(couponRedemptionId)).toMatchObject({ status: 'released' });
    const granted = await schoolDb().db.select().from(transactions).where(eq(transactions.stripePaymentIntentId, pi));
    expect(granted).toEqual([]);
  });

  it('no_payment_required counts as paid', async () => {
    const { offerId } = await seedBreslovOffer();
    const sessionId = uid('cs');
    await deliver(accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: uid('pi'), userId: uid('user'), offerId, amountTotal: 0, paymentStatus: 'no_payment_required' })));
    expect(activeNow(await entitlementsOf((await txBySession(sessionId))!.id))).toHaveLength(1);
  });

  it('subscription mode, unpaid: grants nothing by itself; the async success grants (bounded until a period end is known)', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const subId = uid('sub');
    const sessionId = uid('cs');
    const { checkoutId } = await seedCheckout(userId, offerId, sessionId, null);
    await deliver(accountEvent('checkout.session.completed', subscriptionSession({ sessionId, subscriptionId: subId, userId, offerId, checkoutId, paymentStatus: 'unpaid' }), { created: T - 100 }));
    expect(await subRow(subId)).toBeUndefined();
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'open' });

    await deliver(accountEvent('checkout.session.async_payment_succeeded', subscriptionSession({ sessionId, subscriptionId: subId, userId, offerId, checkoutId }), { created: T - 50 }));
    const row = await subRow(subId);
    expect(row).toMatchObject({ status: 'active', currentPeriodEnd: new Date((T - 50 + DAY) * 1000) });
    const rows = await entitlementsOf(row!.id);
    expect(rows.map((r) => r.endsAt)).toEqual([new Date((T - 50 + DAY) * 1000)]);
    expect(activeNow(rows)).toHaveLength(1);
    expect(activeNow(rows, new Date((T + 2 * DAY) * 1000))).toEqual([]);
    expect(await checkoutRow(checkoutId)).toMatchObject({ status: 'complete' });
  });
});

describe('finding 2: D1 binds at most 100 parameters per statement', () => {
  it('an offer with 30 courses: every planned statement binds ≤ 100 parameters, and all 30 are granted (purchase and subscription)', async () => {
    const { offerId, courseIds } = await seedBreslovOffer({ courseCount: 30 });
    const sessionId = uid('cs');
    const userId = uid('user');
    const event = accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: uid('pi'), userId, offerId }));
    const plan = await planStripeEvent({ schoolDb: schoolDb(), event, now: new Date() });
    const statements = statementsOf(plan.effects);
    expect(statements.length).toBeGreaterThanOrEqual(30);
    for (const s of statements) expect(s.params.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    await deliver(event);
    const rows = await entitlementsOf((await txBySession(sessionId))!.id);
    expect(activeNow(rows).map((r) => r.courseId).sort()).toEqual([...courseIds].sort());

    const sub = await seedBreslovOffer({ offerType: 'subscription', courseCount: 30 });
    const subId = uid('sub');
    const subEvent = accountEvent('customer.subscription.created', subscriptionObject({ subscriptionId: subId, userId, offerId: sub.offerId, status: 'active', periodEnd: T + 30 * DAY }));
    for (const s of statementsOf((await planStripeEvent({ schoolDb: schoolDb(), event: subEvent, now: new Date() })).effects)) expect(s.params.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    await deliver(subEvent);
    expect((await activeOfSubscription(subId)).map((r) => r.courseId).sort()).toEqual([...sub.courseIds].sort());
  });
});

describe('finding 3: subscription access is "paid through"', () => {
  it('incomplete and paused grant nothing', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    for (const status of ['incomplete', 'paused']) {
      const subId = uid('sub');
      await deliver(accountEvent('customer.subscription.created', subscriptionObject({ subscriptionId: subId, userId, offerId, status, periodEnd: T + 30 * DAY }), { created: T - 10 }));
      expect(await subRow(subId)).toMatchObject({ status, currentPeriodEnd: null });
      expect(await activeOfSubscription(subId)).toEqual([]);
    }
  });

  it('past_due keeps access only to the paid-through date: a past_due event moving the period does not extend it', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const subId = uid('sub');
    const paidThrough = T - DAY;
    await deliver(accountEvent('invoice.paid', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: paidThrough }), { created: T - 40 * DAY }));
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'past_due', periodEnd: paidThrough + 30 * DAY }), { created: T - 100 }));
    expect(await subRow(subId)).toMatchObject({ status: 'past_due', currentPeriodEnd: new Date(paidThrough * 1000) });
    const rows = await entitlementsOf((await subRow(subId))!.id);
    expect(rows.map((r) => r.endsAt)).toEqual([new Date(paidThrough * 1000)]);
    expect(activeNow(rows)).toEqual([]);
    // The renewal is paid: access again to the new period end.
    await deliver(accountEvent('invoice.paid', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: paidThrough + 30 * DAY }), { created: T - 50 }));
    expect(await activeOfSubscription(subId)).toHaveLength(1);
  });

  it('a row made by a failed invoice alone grants nothing (no payment known)', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const subId = uid('sub');
    await deliver(accountEvent('invoice.payment_failed', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId: uid('user'), offerId, periodEnd: T + 30 * DAY, status: 'open' }), { created: T - 10 }));
    const row = await subRow(subId);
    expect(row).toMatchObject({ currentPeriodEnd: null });
    expect((await entitlementsOf(row!.id)).every((r) => r.endsAt !== null)).toBe(true);
    expect(await activeOfSubscription(subId)).toEqual([]);
  });
});

describe('finding 4: a payment failure never reopens an ending status', () => {
  it('unpaid / incomplete then a newer invoice.payment_failed stays ended, in either arrival order', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    for (const status of ['unpaid', 'incomplete']) {
      for (const failFirst of [false, true]) {
        const subId = uid('sub');
        const paid = accountEvent('invoice.paid', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: T + 20 * DAY }), { created: T - 100 });
        const ended = accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status, periodEnd: T + 20 * DAY }), { created: T - 50 });
        const failed = accountEvent('invoice.payment_failed', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: T + 50 * DAY, status: 'open' }), { created: T - 40 });
        for (const e of failFirst ? [paid, failed, ended] : [paid, ended, failed]) await deliver(e);
        const row = await subRow(subId);
        expect(row).toMatchObject({ status, endedAt: new Date((T - 50) * 1000) });
        expect(await activeOfSubscription(subId)).toEqual([]);
      }
    }
  });
});

describe('findings 5 and 6: coupons', () => {
  it('the discount comes from our redemption (Stripe reports 0: the line item was already discounted)', async () => {
    const { offerId } = await seedBreslovOffer();
    const userId = uid('user');
    const sessionId = uid('cs');
    const { checkoutId, couponRedemptionId } = await seedCheckout(userId, offerId, sessionId);
    await deliver(accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: uid('pi'), userId, offerId, checkoutId, couponRedemptionId, amountTotal: 4000, discount: 0 })));
    expect(await txBySession(sessionId)).toMatchObject({ amountCents: 4000, discountCents: 900 });
  });

  it('a paid checkout redeems its use even after the reservation lapsed (released), and never touches another checkout’s use', async () => {
    const { offerId } = await seedBreslovOffer();
    const userId = uid('user');
    const lapsedSession = uid('cs');
    const lapsed = await seedCheckout(userId, offerId, lapsedSession, { status: 'released' });
    await deliver(accountEvent('checkout.session.completed', paymentSession({ sessionId: lapsedSession, paymentIntentId: uid('pi'), userId, offerId, checkoutId: lapsed.checkoutId, couponRedemptionId: lapsed.couponRedemptionId, amountTotal: 4000 })));
    expect(await redemptionRow(lapsed.couponRedemptionId)).toMatchObject({ status: 'redeemed', stripeCheckoutSessionId: lapsedSession });
    expect(await txBySession(lapsedSession)).toMatchObject({ discountCents: 900 });

    // Metadata naming a use that belongs to another Stripe session: left alone (completion, expiry, failure).
    const otherSession = uid('cs');
    const foreign = await seedCheckout(userId, offerId, uid('cs'), { redemptionSessionId: otherSession });
    for (const type of ['checkout.session.completed', 'checkout.session.expired', 'checkout.session.async_payment_failed']) {
      const sessionId = uid('cs');
      await deliver(accountEvent(type, paymentSession({ sessionId, paymentIntentId: uid('pi'), userId, offerId, couponRedemptionId: foreign.couponRedemptionId, amountTotal: 4900 })));
      expect(await redemptionRow(foreign.couponRedemptionId)).toMatchObject({ status: 'reserved', stripeCheckoutSessionId: otherSession, redeemedAt: null });
      if (type === 'checkout.session.completed') expect(await txBySession(sessionId)).toMatchObject({ couponId: null, discountCents: 0 });
    }
  });
});

describe('finding 7: every statement is scoped to the school', () => {
  it('updates, deletes and subqueries of every applier name school_id', async () => {
    const { offerId } = await seedBreslovOffer({ courseCount: 2 });
    const sub = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const pi = uid('pi');
    const sessionId = uid('cs');
    const subId = uid('sub');
    // Rows that exist, so the appliers take their "update" paths too.
    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 100 })));
    const invoiceId = uid('in');
    await deliver(accountEvent('invoice.payment_failed', invoiceObject({ invoiceId, subscriptionId: subId, userId, offerId: sub.offerId, periodEnd: T + DAY, status: 'open' })));
    const events = [
      accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId })),
      accountEvent('checkout.session.async_payment_failed', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId })),
      accountEvent('checkout.session.expired', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId })),
      accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 4900 })),
      accountEvent('invoice.paid', invoiceObject({ invoiceId, subscriptionId: subId, userId, offerId: sub.offerId, periodEnd: T + DAY })),
      accountEvent('invoice.payment_failed', invoiceObject({ invoiceId, subscriptionId: subId, userId, offerId: sub.offerId, periodEnd: T + DAY, status: 'open' })),
      accountEvent('invoice.paid', invoiceObject({ invoiceId, subscriptionId: subId, userId, offerId: sub.offerId, periodEnd: T + DAY, paymentIntentId: pi })),
      accountEvent('invoice_payment.paid', invoicePaymentObject({ invoiceId, paymentIntentId: pi })),
      accountEvent('invoice_payment.paid', invoicePaymentObject({ invoiceId: uid('in'), paymentIntentId: uid('pi') })),
      accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId: sub.offerId, status: 'active', periodEnd: T + DAY })),
      accountEvent('checkout.session.completed', subscriptionSession({ sessionId: uid('cs'), subscriptionId: subId, userId, offerId: sub.offerId })),
    ];
    for (const event of events) {
      for (const { sql } of statementsOf((await planStripeEvent({ schoolDb: schoolDb(), event, now: new Date() })).effects)) {
        const q = sql.toLowerCase();
        if (q.startsWith('update') || q.startsWith('delete')) {
          const table = /^(?:update|delete from) ("\w+")/.exec(q)![1]!;
          // Subqueries use aliases, so the table's own name in a condition is the statement's where.
          expect(q, `${event.type}: ${sql}`).toContain(`${table}."school_id" = ?`);
        }
        for (const m of q.matchAll(/from "\w+" ("\w+") where ([^)]*)/g)) expect(m[2], `${event.type}: ${sql}`).toContain(`${m[1]}."school_id" = ?`);
      }
    }
  });
});

describe('subscription invoices: payment intent and refunds, in any order', () => {
  type Step = 'paid' | 'link' | 'refund';
  const PERMUTATIONS: Step[][] = [
    ['paid', 'link', 'refund'],
    ['paid', 'refund', 'link'],
    ['link', 'paid', 'refund'],
    ['link', 'refund', 'paid'],
    ['refund', 'paid', 'link'],
    ['refund', 'link', 'paid'],
  ];
  /** Every transaction that is about this invoice or its payment intent. */
  const rowsOf = (invoiceId: string, pi: string) => schoolDb().db.select().from(transactions).where(or(eq(transactions.stripeInvoiceId, invoiceId), eq(transactions.stripePaymentIntentId, pi)));

  async function subscriptionInvoice() {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription', courseCount: 2 });
    const ids = { userId: uid('user'), subId: uid('sub'), invoiceId: uid('in'), pi: uid('pi'), offerId };
    const events = {
      paid: (over: { paymentIntentId?: string } = {}, created = T - 30) => accountEvent('invoice.paid', invoiceObject({ invoiceId: ids.invoiceId, subscriptionId: ids.subId, userId: ids.userId, offerId, periodEnd: T + 30 * DAY, ...over }), { created }),
      link: (created = T - 20) => accountEvent('invoice_payment.paid', invoicePaymentObject({ invoiceId: ids.invoiceId, paymentIntentId: ids.pi }), { created }),
      refund: (amountRefunded = 1500, created = T - 10) => accountEvent('charge.refunded', chargeObject({ paymentIntentId: ids.pi, amount: 1500, amountRefunded }), { created }),
    };
    return { ...ids, events };
  }

  it('each arrival order of invoice.paid, invoice_payment.paid and a full charge.refunded ends with ONE invoice transaction carrying the payment intent and the refund; access follows the subscription', async () => {
    for (const order of PERMUTATIONS) {
      const s = await subscriptionInvoice();
      const planned: StripeEventEnvelope[] = [];
      for (const step of order) {
        const event = step === 'paid' ? s.events.paid() : step === 'link' ? s.events.link() : s.events.refund();
        for (const { params } of statementsOf((await planStripeEvent({ schoolDb: schoolDb(), event, now: new Date() })).effects)) expect(params.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
        expect(await deliver(event), order.join(' → ')).toMatchObject({ outcome: 'processed' });
        planned.push(event);
      }
      const rows = await rowsOf(s.invoiceId, s.pi);
      expect(rows, order.join(' → ')).toHaveLength(1);
      expect(rows[0], order.join(' → ')).toMatchObject({
        kind: 'subscription_invoice',
        status: 'refunded',
        amountCents: 1500,
        refundedCents: 1500,
        currency: 'usd',
        stripeInvoiceId: s.invoiceId,
        stripePaymentIntentId: s.pi,
        stripeChargeId: `ch_${s.pi}`,
        stripeSubscriptionId: s.subId,
        stripeCustomerId: 'cus_test',
        userId: s.userId,
        offerId: s.offerId,
      });
      // A refunded invoice does not end the subscription's access (decision 0005).
      expect(await activeOfSubscription(s.subId), order.join(' → ')).toHaveLength(2);

      // Copies of the same events (new event ids), in reverse: still the same one row.
      for (const event of [...planned].reverse()) await deliver({ ...event, id: uid('evt') });
      const again = await rowsOf(s.invoiceId, s.pi);
      expect(again.map((r) => [r.id, r.status, r.refundedCents, r.stripePaymentIntentId]), order.join(' → ')).toEqual([[rows[0]!.id, 'refunded', 1500, s.pi]]);
    }
  });

  it('invoice_payment.paid before invoice.paid: one paid invoice transaction with the payment intent, filled in by invoice.paid', async () => {
    const s = await subscriptionInvoice();
    expect(await deliver(s.events.link())).toMatchObject({ outcome: 'processed' });
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ kind: 'subscription_invoice', status: 'paid', amountCents: 1500, stripeInvoiceId: s.invoiceId, stripePaymentIntentId: s.pi, userId: null })]);
    await deliver(s.events.paid());
    const rows = await rowsOf(s.invoiceId, s.pi);
    expect(rows).toEqual([expect.objectContaining({ kind: 'subscription_invoice', status: 'paid', amountCents: 1500, refundedCents: 0, stripePaymentIntentId: s.pi, userId: s.userId, offerId: s.offerId, stripeSubscriptionId: s.subId })]);
    expect(await activeOfSubscription(s.subId)).toHaveLength(2);
  });

  it('invoice.paid that lists its payments links the payment intent by itself, and folds a refund that came first', async () => {
    const s = await subscriptionInvoice();
    await deliver(s.events.refund(500));
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ kind: 'purchase', stripeInvoiceId: null, refundedCents: 500, status: 'partially_refunded' })]);
    await deliver(s.events.paid({ paymentIntentId: s.pi }));
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ kind: 'subscription_invoice', stripeInvoiceId: s.invoiceId, stripePaymentIntentId: s.pi, refundedCents: 500, status: 'partially_refunded', userId: s.userId })]);
    // The rest refunded later (a newer charge.refunded), then an older partial one: the largest stands.
    await deliver(s.events.refund(1500, T - 5));
    await deliver(s.events.refund(500, T - 8));
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ refundedCents: 1500, status: 'refunded', stripeInvoiceId: s.invoiceId })]);
    expect(await activeOfSubscription(s.subId)).toHaveLength(2);
  });

  it('a failed attempt then invoice_payment.paid: paid; an invoice payment without a payment intent or not paid changes nothing', async () => {
    const s = await subscriptionInvoice();
    await deliver(accountEvent('invoice.payment_failed', invoiceObject({ invoiceId: s.invoiceId, subscriptionId: s.subId, userId: s.userId, offerId: s.offerId, periodEnd: T + 30 * DAY, status: 'open' }), { created: T - 40 }));
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ status: 'failed', stripePaymentIntentId: null })]);
    const open = accountEvent('invoice_payment.paid', invoicePaymentObject({ invoiceId: s.invoiceId, paymentIntentId: s.pi, status: 'open' }));
    expect(await deliver(open)).toMatchObject({ outcome: 'processed', note: expect.stringMatching(/status open/) });
    const byCharge = accountEvent('invoice_payment.paid', { ...invoicePaymentObject({ invoiceId: s.invoiceId, paymentIntentId: s.pi }), payment: { type: 'charge', charge: 'ch_legacy' } });
    expect(await deliver(byCharge)).toMatchObject({ outcome: 'processed', note: expect.stringMatching(/without a payment intent/) });
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ status: 'failed', stripePaymentIntentId: null })]);
    await deliver(s.events.link());
    expect(await rowsOf(s.invoiceId, s.pi)).toEqual([expect.objectContaining({ status: 'paid', stripePaymentIntentId: s.pi, amountCents: 1500 })]);
  });
});
