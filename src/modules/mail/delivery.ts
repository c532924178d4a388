import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type PlatformDb, platformDbFor } from '../../platform/db/platform-db.ts';
import type { Env } from '../../platform/env.ts';
import { Conflict } from '../../platform/errors.ts';
import { type Mailer, mailerFor } from './mailer.ts';
import { mailOutbox } from './schema.ts';

/** The events-queue message that asks for one outbox row to be delivered. */
export const MAIL_DELIVER = 'mail.deliver';
export const MailDeliverMessage = z.object({ type: z.literal(MAIL_DELIVER), mailId: z.string().min(1).max(100) });
export type MailDeliverMessage = z.infer<typeof MailDeliverMessage>;

/** Mail still pending this long after it was written is re-enqueued by the cron sweep. */
export const SWEEP_AFTER_MS = 2 * 60 * 1000;
const SWEEP_BATCH = 100; // Queue.sendBatch takes at most 100 messages

/**
 * Call after the batch that wrote the outbox row has succeeded. A failed send is logged and
 * not thrown: the row is safely stored, and the cron sweep enqueues it within minutes.
 */
export async function enqueueMailDelivery(env: Pick<Env, 'EVENTS'>, mailId: string): Promise<boolean> {
  try {
    await env.EVENTS.send({ type: MAIL_DELIVER, mailId } satisfies MailDeliverMessage);
    return true;
  } catch (err) {
    console.error(`[mail] could not enqueue ${mailId}; the cron sweep will deliver it`, err);
    return false;
  }
}

type DeliveryCtx = {
  platformDb: PlatformDb;
  mailer: Mailer;
  now: Date;
  /** Keep bodies after sending (the dev mailbox shows them); elsewhere they are redacted. */
  keepSentBodies?: boolean;
};

/**
 * Sends one outbox row and marks it sent. Idempotent: a row that is already sent (or given
 * up on) is left alone, so a redelivered or duplicated message never mails twice. Throws
 * when the mail could not be sent, after recording why; the queue then retries it.
 */
export async function deliverMail({ ctx, input }: { ctx: DeliveryCtx; input: { mailId: string } }): Promise<'sent' | 'skipped'> {
  const { platformDb } = ctx;
  const [mail] = await platformDb.select().from(mailOutbox).where(eq(mailOutbox.id, input.mailId)).limit(1);
  if (!mail) {
    console.error(`[mail] ${input.mailId} is not in the outbox; nothing to deliver`);
    return 'skipped';
  }
  if (mail.status !== 'pending') return 'skipped';

  // Claim this attempt. The sweep may enqueue a mail whose first message is still on its
  // way; of two deliveries running at once only one claims, the other is retried later and
  // by then finds the mail sent.
  const claimed = await platformDb
    .update(mailOutbox)
    .set({ attempts: mail.attempts + 1 })
    .where(and(eq(mailOutbox.id, mail.id), eq(mailOutbox.status, 'pending'), eq(mailOutbox.attempts, mail.attempts)))
    .returning({ id: mailOutbox.id });
  if (claimed.length === 0) throw new Conflict(`Mail ${mail.id} is being delivered by another message.`);

  try {
    await ctx.mailer.send({ from: mail.fromAddress, to: mail.toAddress, subject: mail.subject, text: mail.textBody, html: mail.htmlBody });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await platformDb.update(mailOutbox).set({ lastError: reason.slice(0, 1000) }).where(eq(mailOutbox.id, mail.id));
    throw err;
  }
  // Sign-in and invitation mails carry live tokens: once sent, the outbox must not keep them.
  const redact = ctx.keepSentBodies ? {} : { textBody: '(sent; body removed)', htmlBody: null };
  await platformDb.update(mailOutbox).set({ status: 'sent', sentAt: ctx.now, lastError: null, ...redact }).where(eq(mailOutbox.id, mail.id));
  return 'sent';
}

/** The events-queue handler for `mail.deliver`; tests pass a fake mailer. */
export function mailDeliverHandler(mailer?: Mailer) {
  return async (body: unknown, env: Env): Promise<void> => {
    const { mailId } = MailDeliverMessage.parse(body);
    await deliverMail({
      ctx: { platformDb: platformDbFor(env.PLATFORM_DB), mailer: mailer ?? mailerFor(env), now: new Date(), keepSentBodies: env.ENVIRONMENT === 'development' },
      input: { mailId },
    });
  };
}

/** The dead-letter queue gave up on these: mark them failed (unexecuted, for the DLQ's batch). */
export function markMailFailed(platformDb: PlatformDb, mailIds: string[]) {
  return platformDb
    .update(mailOutbox)
    .set({ status: 'failed', lastError: sql`coalesce(${mailOutbox.lastError}, 'gave up: the queue ran out of retries')` })
    .where(and(inArray(mailOutbox.id, mailIds), eq(mailOutbox.status, 'pending')));
}

/** The mail ids in dead-lettered `mail.deliver` messages. */
export function deadMailIds(bodies: unknown[]): string[] {
  return bodies.flatMap((body) => {
    const parsed = MailDeliverMessage.safeParse(body);
    return parsed.success ? [parsed.data.mailId] : [];
  });
}

/**
 * Cron: re-enqueue mail that was written but never attempted (its enqueue failed, or the
 * Worker stopped between the batch and the send). Mail with attempts already has a queue
 * message retrying it, which ends in `sent` or, via the dead-letter queue, `failed`.
 */
export async function sweepPendingMail(env: Pick<Env, 'PLATFORM_DB' | 'EVENTS'>, now: Date): Promise<number> {
  const platformDb = platformDbFor(env.PLATFORM_DB);
  const stale = await platformDb
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'pending'), eq(mailOutbox.attempts, 0), lt(mailOutbox.createdAt, new Date(now.getTime() - SWEEP_AFTER_MS))))
    .orderBy(mailOutbox.createdAt)
    .limit(SWEEP_BATCH);
  if (stale.length === 0) return 0;
  await env.EVENTS.sendBatch(stale.map(({ id }) => ({ body: { type: MAIL_DELIVER, mailId: id } satisfies MailDeliverMessage })));
  return stale.length;
}
