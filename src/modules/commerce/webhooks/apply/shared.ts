import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SchoolDb } from '../../../../platform/db/school-db.ts';
import { entitlements } from '../../../courses/schema.ts';
import { offerCourseIds } from '../../checkout/grant.ts';
import { offers, type AccessScope } from '../../schema.ts';
import type { StripeEventEnvelope } from '../inbox.ts';

/** One statement of an event's effect; all of them go into one `db.batch` with the processed-log row. */
export type Effect = BatchItem<'sqlite'>;

export type ApplyContext = { schoolDb: SchoolDb; event: StripeEventEnvelope; now: Date };
/** What applying an event would change (nothing, for events Lectern does not act on), and why, for the log. */
export type Applied = { effects: Effect[]; note?: string };
export type Applier = (ctx: ApplyContext) => Promise<Applied>;

type Obj = Record<string, unknown>;

export const asObject = (value: unknown): Obj | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null);
export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
/** An id field that Stripe may send as the id or, expanded, as the object. */
export const idOf = (value: unknown): string | null => str(value) ?? str(asObject(value)?.id);
export const fromUnix = (seconds: number): Date => new Date(seconds * 1000);

/** String metadata of an event's object; an invoice carries its subscription's under `parent.subscription_details`. */
export function metadataOf(object: Obj): Record<string, string> {
  const own = asObject(object.metadata) ?? {};
  const fromSubscription = asObject(asObject(asObject(object.parent)?.subscription_details)?.metadata) ?? {};
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromSubscription, ...own })) if (typeof value === 'string' && value !== '') merged[key] = value;
  return merged;
}

export type OfferGrant = { id: string; accessScope: AccessScope; courseIds: string[] };

/** The offer an event names, with what it grants. Missing → an error (retried, then dead-lettered for a person to look at). */
export async function offerGrant(schoolDb: SchoolDb, offerId: string): Promise<OfferGrant> {
  const [offer] = await schoolDb.db.select({ id: offers.id, accessScope: offers.accessScope }).from(offers).where(schoolDb.scoped(offers, eq(offers.id, offerId))).limit(1);
  if (!offer) throw new Error(`offer ${offerId} does not exist in school ${schoolDb.schoolId}`);
  return { ...offer, courseIds: offer.accessScope === 'courses' ? await offerCourseIds(schoolDb, offerId) : [] };
}

/** Subscription statuses that end access at once (endsAt = endedAt). */
export const ENDING_STATUSES = ['canceled', 'unpaid', 'incomplete_expired'] as const;
/** Statuses nothing moves a subscription out of (Stripe never reactivates these). */
export const FINAL_STATUSES = ['canceled', 'incomplete_expired'] as const;
const ENDING_SQL = `(${ENDING_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * Statement that sets every entitlement a subscription granted to end where the row says,
 * computed in SQL from the row as it is when the batch runs (so an effect planned on a stale
 * read still ends up consistent): ended → its endedAt; otherwise its current period end
 * (null = not known yet = open).
 */
export function syncSubscriptionEntitlements(schoolDb: SchoolDb, subscriptionId: string) {
  return schoolDb.db
    .update(entitlements)
    .set({
      endsAt: sql`(select case when "s"."status" in ${sql.raw(ENDING_SQL)} then "s"."ended_at" else "s"."current_period_end" end from "subscriptions" "s" where "s"."id" = ${subscriptionId})`,
    })
    .where(schoolDb.scoped(entitlements, eq(entitlements.source, 'subscription'), eq(entitlements.sourceRef, subscriptionId)));
}
