import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import Stripe from 'stripe';
import { z } from 'zod';
import { Conflict, NotFound } from '../../../platform/errors.ts';
import type { SchoolCtx } from '../../../platform/school-ctx.ts';
import { courses } from '../../courses/schema.ts';
import { requireActor } from '../../identity/actor.ts';
import { Id } from '../catalogue/validation.ts';
import { requireStripe } from '../stripe/client.ts';
import { coupons, offerCourses, offers, stripeAccounts, subscriptions, transactions } from '../schema.ts';
import { callStripe } from '../connect/stripe-error.ts';

/** Enough for any one learner's history; older rows stay in the staff list and CSV. */
const MAX_PURCHASES = 200;

/** The signed-in member's purchases (newest first) and subscriptions, one D1 round trip. */
export async function listMyPurchases({ ctx }: { ctx: SchoolCtx }) {
  const actor = requireActor(ctx.actor);
  const { db, scoped } = ctx.schoolDb;
  const [txs, subs] = await db.batch([
    db
      .select({ t: transactions, offerTitle: offers.title })
      .from(transactions)
      .leftJoin(offers, and(eq(offers.id, transactions.offerId), eq(offers.schoolId, transactions.schoolId)))
      .where(scoped(transactions, eq(transactions.userId, actor.user.id)))
      .orderBy(desc(transactions.createdAt), desc(transactions.id))
      .limit(MAX_PURCHASES),
    db
      .select({ s: subscriptions, offerTitle: offers.title })
      .from(subscriptions)
      .leftJoin(offers, and(eq(offers.id, subscriptions.offerId), eq(offers.schoolId, subscriptions.schoolId)))
      .where(scoped(subscriptions, eq(subscriptions.userId, actor.user.id)))
      .orderBy(desc(subscriptions.createdAt), desc(subscriptions.id)),
  ]);
  return {
    purchases: txs.map(({ t, offerTitle }) => ({
      id: t.id,
      createdAt: t.createdAt.toISOString(),
      kind: t.kind,
      status: t.status,
      offer: t.offerId ? { id: t.offerId, title: offerTitle ?? null } : null,
      offerTitle: offerTitle ?? null,
      amountCents: t.amountCents,
      discountCents: t.discountCents,
      refundedCents: t.refundedCents,
      currency: t.currency,
      receiptUrl: t.receiptUrl,
    })),
    subscriptions: subs.map(({ s, offerTitle }) => ({
      id: s.id,
      offerId: s.offerId,
      offerTitle: offerTitle ?? null,
      status: s.status,
      currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    })),
  };
}

export const ReceiptInput = z.object({ transactionId: Id });

/** One of the member's own transactions as a receipt; anyone else's is indistinguishable from missing. */
export async function getMyReceipt({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireActor(ctx.actor);
  const { transactionId } = ReceiptInput.parse(input);
  const { db, scoped } = ctx.schoolDb;
  const own = scoped(transactions, eq(transactions.id, transactionId), eq(transactions.userId, actor.user.id));
  const [found, included] = await db.batch([
    db
      .select({ t: transactions, offer: { title: offers.title, description: offers.description, offerType: offers.offerType, accessScope: offers.accessScope, billingInterval: offers.billingInterval }, couponCode: coupons.code })
      .from(transactions)
      .leftJoin(offers, and(eq(offers.id, transactions.offerId), eq(offers.schoolId, transactions.schoolId)))
      .leftJoin(coupons, and(eq(coupons.id, transactions.couponId), eq(coupons.schoolId, transactions.schoolId)))
      .where(own)
      .limit(1),
    db
      .select({ id: courses.id, title: courses.title, slug: courses.slug })
      .from(offerCourses)
      .innerJoin(courses, and(eq(courses.id, offerCourses.courseId), eq(courses.schoolId, offerCourses.schoolId)))
      .where(scoped(offerCourses, inArray(offerCourses.offerId, db.select({ offerId: transactions.offerId }).from(transactions).where(own))))
      .orderBy(asc(courses.title)),
  ]);
  const row = found[0];
  if (!row) throw new NotFound('There is no such purchase.');
  const { t, offer } = row;
  return {
    receipt: {
      id: t.id,
      school: { name: ctx.school.name },
      date: t.createdAt.toISOString(),
      kind: t.kind,
      status: t.status,
      offer:
        t.offerId && offer
          ? {
              id: t.offerId,
              title: offer.title,
              description: offer.description,
              offerType: offer.offerType,
              billingInterval: offer.billingInterval,
              includes: { accessScope: offer.accessScope, courses: offer.accessScope === 'courses' ? included : [] },
            }
          : null,
      currency: t.currency,
      /** What the offer cost before the discount. */
      subtotalCents: t.amountCents + t.discountCents,
      discountCents: t.discountCents,
      couponCode: row.couponCode ?? null,
      /** What was charged. */
      amountCents: t.amountCents,
      refundedCents: t.refundedCents,
      refundPendingCents: t.refundRequestedCents ?? 0,
      /** What the member paid in the end. */
      netCents: t.amountCents - t.refundedCents,
      paymentReference: t.stripePaymentIntentId ?? t.stripeInvoiceId ?? t.stripeChargeId ?? t.id,
      receiptUrl: t.receiptUrl,
    },
  };
}

/**
 * A Stripe billing portal session on the school's account for the member's Stripe customer
 * (from their subscriptions, else their purchases): card, invoices, cancelling.
 */
export async function createBillingPortalSession({ ctx }: { ctx: SchoolCtx }) {
  const actor = requireActor(ctx.actor);
  const { db, scoped } = ctx.schoolDb;
  const [subCustomer, txCustomer, account] = await db.batch([
    db.select({ customer: subscriptions.stripeCustomerId }).from(subscriptions).where(scoped(subscriptions, eq(subscriptions.userId, actor.user.id), isNotNull(subscriptions.stripeCustomerId))).orderBy(desc(subscriptions.createdAt)).limit(1),
    db.select({ customer: transactions.stripeCustomerId }).from(transactions).where(scoped(transactions, eq(transactions.userId, actor.user.id), isNotNull(transactions.stripeCustomerId))).orderBy(desc(transactions.createdAt)).limit(1),
    db.select({ stripeAccountId: stripeAccounts.stripeAccountId }).from(stripeAccounts).where(scoped(stripeAccounts)).limit(1),
  ]);
  const customer = subCustomer[0]?.customer ?? txCustomer[0]?.customer;
  if (!customer) throw new Conflict('You have no subscriptions or purchases to manage.');
  const stripeAccount = account[0]?.stripeAccountId;
  if (!stripeAccount) throw new Conflict('This school is not taking payments through Stripe right now, so there is no billing page to open.');
  const stripe = requireStripe(ctx.env);
  const idempotencyKey = `portal-${actor.user.id}-${ctx.now.getTime()}`;
  const open = (configuration?: string) =>
    stripe.billingPortal.sessions.create(
      { customer, return_url: `${ctx.origin}/account/purchases`, ...(configuration ? { configuration } : {}) },
      // The retry names a configuration, so it is another request: another key.
      { stripeAccount, idempotencyKey: configuration ? `${idempotencyKey}-${configuration}` : idempotencyKey },
    );
  const session = await callStripe('open your billing page', async () => {
    try {
      return await open();
    } catch (err) {
      if (!isMissingPortalConfiguration(err)) throw err;
      return open(await portalConfiguration(stripe, stripeAccount, ctx.school.name));
    }
  });
  return { url: session.url };
}

/**
 * Stripe's refusal when the account has no default portal configuration — what an Express
 * account the platform created starts with (nobody saved its portal settings in the Dashboard).
 */
function isMissingPortalConfiguration(err: unknown): boolean {
  if (!(err instanceof Stripe.errors.StripeError)) return false;
  const invalidRequest = err.rawType === 'invalid_request_error' || err.type === 'StripeInvalidRequestError';
  return invalidRequest && /configuration/i.test(err.message);
}

/**
 * A portal configuration on the connected account: an active one already there (so a
 * configuration made by an earlier request, even past the idempotency key's 24 hours, is
 * reused), else one created with what learners need — invoices, card, cancel at period end.
 */
async function portalConfiguration(stripe: Stripe, stripeAccount: string, schoolName: string): Promise<string> {
  const existing = await stripe.billingPortal.configurations.list({ active: true, limit: 1 }, { stripeAccount });
  const found = existing.data[0];
  if (found) return found.id;
  const created = await stripe.billingPortal.configurations.create(
    {
      features: { invoice_history: { enabled: true }, payment_method_update: { enabled: true }, subscription_cancel: { enabled: true, mode: 'at_period_end' } },
      business_profile: { headline: schoolName },
    },
    { stripeAccount, idempotencyKey: `portal-config-${stripeAccount}` },
  );
  return created.id;
}
