import { platformDbFor } from '../../platform/db/platform-db.ts';
import type { Env } from '../../platform/env.ts';
import { deadLetters } from './schema.ts';

/**
 * One queue handler for every queue this Worker consumes, routed by queue name. The
 * domain-event and Stripe consumers are registered by the modules that own those events
 * (identity mail, commerce) in the table below; until then their messages are retried and
 * end in their dead-letter queue, whose consumer records them.
 */
export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;

/** Queue name → consumer. Modules add their entry here when they start consuming. */
const consumers: Record<string, QueueConsumer> = {};

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

/** Dead-letter consumer: store each message once (idempotent on message id), then ack. */
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
    await db.insert(deadLetters).values(rows).onConflictDoNothing({ target: deadLetters.messageId });
    console.error(`[queue] ${rows.length} message(s) dead-lettered from ${batch.queue}`);
  }
  batch.ackAll();
}
