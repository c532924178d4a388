import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { platformDbFor, type PlatformDb } from '../../../platform/db/platform-db.ts';
import type { Env } from '../../../platform/env.ts';
import { stripeWebhookInbox } from '../schema.ts';

/** What travels on `lectern-stripe-webhooks`: only the id; the payload is read from the inbox. */
export const StripeWebhookMessage = z.object({ eventId: z.string().min(1).max(255) });
export type StripeWebhookMessage = z.infer<typeof StripeWebhookMessage>;

export const STRIPE_WEBHOOKS_QUEUE = 'lectern-stripe-webhooks';
export const STRIPE_WEBHOOKS_DLQ = 'lectern-stripe-webhooks-dlq';

/** The parts of a Stripe event the consumer reads (the whole event is kept in the inbox). */
export type StripeEventEnvelope = {
  id: string;
  type: string;
  created: number;
  account?: string | null;
  data: { object: Record<string, unknown> };
};

/** A row still `received` this long after it was enqueued, never attempted, is enqueued again. */
export const SWEEP_AFTER_ENQUEUE_MS = 10 * 60_000;
/** A row never enqueued (the webhook's send failed or the Worker stopped) is picked up after this. */
export const SWEEP_AFTER_RECEIVE_MS = 2 * 60_000;
export const SWEEP_BATCH = 100;

export async function markInbox(
  platformDb: PlatformDb,
  eventId: string,
  change: { status: 'processed' | 'ignored'; schoolId?: string | null; reason?: string | null; now: Date },
): Promise<void> {
  await platformDb
    .update(stripeWebhookInbox)
    .set({ status: change.status, processedAt: change.now, ...(change.schoolId ? { schoolId: change.schoolId } : {}), ...(change.reason ? { lastError: change.reason } : {}) })
    .where(eq(stripeWebhookInbox.eventId, eventId));
}

/** Counts a failed attempt and keeps its reason (best effort: the queue retries either way). */
export async function recordInboxFailure(platformDb: PlatformDb, eventId: string, error: unknown): Promise<void> {
  const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 2000);
  await platformDb
    .update(stripeWebhookInbox)
    .set({ attempts: sql`${stripeWebhookInbox.attempts} + 1`, lastError: message })
    .where(and(eq(stripeWebhookInbox.eventId, eventId), eq(stripeWebhookInbox.status, 'received')));
}

/** Event ids in dead-lettered `lectern-stripe-webhooks` messages. */
export function deadStripeEventIds(bodies: unknown[]): string[] {
  return bodies.flatMap((body) => {
    const parsed = StripeWebhookMessage.safeParse(body);
    return parsed.success ? [parsed.data.eventId] : [];
  });
}

/** Statement: the queue gave up on these events; only rows still waiting become `dead`. */
export function markInboxDead(platformDb: PlatformDb, eventIds: string[]) {
  return platformDb
    .update(stripeWebhookInbox)
    .set({ status: 'dead', lastError: sql`coalesce(${stripeWebhookInbox.lastError}, 'gave up: the queue ran out of retries')` })
    .where(and(inArray(stripeWebhookInbox.eventId, eventIds), eq(stripeWebhookInbox.status, 'received')));
}

/**
 * Cron: enqueue inbox rows that are `received` but have no queue message working on them:
 * never enqueued (the webhook's send failed), enqueued long ago and never attempted (a lost
 * message), or put back by `npm run stripe:replay`. Rows with attempts are being retried by
 * the queue (and end `processed` or, through the dead-letter queue, `dead`), so they are left
 * alone: re-enqueueing them would start a second retry chain. At most SWEEP_BATCH per run.
 */
export async function sweepStripeInbox(env: Pick<Env, 'PLATFORM_DB' | 'STRIPE_WEBHOOKS'>, now: Date): Promise<number> {
  const platformDb = platformDbFor(env.PLATFORM_DB);
  const due = await platformDb
    .select({ eventId: stripeWebhookInbox.eventId })
    .from(stripeWebhookInbox)
    .where(
      and(
        eq(stripeWebhookInbox.status, 'received'),
        or(
          isNotNull(stripeWebhookInbox.replayRequestedAt),
          and(
            eq(stripeWebhookInbox.attempts, 0),
            or(
              and(isNull(stripeWebhookInbox.enqueuedAt), lt(stripeWebhookInbox.receivedAt, new Date(now.getTime() - SWEEP_AFTER_RECEIVE_MS))),
              lt(stripeWebhookInbox.enqueuedAt, new Date(now.getTime() - SWEEP_AFTER_ENQUEUE_MS)),
            ),
          ),
        ),
      ),
    )
    .orderBy(stripeWebhookInbox.receivedAt)
    .limit(SWEEP_BATCH);
  if (due.length === 0) return 0;
  await env.STRIPE_WEBHOOKS.sendBatch(due.map(({ eventId }) => ({ body: { eventId } satisfies StripeWebhookMessage })));
  // D1 binds at most 100 parameters per statement: mark them in chunks.
  const ids = due.map((row) => row.eventId);
  const marks = [];
  for (let i = 0; i < ids.length; i += 50) {
    marks.push(platformDb.update(stripeWebhookInbox).set({ enqueuedAt: now, replayRequestedAt: null }).where(inArray(stripeWebhookInbox.eventId, ids.slice(i, i + 50))));
  }
  await platformDb.batch(marks as [(typeof marks)[number], ...(typeof marks)[number][]]);
  return due.length;
}
