import { platformDbFor } from '../../platform/db/platform-db.ts';
import type { Env } from '../../platform/env.ts';
import { deadMailIds, MAIL_DELIVER, mailDeliverHandler, markMailFailed } from '../mail/delivery.ts';
import { consumeStripeWebhooks } from '../commerce/webhooks/consumer.ts';
import { deadStripeEventIds, markInboxDead, STRIPE_WEBHOOKS_DLQ } from '../commerce/webhooks/inbox.ts';
import { streamVideoEventHandler } from '../media/stream/consumer.ts';
import { STREAM_VIDEO_EVENT } from '../media/stream/webhook.ts';
import { deadLetters } from './schema.ts';

/**
 * One queue handler for every queue this Worker consumes, routed by queue name. A queue
 * without a registered consumer has its messages retried until they end in its
 * dead-letter queue, whose consumer records them.
 */
export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;

/**
 * A domain-event handler: idempotent (a redelivered message must do no harm), throws when
 * the work did not happen so the message is retried.
 */
export type EventHandler = (body: unknown, env: Env) => Promise<void>;

/** Event `type` → handler, for messages on `lectern-events`. Modules add their entry here. */
const eventHandlers: Record<string, EventHandler> = {
  [MAIL_DELIVER]: mailDeliverHandler(),
  [STREAM_VIDEO_EVENT]: streamVideoEventHandler(),
};

/** Queue name → consumer. Modules add their entry here when they start consuming. */
const consumers: Record<string, QueueConsumer> = {
  'lectern-events': (batch, env) => consumeEvents(batch, env),
  'lectern-stripe-webhooks': (batch, env) => consumeStripeWebhooks(batch, env),
};

export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  if (batch.queue.endsWith('-dlq')) return recordDeadLetters(batch, env);
  const consumer = consumers[batch.queue];
  if (!consumer) {
    console.error(`[queue] no consumer registered for ${batch.queue}; ${batch.messages.length} message(s) will be retried`);
    batch.retryAll();
    return;
  }
  await consumer(batch, env);
}

/** Retry delay after the `attempts`-th failed delivery: 30 s, 1, 2, 4, 8 minutes, at most 15. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(30 * 2 ** Math.max(attempts - 1, 0), 15 * 60);
}

/**
 * Routes each event to its handler by `type` and acks or retries each message on its own,
 * so one failing message does not hold back the rest. An unknown type is retried too: it
 * ends in the dead-letter queue and is recorded there rather than dropped.
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env, handlers: Record<string, EventHandler> = eventHandlers): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const type = (message.body as { type?: unknown } | null)?.type;
      const handler = typeof type === 'string' && Object.hasOwn(handlers, type) ? handlers[type] : undefined;
      if (!handler) {
        console.error(`[queue] ${batch.queue}: no handler for event type ${JSON.stringify(type)} (message ${message.id})`);
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
        return;
      }
      try {
        await handler(message.body, env);
        message.ack();
      } catch (err) {
        console.error(`[queue] ${batch.queue}: ${String(type)} failed (message ${message.id}, attempt ${message.attempts})`, err);
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }),
  );
}

/**
 * Dead-letter consumer: store each message once (idempotent on message id), mark mail the
 * queue gave up on as `failed` and Stripe events as `dead` in their inbox, in the same
 * batch, then ack.
 */
export async function recordDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = platformDbFor(env.PLATFORM_DB);
  const rows = batch.messages.map((message) => ({
    queue: batch.queue,
    messageId: message.id,
    body: message.body as unknown,
    attempts: message.attempts,
    receivedAt: new Date(),
  }));
  if (rows.length > 0) {
    const record = db.insert(deadLetters).values(rows).onConflictDoNothing({ target: deadLetters.messageId });
    const deadMail = deadMailIds(rows.map((row) => row.body));
    const deadEvents = batch.queue === STRIPE_WEBHOOKS_DLQ ? deadStripeEventIds(rows.map((row) => row.body)) : [];
    const marks = [...(deadMail.length > 0 ? [markMailFailed(db, deadMail)] : []), ...(deadEvents.length > 0 ? [markInboxDead(db, deadEvents)] : [])];
    if (marks.length > 0) await db.batch([record, ...marks]);
    else await record;
    console.error(`[queue] ${rows.length} message(s) dead-lettered from ${batch.queue}`);
  }
  batch.ackAll();
}
