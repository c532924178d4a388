import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, flag, id, instant, schoolId } from '../../platform/db/columns.ts';

// ---- school database: what a school sells and what was paid ---------------------------

/**
 * The school's connected Stripe account (Stripe Connect). One per school. Flags mirror the
 * account as Stripe last reported it (`account.updated`, or a re-read when the owner returns
 * from onboarding); `lastEventCreated` keeps an older event from undoing a newer one.
 */
export const stripeAccounts = sqliteTable(
  'stripe_accounts',
  {
    id: id(),
    schoolId: schoolId(),
    stripeAccountId: text('stripe_account_id').notNull(),
    chargesEnabled: flag('charges_enabled').notNull().default(false),
    payoutsEnabled: flag('payouts_enabled').notNull().default(false),
    detailsSubmitted: flag('details_submitted').notNull().default(false),
    /** Unix seconds of the newest Stripe event applied to this row. */
    lastEventCreated: integer('last_event_created').notNull().default(0),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [uniqueIndex('stripe_accounts_school_idx').on(t.schoolId), uniqueIndex('stripe_accounts_account_idx').on(t.stripeAccountId)],
);

export const OFFER_TYPES = ['one_time', 'subscription', 'bundle'] as const;
export const OFFER_STATUSES = ['draft', 'active', 'archived'] as const;
export const ACCESS_SCOPES = ['courses', 'all_courses', 'downloads'] as const;
export const BILLING_INTERVALS = ['month', 'year'] as const;
export type OfferType = (typeof OFFER_TYPES)[number];
export type AccessScope = (typeof ACCESS_SCOPES)[number];

/**
 * Something a school sells. `accessScope` says what buying it grants: the listed courses
 * (OfferCourse rows), every course, or the school's downloads. A bundle is a one-time offer
 * over several courses. The Stripe product/price are created lazily on the connected account
 * and replaced (never edited: Stripe prices are immutable) when an approved change moves the price.
 */
export const offers = sqliteTable(
  'offers',
  {
    id: id(),
    schoolId: schoolId(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    offerType: text('offer_type', { enum: OFFER_TYPES }).notNull(),
    priceCents: integer('price_cents').notNull(),
    currency: text('currency').notNull().default('usd'),
    /** Subscriptions only. */
    billingInterval: text('billing_interval', { enum: BILLING_INTERVALS }),
    accessScope: text('access_scope', { enum: ACCESS_SCOPES }).notNull().default('courses'),
    status: text('status', { enum: OFFER_STATUSES }).notNull().default('draft'),
    stripeProductId: text('stripe_product_id'),
    stripePriceId: text('stripe_price_id'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [index('offers_school_status_idx').on(t.schoolId, t.status)],
);

export const offerCourses = sqliteTable(
  'offer_courses',
  {
    schoolId: schoolId(),
    offerId: text('offer_id').notNull(),
    courseId: text('course_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.offerId, t.courseId] }), index('offer_courses_course_idx').on(t.schoolId, t.courseId)],
);

export const DISCOUNT_TYPES = ['percent', 'amount'] as const;

/**
 * A discount code. `usageLimit` null = unlimited. Redemptions are counted from
 * CouponRedemption rows (redeemed, or reserved by an open checkout until it expires), and a
 * new one is inserted only by a single conditional statement, so concurrent checkouts can
 * never exceed the limit. Applies to every offer unless CouponOffer rows narrow it.
 */
export const coupons = sqliteTable(
  'coupons',
  {
    id: id(),
    schoolId: schoolId(),
    /** Stored upper-case; matched case-insensitively. */
    code: text('code').notNull(),
    discountType: text('discount_type', { enum: DISCOUNT_TYPES }).notNull(),
    percentOff: integer('percent_off'),
    amountOffCents: integer('amount_off_cents'),
    currency: text('currency').notNull().default('usd'),
    usageLimit: integer('usage_limit'),
    expiresAt: instant('expires_at'),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    /** Created lazily on the connected account for subscription checkouts (`duration: once`). */
    stripeCouponId: text('stripe_coupon_id'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [uniqueIndex('coupons_school_code_idx').on(t.schoolId, t.code)],
);

export const couponOffers = sqliteTable(
  'coupon_offers',
  {
    schoolId: schoolId(),
    couponId: text('coupon_id').notNull(),
    offerId: text('offer_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.couponId, t.offerId] })],
);

export const REDEMPTION_STATUSES = ['reserved', 'redeemed', 'released'] as const;

/**
 * One use of a coupon. A Stripe checkout reserves it until the session expires (plus a
 * grace period, so a payment made in the last seconds still finds it); the
 * completed checkout turns it into `redeemed`; an expired session releases it. A free
 * (100 %) checkout redeems at once.
 */
export const couponRedemptions = sqliteTable(
  'coupon_redemptions',
  {
    id: id(),
    schoolId: schoolId(),
    couponId: text('coupon_id').notNull(),
    userId: text('user_id').notNull(),
    offerId: text('offer_id').notNull(),
    status: text('status', { enum: REDEMPTION_STATUSES }).notNull(),
    reservedUntil: instant('reserved_until'),
    stripeCheckoutSessionId: text('stripe_checkout_session_id'),
    discountCents: integer('discount_cents').notNull().default(0),
    createdAt: createdAt(),
    redeemedAt: instant('redeemed_at'),
  },
  (t) => [index('coupon_redemptions_coupon_idx').on(t.schoolId, t.couponId, t.status), index('coupon_redemptions_session_idx').on(t.schoolId, t.stripeCheckoutSessionId)],
);

/**
 * A checkout the school started for a learner, so the success page can tell "still
 * waiting for Stripe" from "not yours", and so completion can find its coupon.
 */
export const checkoutSessions = sqliteTable(
  'checkout_sessions',
  {
    id: id(),
    schoolId: schoolId(),
    stripeSessionId: text('stripe_session_id').notNull(),
    userId: text('user_id').notNull(),
    offerId: text('offer_id').notNull(),
    couponRedemptionId: text('coupon_redemption_id'),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['open', 'complete', 'expired'] }).notNull().default('open'),
    expiresAt: instant('expires_at').notNull(),
    createdAt: createdAt(),
    completedAt: instant('completed_at'),
  },
  (t) => [uniqueIndex('checkout_sessions_stripe_idx').on(t.schoolId, t.stripeSessionId), index('checkout_sessions_user_idx').on(t.schoolId, t.userId)],
);

export const TRANSACTION_KINDS = ['purchase', 'subscription_invoice', 'free'] as const;
export const TRANSACTION_STATUSES = ['paid', 'partially_refunded', 'refunded', 'failed'] as const;

/**
 * Money that moved (or a free grant, for the record). Keyed by the Stripe object it came
 * from, so a redelivered event finds its row instead of adding one. A refund can arrive
 * before the checkout it refunds (Stripe does not promise order): the row is then created
 * from the charge with what it knows, and completion fills in the rest without re-granting.
 */
export const transactions = sqliteTable(
  'transactions',
  {
    id: id(),
    schoolId: schoolId(),
    userId: text('user_id'),
    offerId: text('offer_id'),
    kind: text('kind', { enum: TRANSACTION_KINDS }).notNull(),
    status: text('status', { enum: TRANSACTION_STATUSES }).notNull(),
    amountCents: integer('amount_cents').notNull(),
    discountCents: integer('discount_cents').notNull().default(0),
    refundedCents: integer('refunded_cents').notNull().default(0),
    currency: text('currency').notNull(),
    couponId: text('coupon_id'),
    stripeCheckoutSessionId: text('stripe_checkout_session_id'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    stripeInvoiceId: text('stripe_invoice_id'),
    stripeChargeId: text('stripe_charge_id'),
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    receiptUrl: text('receipt_url'),
    /** Set while a staff refund is on its way to Stripe, cleared by `charge.refunded`. */
    refundRequestedCents: integer('refund_requested_cents'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    uniqueIndex('transactions_checkout_idx').on(t.schoolId, t.stripeCheckoutSessionId),
    uniqueIndex('transactions_payment_intent_idx').on(t.schoolId, t.stripePaymentIntentId),
    uniqueIndex('transactions_invoice_idx').on(t.schoolId, t.stripeInvoiceId),
    index('transactions_user_idx').on(t.schoolId, t.userId),
    index('transactions_created_idx').on(t.schoolId, t.createdAt),
  ],
);

export const SUBSCRIPTION_STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * A learner's subscription as Stripe last reported it. `lastEventCreated` orders updates:
 * an event older than the one already applied changes nothing (deletion is final).
 */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: id(),
    schoolId: schoolId(),
    stripeSubscriptionId: text('stripe_subscription_id').notNull(),
    stripeCustomerId: text('stripe_customer_id'),
    userId: text('user_id').notNull(),
    offerId: text('offer_id').notNull(),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull(),
    currentPeriodEnd: instant('current_period_end'),
    cancelAtPeriodEnd: flag('cancel_at_period_end').notNull().default(false),
    endedAt: instant('ended_at'),
    lastEventCreated: integer('last_event_created').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [uniqueIndex('subscriptions_stripe_idx').on(t.schoolId, t.stripeSubscriptionId), index('subscriptions_user_idx').on(t.schoolId, t.userId)],
);

export const PRICING_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;

/** A proposed price change; only the owner decides, and approval moves the offer's price. */
export const pricingChangeRequests = sqliteTable(
  'pricing_change_requests',
  {
    id: id(),
    schoolId: schoolId(),
    offerId: text('offer_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    currentPriceCents: integer('current_price_cents').notNull(),
    proposedPriceCents: integer('proposed_price_cents').notNull(),
    reason: text('reason').notNull().default(''),
    status: text('status', { enum: PRICING_REQUEST_STATUSES }).notNull().default('pending'),
    decidedBy: text('decided_by'),
    decidedAt: instant('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
  },
  (t) => [index('pricing_change_requests_offer_idx').on(t.schoolId, t.offerId, t.status)],
);

/**
 * Stripe events already applied to this school. Inserted in the same batch as the event's
 * effect: the batch either lands whole (and a redelivery finds the row and stops) or not at all.
 */
export const stripeWebhookEvents = sqliteTable(
  'stripe_webhook_events',
  {
    eventId: text('event_id').primaryKey(),
    schoolId: schoolId(),
    type: text('type').notNull(),
    /** Unix seconds, as Stripe stamped the event. */
    eventCreated: integer('event_created').notNull(),
    processedAt: instant('processed_at').notNull(),
  },
  (t) => [index('stripe_webhook_events_school_idx').on(t.schoolId, t.processedAt)],
);

// ---- platform database: routing and the webhook inbox -------------------------------------

/** Which school a connected Stripe account belongs to: how the consumer routes an event. */
export const stripeAccountRoutes = sqliteTable('stripe_account_routes', {
  stripeAccountId: text('stripe_account_id').primaryKey(),
  schoolId: text('school_id').notNull(),
  createdAt: createdAt(),
});

export const INBOX_STATUSES = ['received', 'processed', 'ignored', 'dead'] as const;

/**
 * Every verified Stripe event, keyed by event id, stored before the webhook answers 2xx.
 * The queue carries only the id; the consumer reads the payload from here. `dead` rows
 * are what the dead-letter consumer gave up on; the replay command puts them back to
 * `received` and the scheduled sweep re-enqueues them.
 */
export const stripeWebhookInbox = sqliteTable(
  'stripe_webhook_inbox',
  {
    eventId: text('event_id').primaryKey(),
    type: text('type').notNull(),
    /** Connected account the event happened on (`event.account`), if any. */
    account: text('account'),
    schoolId: text('school_id'),
    payload: text('payload', { mode: 'json' }).notNull(),
    eventCreated: integer('event_created').notNull(),
    status: text('status', { enum: INBOX_STATUSES }).notNull().default('received'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: instant('received_at').notNull(),
    enqueuedAt: instant('enqueued_at'),
    processedAt: instant('processed_at'),
    replayRequestedAt: instant('replay_requested_at'),
  },
  (t) => [index('stripe_webhook_inbox_status_idx').on(t.status, t.receivedAt)],
);
