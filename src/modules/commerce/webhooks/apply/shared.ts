import { eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SchoolDb } from '../../../../platform/db/school-db.ts';
import { entitlements } from '../../../courses/schema.ts';
import { type entitlementRowsFor, offerCourseIds } from '../../checkout/grant.ts';
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

/**
 * Subscription statuses that end access at once (endsAt = endedAt): no paid period to honour
 * (`incomplete`: the first payment never went through; `paused`: a trial ended without a
 * payment method) or the subscription stopped being paid / ended.
 */
export const ENDING_STATUSES = ['canceled', 'unpaid', 'incomplete_expired', 'incomplete', 'paused'] as const;
/** Statuses nothing moves a subscription out of (Stripe never reactivates these). */
export const FINAL_STATUSES = ['canceled', 'incomplete_expired'] as const;
/** Statuses whose subscription event reports a paid period (its period end counts as "paid through"). */
export const PAID_STATUSES = ['active', 'trialing'] as const;
const ENDING_SQL = `(${ENDING_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/**
 * Statement that sets every entitlement a subscription granted to end where the row says,
 * computed in SQL from the row as it is when the batch runs (so an effect planned on a stale
 * read still ends up consistent): an ending status → its endedAt; otherwise the paid-through
 * date (`current_period_end`). Never open-ended: no known paid-through date (or no row) → `now`,
 * i.e. no access until a payment is known.
 */
export function syncSubscriptionEntitlements(schoolDb: SchoolDb, subscriptionId: string, now: Date) {
  const nowMs = now.getTime();
  return schoolDb.db
    .update(entitlements)
    .set({
      endsAt: sql`coalesce((select case when "s"."status" in ${sql.raw(ENDING_SQL)} then coalesce("s"."ended_at", ${nowMs}) else coalesce("s"."current_period_end", ${nowMs}) end from "subscriptions" "s" where "s"."school_id" = ${schoolDb.schoolId} and "s"."id" = ${subscriptionId}), ${nowMs})`,
    })
    .where(schoolDb.scoped(entitlements, eq(entitlements.source, 'subscription'), eq(entitlements.sourceRef, subscriptionId)));
}

type EntitlementRow = ReturnType<typeof entitlementRowsFor>[number];

/**
 * Statements granting `rows`: ONE statement per row (D1 refuses a statement with more than
 * 100 bound parameters, and a multi-row insert binds ~11 per row), each inserting its row only
 * if the same source has not already granted the same thing — so a second event granting the
 * same purchase (a paid completion and an async_payment_succeeded, say) adds nothing, even
 * when the two batches race (each batch is atomic).
 */
export function grantStatements(schoolDb: SchoolDb, rows: EntitlementRow[], createdAt: Date): Effect[] {
  const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);
  return rows.map((row) =>
    schoolDb.db.insert(entitlements).select(
      sql`select ${row.id}, ${schoolDb.schoolId}, ${row.userId}, ${row.type}, ${row.courseId}, ${row.source}, ${row.sourceRef}, ${ms(row.startsAt)}, ${ms(row.endsAt)}, ${null}, ${createdAt.getTime()} where not exists (select 1 from "entitlements" "e" where "e"."school_id" = ${schoolDb.schoolId} and "e"."source" = ${row.source} and "e"."source_ref" = ${row.sourceRef} and "e"."type" = ${row.type} and "e"."course_id" is ${row.courseId})`,
    ),
  );
}

/** D1 refuses a statement that binds more than this many parameters (local SQLite does not). */
export const D1_MAX_BOUND_PARAMETERS = 100;
