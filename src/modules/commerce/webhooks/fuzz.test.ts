import { env } from 'cloudflare:workers';
import { and, eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { entitlements } from '../../courses/schema.ts';
import { entitlementActive } from '../../learning/access.ts';
import { stripeWebhookEvents, stripeWebhookInbox, subscriptions, transactions } from '../schema.ts';
import { type CrashPoint, processInboxEvent } from './consumer.ts';
import type { StripeEventEnvelope } from './inbox.ts';
import { accountEvent, chargeObject, invoiceObject, paymentSession, platformDb, routeAccount, schoolDb, seedBreslovOffer, subscriptionObject, subscriptionSession, uid } from './testing.ts';

/**
 * The headline property. fast-check generates event histories over a few users and
 * offers — purchases (checkout paid at once or by a delayed method that succeeds or fails,
 * partial and full refunds) and subscriptions (paid checkout, created, updated with statuses,
 * invoices paid extending the paid-through date, payment failures, deletion) —
 * delivers every event 1–5 times in a shuffled order, a few at a time concurrently, and makes
 * the consumer crash before its batch or after it (before the inbox row is marked / the
 * message acked), re-delivering what crashed. Driven through the real consumer on the real
 * Breslov D1. Then: nothing lost, nothing applied twice, and the entitlements active at a
 * fixed "now" are exactly what a simple model of the deduplicated history says.
 */

const NOW_S = Math.floor(Date.now() / 1000);
const NOW = new Date(NOW_S * 1000);
const DAY = 86400;
const PRICE = 4900;
/** Per family (two families): 1,000 histories in all. */
const NUM_RUNS = 500;

type Offers = { a: { offerId: string; courseIds: string[] }; b: { offerId: string }; sub: { offerId: string; courseIds: string[] } };
let offers: Offers;

beforeAll(async () => {
  await routeAccount();
  offers = {
    a: await seedBreslovOffer({ courseCount: 2 }),
    b: await seedBreslovOffer({ accessScope: 'all_courses' }),
    sub: await seedBreslovOffer({ offerType: 'subscription', courseCount: 1 }),
  };
});

const weighted = (trueWeight: number, falseWeight: number) => fc.oneof({ arbitrary: fc.constant(true), weight: trueWeight }, { arbitrary: fc.constant(false), weight: falseWeight });
const purchaseSpec = fc.record({
  user: fc.integer({ min: 0, max: 1 }),
  offer: fc.constantFrom('a' as const, 'b' as const),
  checkout: weighted(9, 1),
  // How the payment went: paid at completion, or a delayed method (completed unpaid) that later succeeds or fails.
  payment: fc.constantFrom('paid' as const, 'paid' as const, 'paid' as const, 'async-succeeded' as const, 'async-failed' as const),
  refunds: fc.constantFrom([] as number[], [1000], [PRICE], [1000, PRICE], [1000, 2500]),
});
const subStep = fc.constantFrom('renew' as const, 'renew-invoice-only' as const, 'active' as const, 'past_due' as const, 'unpaid' as const, 'trialing' as const, 'incomplete' as const, 'paused' as const, 'fail' as const);
const subscriptionSpec = fc.record({
  user: fc.integer({ min: 0, max: 1 }),
  checkout: fc.boolean(),
  created: weighted(4, 1),
  firstPeriodEndDays: fc.integer({ min: -70, max: 40 }),
  steps: fc.array(subStep, { maxLength: 4 }),
  deleted: weighted(1, 3),
});
// Two families, each with its own run budget: purchases (one or two, over two users and two
// offers) and one subscription at a time (its events are the ones whose order matters).
type HistorySpec = { purchases: Array<typeof purchaseSpec extends fc.Arbitrary<infer P> ? P : never>; subscriptions: Array<typeof subscriptionSpec extends fc.Arbitrary<infer S> ? S : never> };
const purchaseHistories = fc.record({ purchases: fc.array(purchaseSpec, { minLength: 1, maxLength: 2 }), subscriptions: fc.constant([] as HistorySpec['subscriptions']) });
const subscriptionHistories = fc.record({ purchases: fc.constant([] as HistorySpec['purchases']), subscriptions: fc.array(subscriptionSpec, { minLength: 1, maxLength: 1 }) });
type History = { events: StripeEventEnvelope[]; users: string[]; expected: Set<string>; sessions: string[]; invoices: string[]; subs: string[] };

/** Events of a history with strictly increasing `created` per object, and the model's answer. */
function buildHistory(spec: HistorySpec): History {
  const users = [uid('user'), uid('user')];
  const events: StripeEventEnvelope[] = [];
  const expected = new Set<string>();
  const sessions: string[] = [];
  const invoices: string[] = [];
  const subs: string[] = [];
  let t = NOW_S - 50_000;
  const next = () => (t += 7);
  const grant = (userId: string, offer: 'a' | 'b' | 'sub') => {
    if (offer === 'b') expected.add(`${userId}|all_courses|`);
    else for (const c of offers[offer].courseIds) expected.add(`${userId}|course|${c}`);
  };

  for (const p of spec.purchases) {
    const userId = users[p.user]!;
    const sessionId = uid('cs');
    const pi = uid('pi');
    const session = (paymentStatus: 'paid' | 'unpaid') => paymentSession({ sessionId, paymentIntentId: pi, userId, offerId: offers[p.offer].offerId, amountTotal: PRICE, paymentStatus });
    const paid = p.checkout && p.payment !== 'async-failed';
    if (p.checkout) {
      events.push(accountEvent('checkout.session.completed', session(p.payment === 'paid' ? 'paid' : 'unpaid'), { created: next() }));
      if (p.payment === 'async-succeeded') events.push(accountEvent('checkout.session.async_payment_succeeded', session('paid'), { created: next() }));
      if (p.payment === 'async-failed') events.push(accountEvent('checkout.session.async_payment_failed', session('unpaid'), { created: next() }));
      if (paid) sessions.push(sessionId);
    }
    // No money moved, nothing to refund.
    if (p.checkout && !paid) continue;
    for (const refunded of p.refunds) events.push(accountEvent('charge.refunded', chargeObject({ paymentIntentId: pi, amount: PRICE, amountRefunded: refunded }), { created: next() }));
    // Model: access iff the checkout was paid (at completion or by the delayed payment) and the largest refund is not the whole amount.
    if (paid && Math.max(0, ...p.refunds) < PRICE) grant(userId, p.offer);
  }

  for (const s of spec.subscriptions) {
    const userId = users[s.user]!;
    const subscriptionId = uid('sub');
    subs.push(subscriptionId);
    const offerId = offers.sub.offerId;
    const startDate = NOW_S - 60_000;
    let period = NOW_S + s.firstPeriodEndDays * DAY;
    const statuses: Array<{ created: number; status: string }> = [];
    // Paid-through: period ends reported by paid invoices and active/trialing subscription events
    // (a past_due / unpaid / … report never extends access), and a paid checkout's created + 1 day.
    const paidThrough: number[] = [];
    const subEvent = (type: string, status: string, extra: { endedAt?: number } = {}) => {
      const created = next();
      events.push(accountEvent(type, { ...subscriptionObject({ subscriptionId, userId, offerId, status, periodEnd: period, startDate, endedAt: extra.endedAt ?? null }) }, { created }));
      statuses.push({ created, status });
      if (type !== 'customer.subscription.deleted' && (status === 'active' || status === 'trialing')) paidThrough.push(period);
    };
    if (s.checkout) {
      const sessionId = uid('cs');
      const created = next();
      events.push(accountEvent('checkout.session.completed', subscriptionSession({ sessionId, subscriptionId, userId, offerId }), { created }));
      paidThrough.push(created + DAY);
    }
    if (s.created) subEvent('customer.subscription.created', 'active');
    for (const step of s.steps) {
      if (step === 'renew' || step === 'renew-invoice-only') {
        period += 30 * DAY;
        const invoiceId = uid('in');
        invoices.push(invoiceId);
        events.push(accountEvent('invoice.paid', invoiceObject({ invoiceId, subscriptionId, userId, offerId, periodEnd: period }), { created: next() }));
        paidThrough.push(period);
        if (step === 'renew') subEvent('customer.subscription.updated', 'active');
      } else if (step === 'fail') {
        const invoiceId = uid('in');
        invoices.push(invoiceId);
        // A failure only turns active/trialing into past_due, which keeps access to the same
        // paid-through date: it never changes access, so the model ignores it.
        events.push(accountEvent('invoice.payment_failed', invoiceObject({ invoiceId, subscriptionId, userId, offerId, periodEnd: period + 30 * DAY, status: 'open' }), { created: next() }));
      } else subEvent('customer.subscription.updated', step);
    }
    let deleted = false;
    if (s.deleted) {
      const created = next();
      subEvent('customer.subscription.deleted', 'canceled', { endedAt: created });
      deleted = true;
    }
    // Model: deleted → no access. Otherwise the newest subscription event's status decides (none
    // seen → active); an ending status ends access at once; else access until the paid-through
    // date (none known → no access).
    const latest = statuses.sort((x, y) => x.created - y.created).at(-1)?.status ?? 'active';
    const paidEnd = paidThrough.length > 0 ? Math.max(...paidThrough) : null;
    const seen = events.some((e) => JSON.stringify(e.data.object).includes(subscriptionId));
    if (!seen) {
      subs.pop();
      continue;
    }
    if (!deleted && !['unpaid', 'canceled', 'incomplete', 'paused'].includes(latest) && paidEnd !== null && NOW_S < paidEnd) grant(userId, 'sub');
  }
  return { events, users, expected, sessions, invoices, subs };
}

type Delivery = { eventId: string; crashAt?: CrashPoint };

async function storeAll(events: StripeEventEnvelope[]) {
  if (events.length === 0) return;
  const db = platformDb();
  const at = new Date();
  const inserts = events.map((event) =>
    db.insert(stripeWebhookInbox).values({ eventId: event.id, type: event.type, account: event.account ?? null, payload: event, eventCreated: event.created, receivedAt: at, enqueuedAt: at }),
  );
  await db.batch(inserts as [(typeof inserts)[number], ...(typeof inserts)[number][]]);
}

function chunks<T>(items: T[], size = 80): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

let totalDeliveries = 0;
let totalCrashes = 0;
let totalEvents = 0;

describe('Stripe webhook consumer under duplicates, reordering and crashes', () => {
  it.each([
    ['purchases', purchaseHistories as fc.Arbitrary<HistorySpec>] as const,
    ['subscriptions', subscriptionHistories as fc.Arbitrary<HistorySpec>] as const,
  ])(`%s: ${NUM_RUNS} generated histories converge to the model`, { timeout: 300_000 }, async (family, histories) => {
    const started = Date.now();
    totalDeliveries = totalCrashes = totalEvents = 0;
    await fc.assert(
      fc.asyncProperty(histories, fc.gen(), async (spec, gen) => {
        const history = buildHistory(spec);
        const { events } = history;
        await storeAll(events);
        totalEvents += events.length;

        // Every event 1–5 times, shuffled; a quarter of the deliveries crash, at one of two points.
        const pending: Delivery[] = [];
        for (const event of events) {
          const copies = gen(fc.integer, { min: 1, max: 5 });
          for (let i = 0; i < copies; i++) {
            const crash = gen(fc.constantFrom, undefined, undefined, undefined, undefined, undefined, undefined, 'before-batch' as const, 'after-batch' as const);
            pending.push({ eventId: event.id, ...(crash ? { crashAt: crash } : {}) });
          }
        }
        for (let i = pending.length - 1; i > 0; i--) {
          const j = gen(fc.integer, { min: 0, max: i });
          [pending[i], pending[j]] = [pending[j]!, pending[i]!];
        }

        // Consume like the queue: a few at a time side by side; whatever fails is redelivered later (without a crash).
        let rounds = 0;
        while (pending.length > 0) {
          if (++rounds > 500) throw new Error('the consumer does not converge');
          const group = pending.splice(0, gen(fc.integer, { min: 1, max: 3 }));
          const results = await Promise.allSettled(group.map((d) => processInboxEvent(env, d.eventId, d.crashAt ? { crashAt: d.crashAt, now: NOW } : { now: NOW })));
          totalDeliveries += group.length;
          results.forEach((result, i) => {
            if (result.status === 'rejected') {
              totalCrashes++;
              const at = gen(fc.integer, { min: 0, max: pending.length });
              pending.splice(at, 0, { eventId: group[i]!.eventId });
            }
          });
        }

        const sdb = schoolDb();
        const ids = events.map((e) => e.id);
        // Zero lost: every event is in the processed log and its inbox row is processed.
        for (const part of chunks(ids)) {
          const logged = await sdb.db.select({ id: stripeWebhookEvents.eventId }).from(stripeWebhookEvents).where(inArray(stripeWebhookEvents.eventId, part));
          expect(logged.length).toBe(part.length);
          const inbox = await platformDb().select({ status: stripeWebhookInbox.status }).from(stripeWebhookInbox).where(inArray(stripeWebhookInbox.eventId, part));
          expect(inbox.map((r) => r.status)).toEqual(part.map(() => 'processed'));
        }
        // Zero double-applied: one transaction per checkout and per invoice, one row per subscription,
        // and no source granted the same thing twice.
        for (const sessionId of history.sessions) expect((await sdb.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.stripeCheckoutSessionId, sessionId))).length).toBe(1);
        for (const invoiceId of history.invoices) expect((await sdb.db.select({ id: transactions.id }).from(transactions).where(eq(transactions.stripeInvoiceId, invoiceId))).length).toBe(1);
        for (const subscriptionId of history.subs) {
          const rows = await sdb.db.select({ id: subscriptions.id }).from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, subscriptionId));
          expect(rows.length).toBe(1);
          expect((await sdb.db.select({ id: entitlements.id }).from(entitlements).where(eq(entitlements.sourceRef, rows[0]!.id))).length).toBe(offers.sub.courseIds.length);
        }
        const granted = await sdb.db.select().from(entitlements).where(and(sdb.scoped(entitlements, inArray(entitlements.userId, history.users))));
        const perSource = new Map<string, number>();
        for (const row of granted) {
          const key = `${row.sourceRef}|${row.type}|${row.courseId ?? ''}`;
          perSource.set(key, (perSource.get(key) ?? 0) + 1);
        }
        expect([...perSource.entries()].filter(([, n]) => n > 1)).toEqual([]);

        // The model: entitlements active at NOW.
        const active = new Set(granted.filter((row) => entitlementActive(row, NOW)).map((row) => `${row.userId}|${row.type}|${row.courseId ?? ''}`));
        expect([...active].sort()).toEqual([...history.expected].sort());
      }),
      { numRuns: NUM_RUNS },
    );
    const seconds = (Date.now() - started) / 1000;
    console.log(`[fuzz] ${family}: ${NUM_RUNS} histories, ${totalEvents} events, ${totalDeliveries} deliveries (${totalCrashes} failed and redelivered) in ${seconds.toFixed(1)} s`);
  });
});
