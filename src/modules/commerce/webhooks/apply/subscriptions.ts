import { eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import { entitlementRowsFor } from '../../checkout/grant.ts';
import { SUBSCRIPTION_STATUSES, subscriptions, type SubscriptionStatus } from '../../schema.ts';
import {
  type Applied,
  type ApplyContext,
  asObject,
  type Effect,
  ENDING_STATUSES,
  FINAL_STATUSES,
  fromUnix,
  grantStatements,
  idOf,
  metadataOf,
  num,
  offerGrant,
  PAID_STATUSES,
  str,
  syncSubscriptionEntitlements,
} from './shared.ts';

/**
 * Subscription rows and their entitlements. Whichever event about a subscription arrives
 * first (the checkout, a subscription event, an invoice) creates the row from the metadata
 * Lectern put on it at checkout — `active`, lastEventCreated 0, paid-through unknown — together
 * with its entitlements (closed: endsAt = now until a payment is known). Every event then moves
 * the row with a guarded UPDATE and re-derives the entitlements' endsAt from the row in SQL
 * (syncSubscriptionEntitlements), so the outcome does not depend on the order events arrive in:
 *  - status (and endedAt) come from the newest subscription event (`created` ≥ lastEventCreated);
 *    invoice.payment_failed only turns an `active`/`trialing` row `past_due` (never reopens an
 *    ending status) and does not take part in the ordering (lastEventCreated is untouched);
 *  - access is "paid through": `current_period_end` is the furthest period end reported by a
 *    PAID invoice (`invoice.paid`), an `active`/`trialing` subscription event (even one too old
 *    to change the status), or a paid checkout (`created + 1 day`, until a real period end is
 *    known); it only moves forward. `past_due` / `unpaid` / … events never move it;
 *  - `active` / `trialing` / `past_due` → access until the paid-through date (none known → none);
 *    `incomplete`, `incomplete_expired`, `unpaid`, `paused`, `canceled` → access ends at endedAt;
 *  - `canceled` / `incomplete_expired` (deletion) are final: nothing moves the row afterwards.
 */

export type KnownSubscription = { id: string; userId: string; offerId: string };

/** The row for a Stripe subscription, creating it (plus its entitlements) when absent and the metadata allows. */
export async function ensureSubscription(
  ctx: ApplyContext,
  input: { stripeSubscriptionId: string; metadata: Record<string, string>; customerId: string | null; startsAt: Date },
): Promise<{ subscription: KnownSubscription; effects: Effect[] } | null> {
  const { schoolDb } = ctx;
  const [existing] = await schoolDb.db
    .select({ id: subscriptions.id, userId: subscriptions.userId, offerId: subscriptions.offerId })
    .from(subscriptions)
    .where(schoolDb.scoped(subscriptions, eq(subscriptions.stripeSubscriptionId, input.stripeSubscriptionId)))
    .limit(1);
  if (existing) return { subscription: existing, effects: [] };
  const { offerId, userId } = input.metadata;
  if (!offerId || !userId) return null;
  const offer = await offerGrant(schoolDb, offerId);
  const id = crypto.randomUUID();
  // A plain insert: if another event creates the row at the same moment, the unique index on
  // the Stripe id fails this batch and the retry finds the row (no second set of entitlements).
  const effects: Effect[] = [
    schoolDb.db.insert(subscriptions).values(
      schoolDb.withSchool({ id, stripeSubscriptionId: input.stripeSubscriptionId, stripeCustomerId: input.customerId, userId, offerId, status: 'active' as const, lastEventCreated: 0, createdAt: ctx.now, updatedAt: ctx.now }),
    ),
  ];
  // Closed until the batch's syncSubscriptionEntitlements says how far the subscription is paid.
  const rows = entitlementRowsFor(schoolDb, { accessScope: offer.accessScope, courseIds: offer.courseIds, userId, source: 'subscription', sourceRef: id, startsAt: input.startsAt, endsAt: ctx.now });
  effects.push(...grantStatements(schoolDb, rows, ctx.now));
  return { subscription: { id, userId, offerId }, effects };
}


/** The period end a subscription object reports (items[0] in current API versions). */
export function subscriptionPeriodEnd(sub: Record<string, unknown>): number | null {
  const item = asObject((asObject(sub.items)?.data as unknown[] | undefined)?.[0]);
  return num(item?.current_period_end) ?? num(sub.current_period_end);
}

/** customer.subscription.created / updated / deleted */
export async function applySubscriptionChange(ctx: ApplyContext): Promise<Applied> {
  const { schoolDb, event } = ctx;
  const sub = event.data.object;
  const stripeSubscriptionId = str(sub.id);
  if (!stripeSubscriptionId) return { effects: [], note: 'subscription event without a subscription id' };
  const deleted = event.type === 'customer.subscription.deleted';
  const reported = str(sub.status);
  const status: SubscriptionStatus | null = deleted ? 'canceled' : reported && (SUBSCRIPTION_STATUSES as readonly string[]).includes(reported) ? (reported as SubscriptionStatus) : null;
  if (!status) return { effects: [], note: `unknown subscription status ${String(reported)}` };

  const startsAt = fromUnix(num(sub.start_date) ?? event.created);
  const ensured = await ensureSubscription(ctx, { stripeSubscriptionId, metadata: metadataOf(sub), customerId: idOf(sub.customer), startsAt });
  if (!ensured) return { effects: [], note: `subscription ${stripeSubscriptionId} is unknown here and carries no Lectern metadata` };
  const id = ensured.subscription.id;

  const periodEnd = subscriptionPeriodEnd(sub);
  const ending = (ENDING_STATUSES as readonly string[]).includes(status);
  const endedAt = ending ? fromUnix(num(sub.ended_at) ?? num(sub.canceled_at) ?? event.created) : null;
  const change = schoolDb.db
    .update(subscriptions)
    .set({
      status,
      endedAt,
      cancelAtPeriodEnd: sub.cancel_at_period_end === true,
      lastEventCreated: sql`max(${subscriptions.lastEventCreated}, ${event.created})`,
      stripeCustomerId: sql`coalesce(${subscriptions.stripeCustomerId}, ${idOf(sub.customer)})`,
      updatedAt: ctx.now,
    })
    .where(
      schoolDb.scoped(
        subscriptions,
        eq(subscriptions.id, id),
        notInArray(subscriptions.status, [...FINAL_STATUSES]),
        // Deletion is final and wins whatever its timestamp; anything else only if not older.
        deleted ? undefined : lte(subscriptions.lastEventCreated, event.created),
      ),
    );
  // Only an active/trialing report says the period is paid for (a past_due one has already moved
  // its period past the unpaid invoice). Folded in whatever the status guard decides: the
  // paid-through date only moves forward, and an event too old for its status still knows it.
  const paid = !deleted && (PAID_STATUSES as readonly string[]).includes(status);
  const period = paid && periodEnd !== null ? [extendPeriod(ctx, id, periodEnd)] : [];
  return { effects: [...ensured.effects, ...period, change, syncSubscriptionEntitlements(schoolDb, id, ctx.now)] };
}

/** Statement: the paid-through date moves forward to `periodEnd` (never back), unless the subscription ended for good. */
export function extendPeriod(ctx: ApplyContext, subscriptionId: string, periodEndSeconds: number) {
  const { schoolDb } = ctx;
  return schoolDb.db
    .update(subscriptions)
    .set({ currentPeriodEnd: sql`max(coalesce(${subscriptions.currentPeriodEnd}, 0), ${periodEndSeconds * 1000})`, updatedAt: ctx.now })
    .where(schoolDb.scoped(subscriptions, eq(subscriptions.id, subscriptionId), notInArray(subscriptions.status, [...FINAL_STATUSES])));
}

/**
 * Statement: `past_due`, but only over `active` / `trialing` (a failure never reopens `unpaid`,
 * `incomplete`, `paused`… nor touches endedAt) and only if no newer subscription event set the
 * status. It leaves lastEventCreated alone: an older subscription event that arrives later (an
 * `unpaid`, say) still applies, as it would have had the events come in order. Access does not
 * depend on it — `past_due` keeps access only up to the paid-through date, like `active`.
 */
export function markPastDue(ctx: ApplyContext, subscriptionId: string) {
  const { schoolDb, event } = ctx;
  return schoolDb.db
    .update(subscriptions)
    .set({ status: 'past_due', updatedAt: ctx.now })
    .where(schoolDb.scoped(subscriptions, eq(subscriptions.id, subscriptionId), inArray(subscriptions.status, [...PAID_STATUSES]), sql`${subscriptions.lastEventCreated} < ${event.created}`));
}
