// Test support for the Stripe webhook tests (workers project only).
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { platformDbFor } from '../../../platform/db/platform-db.ts';
import { BRESLOV } from '../../../../test/workers/fixtures.ts';
import { entitlements } from '../../courses/schema.ts';
import { entitlementActive } from '../../learning/access.ts';
import { seedLearningCourse } from '../../learning/testing.ts';
import { stripeEvent } from '../stripe/testing.ts';
import { type AccessScope, checkoutSessions, couponRedemptions, coupons, stripeAccountRoutes, stripeWebhookInbox, subscriptions, transactions } from '../schema.ts';
import { commerceDbOf, seedOffer } from '../testing.ts';
import { processInboxEvent } from './consumer.ts';
import type { StripeEventEnvelope } from './inbox.ts';

/** Breslov's connected account in these tests. */
export const BRESLOV_ACCOUNT = 'acct_test_breslov_webhooks';
export const schoolDb = () => commerceDbOf(BRESLOV);
export const platformDb = () => platformDbFor(env.PLATFORM_DB);
export const uid = (prefix: string) => `${prefix}_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;

export async function routeAccount(account = BRESLOV_ACCOUNT, schoolId = BRESLOV.id): Promise<void> {
  await platformDb().insert(stripeAccountRoutes).values({ stripeAccountId: account, schoolId }).onConflictDoNothing();
}

/** An active offer in Breslov granting `courseCount` new paid courses (or every course / downloads). */
export async function seedBreslovOffer(spec: { accessScope?: AccessScope; courseCount?: number; offerType?: 'one_time' | 'subscription'; priceCents?: number } = {}) {
  const courseIds: string[] = [];
  for (let i = 0; i < (spec.accessScope && spec.accessScope !== 'courses' ? 0 : (spec.courseCount ?? 1)); i++) {
    courseIds.push((await seedLearningCourse(BRESLOV, { accessLevel: 'paid', chapters: [] })).courseId);
  }
  const subscription = spec.offerType === 'subscription';
  const offerId = await seedOffer(
    BRESLOV,
    { offerType: spec.offerType ?? 'one_time', priceCents: spec.priceCents ?? 4900, billingInterval: subscription ? ('month' as const) : null, accessScope: spec.accessScope ?? 'courses' },
    courseIds,
  );
  return { offerId, courseIds };
}

/** A Stripe event on Breslov's account (unless `account` says otherwise). */
export function accountEvent(type: string, object: Record<string, unknown>, over: { id?: string; created?: number; account?: string | null } = {}): StripeEventEnvelope {
  return stripeEvent(type, object, { account: BRESLOV_ACCOUNT, ...over }) as unknown as StripeEventEnvelope;
}

/** Stores the event in the inbox the way the webhook does (tests then call the consumer). */
export async function storeEvent(event: StripeEventEnvelope, at = new Date()): Promise<string> {
  await platformDb()
    .insert(stripeWebhookInbox)
    .values({ eventId: event.id, type: event.type, account: event.account ?? null, payload: event, eventCreated: event.created, receivedAt: at, enqueuedAt: at })
    .onConflictDoNothing();
  return event.id;
}

export async function inboxRow(eventId: string) {
  const [row] = await platformDb().select().from(stripeWebhookInbox).where(eq(stripeWebhookInbox.eventId, eventId));
  return row;
}

export async function entitlementsOf(sourceRef: string) {
  return schoolDb().db.select().from(entitlements).where(eq(entitlements.sourceRef, sourceRef));
}

// ---- Stripe objects as the events carry them ---------------------------------------------

type PaymentStatus = 'paid' | 'unpaid' | 'no_payment_required';
type Purchase = { sessionId: string; paymentIntentId: string; userId: string; offerId: string; checkoutId?: string; couponRedemptionId?: string; amountTotal?: number; discount?: number; paymentStatus?: PaymentStatus };

export function paymentSession(p: Purchase) {
  return {
    id: p.sessionId,
    object: 'checkout.session',
    mode: 'payment',
    status: 'complete',
    payment_status: p.paymentStatus ?? 'paid',
    payment_intent: p.paymentIntentId,
    customer: 'cus_test',
    amount_total: p.amountTotal ?? 4900,
    currency: 'usd',
    total_details: { amount_discount: p.discount ?? 0, amount_shipping: 0, amount_tax: 0 },
    metadata: { schoolId: BRESLOV.id, offerId: p.offerId, userId: p.userId, ...(p.checkoutId ? { checkoutId: p.checkoutId } : {}), ...(p.couponRedemptionId ? { couponRedemptionId: p.couponRedemptionId } : {}) },
  };
}

export function subscriptionSession(s: { sessionId: string; subscriptionId: string; userId: string; offerId: string; checkoutId?: string; couponRedemptionId?: string; paymentStatus?: PaymentStatus }) {
  return {
    id: s.sessionId,
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: s.paymentStatus ?? 'paid',
    subscription: s.subscriptionId,
    customer: 'cus_test',
    amount_total: 1500,
    currency: 'usd',
    total_details: { amount_discount: 0 },
    metadata: { schoolId: BRESLOV.id, offerId: s.offerId, userId: s.userId, ...(s.checkoutId ? { checkoutId: s.checkoutId } : {}), ...(s.couponRedemptionId ? { couponRedemptionId: s.couponRedemptionId } : {}) },
  };
}

export function subscriptionObject(s: { subscriptionId: string; userId: string; offerId: string; status: string; periodEnd: number; endedAt?: number | null; startDate?: number }) {
  return {
    id: s.subscriptionId,
    object: 'subscription',
    status: s.status,
    customer: 'cus_test',
    cancel_at_period_end: false,
    start_date: s.startDate ?? s.periodEnd - 30 * 86400,
    ended_at: s.endedAt ?? null,
    items: { object: 'list', data: [{ id: `si_${s.subscriptionId}`, current_period_start: s.periodEnd - 30 * 86400, current_period_end: s.periodEnd }] },
    metadata: { schoolId: BRESLOV.id, offerId: s.offerId, userId: s.userId },
  };
}

export function invoiceObject(i: { invoiceId: string; subscriptionId: string; userId: string; offerId: string; periodEnd: number; amount?: number; status?: 'paid' | 'open'; paymentIntentId?: string }) {
  return {
    id: i.invoiceId,
    object: 'invoice',
    status: i.status ?? 'paid',
    customer: 'cus_test',
    currency: 'usd',
    amount_due: i.amount ?? 1500,
    amount_paid: i.status === 'open' ? 0 : (i.amount ?? 1500),
    subtotal: i.amount ?? 1500,
    total: i.amount ?? 1500,
    parent: { type: 'subscription_details', subscription_details: { subscription: i.subscriptionId, metadata: { schoolId: BRESLOV.id, offerId: i.offerId, userId: i.userId } } },
    lines: { object: 'list', data: [{ id: `il_${i.invoiceId}`, period: { start: i.periodEnd - 30 * 86400, end: i.periodEnd } }] },
    // Only when the event carries the invoice's payments (Stripe includes them on request).
    ...(i.paymentIntentId ? { payments: { object: 'list', data: [invoicePaymentObject({ invoiceId: i.invoiceId, paymentIntentId: i.paymentIntentId, amount: i.amount })] } } : {}),
  };
}

/** An `invoice_payment` (API 2026-10-28): which payment intent paid which invoice. */
export function invoicePaymentObject(p: { invoiceId: string; paymentIntentId: string; amount?: number; status?: 'paid' | 'open' | 'canceled' }) {
  const status = p.status ?? 'paid';
  return {
    id: `inpay_${p.paymentIntentId}`,
    object: 'invoice_payment',
    invoice: p.invoiceId,
    amount_paid: status === 'paid' ? (p.amount ?? 1500) : null,
    amount_requested: p.amount ?? 1500,
    currency: 'usd',
    is_default: true,
    livemode: false,
    created: Math.floor(Date.now() / 1000),
    payment: { type: 'payment_intent', payment_intent: p.paymentIntentId },
    status,
    status_transitions: { canceled_at: null, paid_at: status === 'paid' ? Math.floor(Date.now() / 1000) : null },
  };
}

export function chargeObject(c: { paymentIntentId: string; amount?: number; amountRefunded: number }) {
  const amount = c.amount ?? 4900;
  return { id: `ch_${c.paymentIntentId}`, object: 'charge', payment_intent: c.paymentIntentId, amount, amount_refunded: c.amountRefunded, refunded: c.amountRefunded >= amount, currency: 'usd', customer: 'cus_test', metadata: {} };
}

/** `now` in Unix seconds, as Stripe's `created`, and one day of them. */
export const T = Math.floor(Date.now() / 1000);
export const DAY = 86400;

/** Routes Breslov's account, stores the event in the inbox and runs the consumer's core on it. */
export async function deliver(event: StripeEventEnvelope) {
  await routeAccount();
  await storeEvent(event);
  return processInboxEvent(env, event.id);
}
export const txBySession = async (sessionId: string) => (await schoolDb().db.select().from(transactions).where(eq(transactions.stripeCheckoutSessionId, sessionId)))[0];
export const subRow = async (subscriptionId: string) => (await schoolDb().db.select().from(subscriptions).where(eq(subscriptions.stripeSubscriptionId, subscriptionId)))[0];
export const activeNow = <R extends { startsAt: Date; endsAt: Date | null; revokedAt: Date | null }>(rows: R[], at = new Date()) => rows.filter((row) => entitlementActive(row, at));

/** Our checkout row (and a reserved 900-cent coupon use tied to the session, unless told otherwise). */
export async function seedCheckout(userId: string, offerId: string, sessionId: string, coupon: { status?: 'reserved' | 'released'; redemptionSessionId?: string } | null = {}) {
  const sdb = schoolDb();
  const checkoutId = crypto.randomUUID();
  let couponRedemptionId: string | undefined;
  if (coupon) {
    const couponId = crypto.randomUUID();
    couponRedemptionId = crypto.randomUUID();
    await sdb.db.insert(coupons).values(sdb.withSchool({ id: couponId, code: uid('SAVE').toUpperCase(), discountType: 'amount' as const, amountOffCents: 900, createdBy: 'seed' }));
    await sdb.db.insert(couponRedemptions).values(
      sdb.withSchool({ id: couponRedemptionId, couponId, userId, offerId, status: coupon.status ?? ('reserved' as const), reservedUntil: coupon.status === 'released' ? null : new Date(Date.now() + 3600_000), stripeCheckoutSessionId: coupon.redemptionSessionId ?? sessionId, discountCents: 900 }),
    );
  }
  await sdb.db.insert(checkoutSessions).values(sdb.withSchool({ id: checkoutId, stripeSessionId: sessionId, userId, offerId, couponRedemptionId: couponRedemptionId ?? null, amountCents: 4000, currency: 'usd', expiresAt: new Date(Date.now() + 3600_000) }));
  return { checkoutId, couponRedemptionId: couponRedemptionId! };
}

