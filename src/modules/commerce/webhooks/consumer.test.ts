import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import worker from '../../../index.ts';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { selectReplayCandidatesSql, replaySql } from '../../../../scripts/lib/stripe-replay-sql.ts';
import { deadLetters } from '../../jobs/schema.ts';
import { runScheduled } from '../../jobs/scheduled.ts';
import { checkoutSessions, couponRedemptions, stripeAccounts, stripeWebhookEvents, subscriptions, transactions } from '../schema.ts';
import { processInboxEvent } from './consumer.ts';
import {
  accountEvent,
  activeNow,
  chargeObject,
  DAY,
  deliver,
  entitlementsOf,
  inboxRow,
  invoiceObject,
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

const txByPi = async (pi: string) => (await schoolDb().db.select().from(transactions).where(eq(transactions.stripePaymentIntentId, pi)))[0];
const processedLog = async (eventId: string) => (await schoolDb().db.select().from(stripeWebhookEvents).where(eq(stripeWebhookEvents.eventId, eventId))).length;

describe('checkout.session.completed (payment)', () => {
  it('records the purchase, completes checkout and coupon, grants each course once; a redelivery changes nothing', async () => {
    const { offerId, courseIds } = await seedBreslovOffer({ courseCount: 2 });
    const userId = uid('user');
    const sessionId = uid('cs');
    const pi = uid('pi');
    const { checkoutId, couponRedemptionId } = await seedCheckout(userId, offerId, sessionId);
    const event = accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId, checkoutId, couponRedemptionId, amountTotal: 4000, discount: 900 }), { created: T - 60 });
    expect(await deliver(event)).toEqual({ outcome: 'processed' });

    const tx = await txBySession(sessionId);
    expect(tx).toMatchObject({ kind: 'purchase', status: 'paid', amountCents: 4000, discountCents: 900, currency: 'usd', userId, offerId, stripePaymentIntentId: pi, stripeCustomerId: 'cus_test', refundedCents: 0 });
    expect(tx!.couponId).not.toBeNull();
    const rows = await entitlementsOf(tx!.id);
    expect(rows.map((r) => [r.userId, r.source, r.type, r.courseId]).sort()).toEqual(courseIds.map((c) => [userId, 'purchase', 'course', c]).sort());
    expect(activeNow(rows)).toHaveLength(2);
    const [checkout] = await schoolDb().db.select().from(checkoutSessions).where(eq(checkoutSessions.id, checkoutId));
    expect(checkout).toMatchObject({ status: 'complete' });
    const [redemption] = await schoolDb().db.select().from(couponRedemptions).where(eq(couponRedemptions.id, couponRedemptionId!));
    expect(redemption).toMatchObject({ status: 'redeemed' });
    expect(await inboxRow(event.id)).toMatchObject({ status: 'processed', schoolId: BRESLOV.id });
    expect(await processedLog(event.id)).toBe(1);

    // The queue delivers it again; and the inbox row is reset as if the mark had been lost.
    expect(await processInboxEvent(env, event.id)).toEqual({ outcome: 'already-processed' });
    const { platformDb } = await import('./testing.ts');
    const { stripeWebhookInbox } = await import('../schema.ts');
    await platformDb().update(stripeWebhookInbox).set({ status: 'received' }).where(eq(stripeWebhookInbox.eventId, event.id));
    expect(await processInboxEvent(env, event.id)).toEqual({ outcome: 'already-processed' });
    expect(await entitlementsOf(tx!.id)).toHaveLength(2);
    expect(await schoolDb().db.select().from(transactions).where(eq(transactions.stripeCheckoutSessionId, sessionId))).toHaveLength(1);
  });

  it('a crash after the batch and before the inbox mark is redelivered without applying twice', async () => {
    const { offerId } = await seedBreslovOffer({ accessScope: 'all_courses' });
    const userId = uid('user');
    const sessionId = uid('cs');
    const event = accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: uid('pi'), userId, offerId }));
    await routeAccount();
    await storeEvent(event);
    await expect(processInboxEvent(env, event.id, { crashAt: 'after-batch' })).rejects.toThrow(/crash after/);
    expect(await inboxRow(event.id)).toMatchObject({ status: 'received' });
    await expect(processInboxEvent(env, event.id, { crashAt: 'before-batch' })).resolves.toEqual({ outcome: 'already-processed' });
    const tx = await txBySession(sessionId);
    expect((await entitlementsOf(tx!.id)).map((r) => r.type)).toEqual(['all_courses']);
  });

  it('two deliveries racing each other apply once (the processed-log key decides)', async () => {
    const { offerId } = await seedBreslovOffer();
    const sessionId = uid('cs');
    const event = accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: uid('pi'), userId: uid('user'), offerId }));
    await routeAccount();
    await storeEvent(event);
    const results = await Promise.allSettled([processInboxEvent(env, event.id), processInboxEvent(env, event.id), processInboxEvent(env, event.id)]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const tx = await txBySession(sessionId);
    expect(await entitlementsOf(tx!.id)).toHaveLength(1);
  });
});

describe('charge.refunded', () => {
  it('a partial refund keeps access, a full one revokes it; an older event cannot lower the refunded amount', async () => {
    const { offerId } = await seedBreslovOffer();
    const sessionId = uid('cs');
    const pi = uid('pi');
    await deliver(accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: pi, userId: uid('user'), offerId }), { created: T - 100 }));
    const tx = await txBySession(sessionId);
    await schoolDb().db.update(transactions).set({ refundRequestedCents: 1000 }).where(eq(transactions.id, tx!.id));

    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 1000 }), { created: T - 90 }));
    expect(await txBySession(sessionId)).toMatchObject({ status: 'partially_refunded', refundedCents: 1000, refundRequestedCents: null });
    expect(activeNow(await entitlementsOf(tx!.id))).toHaveLength(1);

    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 4900 }), { created: T - 80 }));
    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 2000 }), { created: T - 85 }));
    expect(await txBySession(sessionId)).toMatchObject({ status: 'refunded', refundedCents: 4900 });
    const rows = await entitlementsOf(tx!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.revokedAt).toBeInstanceOf(Date);
  });

  it('a full refund that arrives before its checkout: one transaction, refunded, and nothing granted', async () => {
    const { offerId } = await seedBreslovOffer();
    const sessionId = uid('cs');
    const pi = uid('pi');
    const userId = uid('user');
    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 4900 }), { created: T - 10 }));
    expect(await txByPi(pi)).toMatchObject({ status: 'refunded', refundedCents: 4900, userId: null, stripeCheckoutSessionId: null });
    await deliver(accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: pi, userId, offerId }), { created: T - 20 }));
    const all = await schoolDb().db.select().from(transactions).where(eq(transactions.stripePaymentIntentId, pi));
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'refunded', userId, offerId, stripeCheckoutSessionId: sessionId, amountCents: 4900 });
    expect(activeNow(await entitlementsOf(all[0]!.id))).toEqual([]);
  });

  it('a partial refund before its checkout: the checkout still grants', async () => {
    const { offerId } = await seedBreslovOffer();
    const pi = uid('pi');
    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amountRefunded: 100 })));
    await deliver(accountEvent('checkout.session.completed', paymentSession({ sessionId: uid('cs'), paymentIntentId: pi, userId: uid('user'), offerId })));
    const tx = await txByPi(pi);
    expect(tx).toMatchObject({ status: 'partially_refunded', refundedCents: 100 });
    expect(activeNow(await entitlementsOf(tx!.id))).toHaveLength(1);
  });
});

describe('checkout.session.expired', () => {
  it('expires an open checkout and releases its reserved coupon; never undoes a completed one', async () => {
    const { offerId } = await seedBreslovOffer();
    const userId = uid('user');
    const sessionId = uid('cs');
    const { checkoutId, couponRedemptionId } = await seedCheckout(userId, offerId, sessionId);
    await deliver(accountEvent('checkout.session.expired', { id: sessionId, object: 'checkout.session', status: 'expired', metadata: { schoolId: BRESLOV.id, offerId, userId, checkoutId, couponRedemptionId } }));
    expect((await schoolDb().db.select().from(checkoutSessions).where(eq(checkoutSessions.id, checkoutId)))[0]).toMatchObject({ status: 'expired' });
    expect((await schoolDb().db.select().from(couponRedemptions).where(eq(couponRedemptions.id, couponRedemptionId!)))[0]).toMatchObject({ status: 'released' });

    const done = await seedCheckout(userId, offerId, uid('cs'), null);
    await schoolDb().db.update(checkoutSessions).set({ status: 'complete' }).where(eq(checkoutSessions.id, done.checkoutId));
    await deliver(accountEvent('checkout.session.expired', { id: uid('cs'), metadata: { checkoutId: done.checkoutId } }));
    expect((await schoolDb().db.select().from(checkoutSessions).where(eq(checkoutSessions.id, done.checkoutId)))[0]).toMatchObject({ status: 'complete' });
  });
});

describe('subscriptions', () => {
  it('a paid checkout creates the row paid through one day; subscription events set the period; older events change nothing; deletion is final', async () => {
    const { offerId, courseIds } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const subId = uid('sub');
    const sessionId = uid('cs');
    const { checkoutId } = await seedCheckout(userId, offerId, sessionId, null);
    await deliver(accountEvent('checkout.session.completed', subscriptionSession({ sessionId, subscriptionId: subId, userId, offerId, checkoutId }), { created: T - 500 }));
    const row = await subRow(subId);
    // The paid checkout counts as the first payment, bounded to a day until a period end is known.
    const bounded = new Date((T - 500 + DAY) * 1000);
    expect(row).toMatchObject({ status: 'active', lastEventCreated: 0, userId, offerId, currentPeriodEnd: bounded, stripeCustomerId: 'cus_test' });
    let rows = await entitlementsOf(row!.id);
    expect(rows.map((r) => [r.source, r.courseId, r.endsAt])).toEqual([['subscription', courseIds[0], bounded]]);
    expect((await schoolDb().db.select().from(checkoutSessions).where(eq(checkoutSessions.id, checkoutId)))[0]!.status).toBe('complete');

    const p1 = T + 30 * DAY;
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'active', periodEnd: p1 }), { created: T - 400 }));
    expect(await subRow(subId)).toMatchObject({ status: 'active', lastEventCreated: T - 400, currentPeriodEnd: new Date(p1 * 1000) });
    rows = await entitlementsOf(row!.id);
    expect(rows[0]!.endsAt).toEqual(new Date(p1 * 1000));

    // An older "unpaid" arrives late: ignored.
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'unpaid', periodEnd: p1 }), { created: T - 450 }));
    expect(await subRow(subId)).toMatchObject({ status: 'active', lastEventCreated: T - 400 });

    // Payment fails (newer): past_due, access kept until the paid-through date. The failure does
    // not take part in the ordering of subscription events (lastEventCreated unchanged).
    await deliver(accountEvent('invoice.payment_failed', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: p1, status: 'open' }), { created: T - 300 }));
    expect(await subRow(subId)).toMatchObject({ status: 'past_due', lastEventCreated: T - 400 });
    expect(activeNow(await entitlementsOf(row!.id))).toHaveLength(1);

    // Deleted: ends now, and a later "active" (or invoice) cannot reopen it.
    await deliver(accountEvent('customer.subscription.deleted', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'canceled', periodEnd: p1, endedAt: T - 200 }), { created: T - 200 }));
    expect(await subRow(subId)).toMatchObject({ status: 'canceled', endedAt: new Date((T - 200) * 1000) });
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'active', periodEnd: p1 + 30 * DAY }), { created: T - 100 }));
    await deliver(accountEvent('invoice.paid', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: p1 + 30 * DAY }), { created: T - 90 }));
    expect(await subRow(subId)).toMatchObject({ status: 'canceled', currentPeriodEnd: new Date(p1 * 1000) });
    rows = await entitlementsOf(row!.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.endsAt).toEqual(new Date((T - 200) * 1000));
    expect(activeNow(rows)).toEqual([]);
  });

  it('a subscription event before the checkout creates the row from its metadata; the checkout then adds nothing', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription', accessScope: 'all_courses' });
    const userId = uid('user');
    const subId = uid('sub');
    const p1 = T + 10 * DAY;
    await deliver(accountEvent('customer.subscription.created', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'trialing', periodEnd: p1 }), { created: T - 50 }));
    await deliver(accountEvent('checkout.session.completed', subscriptionSession({ sessionId: uid('cs'), subscriptionId: subId, userId, offerId }), { created: T - 40 }));
    const row = await subRow(subId);
    expect(row).toMatchObject({ status: 'trialing', lastEventCreated: T - 50, currentPeriodEnd: new Date(p1 * 1000) });
    const rows = await entitlementsOf(row!.id);
    expect(rows.map((r) => [r.type, r.endsAt])).toEqual([['all_courses', new Date(p1 * 1000)]]);
  });

  it('invoice.paid records one transaction per invoice and only ever extends the period', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const subId = uid('sub');
    const inv1 = uid('in');
    const p1 = T + 30 * DAY;
    const p2 = T + 60 * DAY;
    // The invoice comes first: it creates the row from the subscription metadata it carries.
    await deliver(accountEvent('invoice.paid', invoiceObject({ invoiceId: inv1, subscriptionId: subId, userId, offerId, periodEnd: p2, amount: 1500 }), { created: T - 10 }));
    await deliver(accountEvent('invoice.paid', invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: p1 }), { created: T - 20 }));
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'active', periodEnd: p1 }), { created: T - 20 }));
    const row = await subRow(subId);
    expect(row).toMatchObject({ status: 'active', currentPeriodEnd: new Date(p2 * 1000) });
    expect((await entitlementsOf(row!.id))[0]!.endsAt).toEqual(new Date(p2 * 1000));
    const txs = await schoolDb().db.select().from(transactions).where(eq(transactions.stripeSubscriptionId, subId));
    expect(txs).toHaveLength(2);
    expect(txs.find((t) => t.stripeInvoiceId === inv1)).toMatchObject({ kind: 'subscription_invoice', status: 'paid', amountCents: 1500, userId, offerId });

    // A failure for an invoice that was later paid never turns it back to failed.
    await deliver(accountEvent('invoice.payment_failed', invoiceObject({ invoiceId: inv1, subscriptionId: subId, userId, offerId, periodEnd: p2, status: 'open' }), { created: T - 30 }));
    expect((await schoolDb().db.select().from(transactions).where(eq(transactions.stripeInvoiceId, inv1)))[0]).toMatchObject({ status: 'paid' });
  });

  it('an unpaid subscription ends access at the event, and paying again reopens it', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const subId = uid('sub');
    const p1 = T + 30 * DAY;
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'unpaid', periodEnd: p1 }), { created: T - 50 }));
    const row = await subRow(subId);
    expect(activeNow(await entitlementsOf(row!.id))).toEqual([]);
    await deliver(accountEvent('customer.subscription.updated', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'active', periodEnd: p1 }), { created: T - 40 }));
    expect(activeNow(await entitlementsOf(row!.id))).toHaveLength(1);
  });
});

describe('account.updated', () => {
  it('updates the flags unless a newer event already did', async () => {
    const account = uid('acct');
    await routeAccount(account, ACME.id);
    const acme = { d1: env.SCHOOL_ACME };
    const { schoolDbFor } = await import('../../../platform/db/school-db.ts');
    const sdb = schoolDbFor(acme.d1, ACME.id);
    await sdb.db.delete(stripeAccounts).where(eq(stripeAccounts.schoolId, ACME.id));
    await sdb.db.insert(stripeAccounts).values(sdb.withSchool({ stripeAccountId: account, createdBy: 'seed' }));
    const newer = accountEvent('account.updated', { id: account, object: 'account', charges_enabled: true, payouts_enabled: true, details_submitted: true }, { account, created: T - 10 });
    const older = accountEvent('account.updated', { id: account, object: 'account', charges_enabled: false, payouts_enabled: false, details_submitted: true }, { account, created: T - 20 });
    await storeEvent(newer);
    await storeEvent(older);
    expect(await processInboxEvent(env, newer.id)).toEqual({ outcome: 'processed' });
    expect(await processInboxEvent(env, older.id)).toEqual({ outcome: 'processed' });
    const [row] = await sdb.db.select().from(stripeAccounts).where(eq(stripeAccounts.stripeAccountId, account));
    expect(row).toMatchObject({ chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, lastEventCreated: T - 10 });
    expect((await inboxRow(newer.id))!.schoolId).toBe(ACME.id);
  });
});

describe('routing', () => {
  it('ignores events for unknown accounts, with no account and no school, and refuses metadata naming another school', async () => {
    const { offerId } = await seedBreslovOffer();
    const stray = accountEvent('checkout.session.completed', paymentSession({ sessionId: uid('cs'), paymentIntentId: uid('pi'), userId: uid('user'), offerId }), { account: uid('acct_unknown') });
    await storeEvent(stray);
    expect(await processInboxEvent(env, stray.id)).toMatchObject({ outcome: 'ignored', note: expect.stringMatching(/no school uses connected account/) });
    expect(await inboxRow(stray.id)).toMatchObject({ status: 'ignored', lastError: expect.stringMatching(/no school/) });

    // Acme's account, Breslov's metadata: never applied to either.
    const acmeAccount = uid('acct_acme');
    await routeAccount(acmeAccount, ACME.id);
    const sessionId = uid('cs');
    const crossed = accountEvent('checkout.session.completed', paymentSession({ sessionId, paymentIntentId: uid('pi'), userId: uid('user'), offerId }), { account: acmeAccount });
    await storeEvent(crossed);
    expect(await processInboxEvent(env, crossed.id)).toMatchObject({ outcome: 'ignored', note: expect.stringMatching(/metadata names school/) });
    expect(await txBySession(sessionId)).toBeUndefined();

    const orphan = accountEvent('customer.created', { id: 'cus_1', object: 'customer', metadata: {} }, { account: null });
    await storeEvent(orphan);
    expect(await processInboxEvent(env, orphan.id)).toMatchObject({ outcome: 'ignored' });

    // Platform-level event (no account) naming a school by metadata: routed there.
    const platformLevel = accountEvent('customer.created', { id: 'cus_2', object: 'customer', metadata: { schoolId: BRESLOV.id } }, { account: null });
    await storeEvent(platformLevel);
    expect(await processInboxEvent(env, platformLevel.id)).toMatchObject({ outcome: 'processed', note: 'no effect for customer.created' });
    expect(await processedLog(platformLevel.id)).toBe(1);
  });
});

describe('queue, dead-letter queue, replay and sweep', () => {
  it('retries a failing event with backoff and counts attempts; the DLQ marks it dead; replay + sweep re-queue it and it then applies', async () => {
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const userId = uid('user');
    const subId = uid('sub');
    // An invoice for a subscription the school does not know, without metadata: fails until the subscription exists.
    const invoice = invoiceObject({ invoiceId: uid('in'), subscriptionId: subId, userId, offerId, periodEnd: T + 30 * DAY });
    (invoice.parent.subscription_details as { metadata: unknown }).metadata = {};
    const event = accountEvent('invoice.paid', invoice);
    await routeAccount();
    await storeEvent(event);

    for (const attempts of [1, 2]) {
      const batch = createMessageBatch<unknown>('lectern-stripe-webhooks', [{ id: `msg-${event.id}-${attempts}`, timestamp: new Date(), attempts, body: { eventId: event.id } }]);
      const ctx = createExecutionContext();
      await worker.queue(batch as never, env as never);
      const result = await getQueueResult(batch, ctx);
      expect(result.retryMessages).toEqual([{ msgId: `msg-${event.id}-${attempts}` }]);
      expect(result.explicitAcks).toEqual([]);
    }
    expect(await inboxRow(event.id)).toMatchObject({ status: 'received', attempts: 2, lastError: expect.stringMatching(/does not know/) });

    // Queues gave up after max_retries: the DLQ consumer records the message and marks the row dead, once.
    for (let i = 0; i < 2; i++) {
      const dlq = createMessageBatch<unknown>('lectern-stripe-webhooks-dlq', [{ id: `dlq-${event.id}`, timestamp: new Date(), attempts: 9, body: { eventId: event.id } }]);
      const ctx = createExecutionContext();
      await worker.queue(dlq as never, env as never);
      expect((await getQueueResult(dlq, ctx)).ackAll).toBe(true);
    }
    const { platformDb } = await import('./testing.ts');
    expect(await platformDb().select({ queue: deadLetters.queue, attempts: deadLetters.attempts }).from(deadLetters).where(eq(deadLetters.messageId, `dlq-${event.id}`))).toEqual([{ queue: 'lectern-stripe-webhooks-dlq', attempts: 9 }]);
    expect(await inboxRow(event.id)).toMatchObject({ status: 'dead' });

    // The subscription arrives; the operator replays (the SQL npm run stripe:replay runs); the cron sweep re-queues.
    await deliver(accountEvent('customer.subscription.created', subscriptionObject({ subscriptionId: subId, userId, offerId, status: 'active', periodEnd: T + DAY })));
    const candidates = await env.PLATFORM_DB.prepare(selectReplayCandidatesSql({ eventId: event.id })).all();
    expect(candidates.results).toMatchObject([{ event_id: event.id, status: 'dead' }]);
    await env.PLATFORM_DB.prepare(replaySql([event.id], Date.now())).run();
    expect(await inboxRow(event.id)).toMatchObject({ status: 'received', enqueuedAt: null, attempts: 0, replayRequestedAt: expect.any(Date) });

    const sent: unknown[] = [];
    const queue = { send: async (m: unknown) => void sent.push(m), sendBatch: async (ms: Array<{ body: unknown }>) => void sent.push(...ms.map((m) => m.body)) } as unknown as Queue<unknown>;
    await runScheduled({ scheduledTime: Date.now(), cron: '*/5 * * * *', noRetry: () => undefined } as ScheduledController, { ...env, STRIPE_WEBHOOKS: queue });
    expect(sent).toContainEqual({ eventId: event.id });
    expect(await inboxRow(event.id)).toMatchObject({ status: 'received', replayRequestedAt: null, enqueuedAt: expect.any(Date) });

    const batch = createMessageBatch<unknown>('lectern-stripe-webhooks', [{ id: `msg-${event.id}-replay`, timestamp: new Date(), attempts: 1, body: { eventId: event.id } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`msg-${event.id}-replay`]);
    expect(await inboxRow(event.id)).toMatchObject({ status: 'processed' });
    expect((await subRow(subId))!.currentPeriodEnd).toEqual(new Date((T + 30 * DAY) * 1000));
  });

  it('the sweep re-enqueues rows never enqueued or lost, and leaves recent, retrying and finished rows alone', async () => {
    const now = Date.now();
    const mk = (over: Record<string, unknown>) => accountEvent('ping.test', { id: uid('x') }, over as never);
    const never = mk({});
    const lost = mk({});
    const fresh = mk({});
    const retrying = mk({});
    const done = mk({});
    const { platformDb } = await import('./testing.ts');
    const { stripeWebhookInbox } = await import('../schema.ts');
    await storeEvent(never, new Date(now - 5 * 60_000));
    await storeEvent(lost, new Date(now - 20 * 60_000));
    await storeEvent(fresh, new Date(now - 30_000));
    await storeEvent(retrying, new Date(now - 20 * 60_000));
    await storeEvent(done, new Date(now - 20 * 60_000));
    await platformDb().update(stripeWebhookInbox).set({ enqueuedAt: null }).where(eq(stripeWebhookInbox.eventId, never.id));
    await platformDb().update(stripeWebhookInbox).set({ attempts: 3 }).where(eq(stripeWebhookInbox.eventId, retrying.id));
    await platformDb().update(stripeWebhookInbox).set({ status: 'processed' }).where(eq(stripeWebhookInbox.eventId, done.id));
    const sent: unknown[] = [];
    const queue = { sendBatch: async (ms: Array<{ body: unknown }>) => void sent.push(...ms.map((m) => m.body)) } as unknown as Queue<unknown>;
    const { sweepStripeInbox } = await import('./inbox.ts');
    await sweepStripeInbox({ PLATFORM_DB: env.PLATFORM_DB, STRIPE_WEBHOOKS: queue }, new Date(now));
    const ids = sent.map((m) => (m as { eventId: string }).eventId);
    expect(ids).toContain(never.id);
    expect(ids).toContain(lost.id);
    for (const skipped of [fresh, retrying, done]) expect(ids).not.toContain(skipped.id);
    expect((await inboxRow(lost.id))!.enqueuedAt!.getTime()).toBe(now);
  });
});
