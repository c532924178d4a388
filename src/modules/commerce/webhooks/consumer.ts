import { eq } from 'drizzle-orm';
import { platformDbFor } from '../../../platform/db/platform-db.ts';
import { schoolD1, schoolDbFor } from '../../../platform/db/school-db.ts';
import type { Env } from '../../../platform/env.ts';
import { retryDelaySeconds } from '../../jobs/queue.ts';
import { stripeWebhookEvents, stripeWebhookInbox } from '../schema.ts';
import { planStripeEvent } from './apply/index.ts';
import { markInbox, recordInboxFailure, type StripeEventEnvelope, StripeWebhookMessage } from './inbox.ts';
import { routeStripeEvent } from './route-event.ts';

/** Where a test can make the consumer fail as if the Worker died there. */
export type CrashPoint = 'before-batch' | 'after-batch';
export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

export type ProcessResult = { outcome: 'processed' | 'already-processed' | 'ignored' | 'missing'; note?: string };

/**
 * The consumer's core, for one inbox event: route it to its school, and unless the school's
 * stripe_webhook_events already has it, run its effect and the processed-log row in ONE
 * batch. A concurrent duplicate makes one of two batches fail on the log's primary key; that
 * one finds the row afterwards and counts as already applied. Then the inbox row is marked.
 * Throws when the work did not happen (the queue retries). `crashAt` is for tests.
 */
export async function processInboxEvent(env: Env, eventId: string, options: { crashAt?: CrashPoint; now?: Date } = {}): Promise<ProcessResult> {
  const now = options.now ?? new Date();
  const platformDb = platformDbFor(env.PLATFORM_DB);
  const [row] = await platformDb.select().from(stripeWebhookInbox).where(eq(stripeWebhookInbox.eventId, eventId)).limit(1);
  if (!row) {
    console.warn(`[stripe] queue message for event ${eventId}, which is not in the inbox; acknowledged`);
    return { outcome: 'missing' };
  }
  if (row.status === 'processed' || row.status === 'ignored') return { outcome: 'already-processed' };
  const event = row.payload as StripeEventEnvelope;

  const route = await routeStripeEvent(platformDb, event);
  if (route.kind === 'ignored') {
    console.warn(`[stripe] event ${eventId} (${event.type}) ignored: ${route.reason}`);
    await markInbox(platformDb, eventId, { status: 'ignored', reason: route.reason, now });
    return { outcome: 'ignored', note: route.reason };
  }
  const schoolDb = schoolDbFor(schoolD1(env, route.school), route.school.id);
  const applied = async () => (await schoolDb.db.select({ id: stripeWebhookEvents.eventId }).from(stripeWebhookEvents).where(schoolDb.scoped(stripeWebhookEvents, eq(stripeWebhookEvents.eventId, eventId))).limit(1)).length > 0;

  let outcome: ProcessResult['outcome'] = 'already-processed';
  let note: string | undefined;
  if (!(await applied())) {
    const plan = await planStripeEvent({ schoolDb, event, now });
    note = plan.note;
    if (options.crashAt === 'before-batch') throw new InjectedCrash(`crash before the batch of ${eventId}`);
    const record = schoolDb.db.insert(stripeWebhookEvents).values(schoolDb.withSchool({ eventId, type: event.type, eventCreated: event.created, processedAt: now }));
    try {
      // The log row first: a concurrent duplicate fails here, before any effect statement runs.
      await schoolDb.db.batch([record, ...plan.effects]);
      outcome = 'processed';
    } catch (error) {
      if (!(await applied())) throw error;
    }
    if (options.crashAt === 'after-batch') throw new InjectedCrash(`crash after the batch of ${eventId}`);
  }
  await markInbox(platformDb, eventId, { status: 'processed', schoolId: route.school.id, now });
  return { outcome, ...(note ? { note } : {}) };
}

/**
 * Queue consumer for `lectern-stripe-webhooks`. Messages are handled one after another (the
 * events of one subscription often arrive together, and running them side by side would only
 * turn into unique-index conflicts and retries). Each is acked or retried on its own; a
 * failure is counted on the inbox row. After max_retries (wrangler.toml) the message goes to
 * the dead-letter queue, whose consumer marks the inbox row `dead`.
 */
export async function consumeStripeWebhooks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const platformDb = platformDbFor(env.PLATFORM_DB);
  for (const message of batch.messages) {
    const parsed = StripeWebhookMessage.safeParse(message.body);
    if (!parsed.success) {
      console.error(`[stripe] ${batch.queue}: message ${message.id} is not { eventId }; retried until it is dead-lettered and recorded`);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      continue;
    }
    try {
      await processInboxEvent(env, parsed.data.eventId);
      message.ack();
    } catch (error) {
      console.error(`[stripe] event ${parsed.data.eventId} failed (message ${message.id}, attempt ${message.attempts})`, error);
      await recordInboxFailure(platformDb, parsed.data.eventId, error).catch((e: unknown) => console.error('[stripe] could not record the failure', e));
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}
