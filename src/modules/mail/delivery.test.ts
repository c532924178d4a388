import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../index.ts';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { consumeEvents } from '../jobs/queue.ts';
import { mailDeliverHandler, sweepPendingMail } from './delivery.ts';
import type { Mailer, MailMessage } from './mailer.ts';
import { outboxInsert } from './outbox.ts';
import { mailOutbox } from './schema.ts';

const platformDb = platformDbFor(env.PLATFORM_DB);

async function queueMail(createdAt = new Date()): Promise<string> {
  const to = `learner-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const [row] = await outboxInsert(platformDb, { schoolId: null, kind: 'test', to, from: 'no-reply@localhost', subject: 'Hello', text: 'Hi there' }, createdAt).returning({ id: mailOutbox.id });
  return row!.id;
}

const mailRow = (id: string) => env.PLATFORM_DB.prepare('SELECT status, attempts, last_error, sent_at FROM mail_outbox WHERE id = ?').bind(id).first();

function fakeMailer(fail?: string): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      if (fail) throw new Error(fail);
      sent.push(message);
    },
  };
}

/** Runs the events consumer on `bodies` as one batch (attempt `attempts`), with `mailer` behind mail.deliver. */
async function consume(bodies: unknown[], mailer: Mailer, attempts = 1) {
  const batch = createMessageBatch<unknown>(
    'lectern-events',
    bodies.map((body, i) => ({ id: `m-${crypto.randomUUID()}-${i}`, timestamp: new Date(), attempts, body })),
  );
  // getQueueResult does not report retry delays, so watch them on the messages themselves.
  const delays = batch.messages.map((message) => vi.spyOn(message, 'retry'));
  const ctx = createExecutionContext();
  await consumeEvents(batch, env, { 'mail.deliver': mailDeliverHandler(mailer) });
  const delaySeconds = delays.flatMap((spy) => spy.mock.calls.map(([options]) => options?.delaySeconds));
  return { batch, result: await getQueueResult(batch, ctx), delaySeconds };
}

describe('the mail.deliver consumer', () => {
  it('sends through the mailer, marks the mail sent, and never sends it twice', async () => {
    const mailId = await queueMail();
    const mailer = fakeMailer();
    const first = await consume([{ type: 'mail.deliver', mailId }], mailer);
    expect(first.result.explicitAcks).toEqual([first.batch.messages[0]!.id]);
    expect(mailer.sent).toEqual([{ from: 'no-reply@localhost', to: expect.stringMatching(/^learner-/), subject: 'Hello', text: 'Hi there', html: null }]);
    expect(await mailRow(mailId)).toMatchObject({ status: 'sent', attempts: 1, last_error: null, sent_at: expect.any(Number) });

    const again = await consume([{ type: 'mail.deliver', mailId }], mailer);
    expect(again.result.explicitAcks).toHaveLength(1);
    expect(mailer.sent).toHaveLength(1);
  });

  it('removes the body once sent outside development, so no live link stays in storage', async () => {
    const mailId = await queueMail();
    await consume([{ type: 'mail.deliver', mailId }], fakeMailer());
    const row = await env.PLATFORM_DB.prepare('SELECT text_body, html_body FROM mail_outbox WHERE id = ?').bind(mailId).first();
    expect(row).toEqual({ text_body: '(sent; body removed)', html_body: null });
  });

  it('two messages for one mail at once: one sends, the other waits and then finds it sent', async () => {
    const mailId = await queueMail();
    const mailer = fakeMailer();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { result } = await consume([{ type: 'mail.deliver', mailId }, { type: 'mail.deliver', mailId }], mailer);
    errors.mockRestore();
    expect(mailer.sent).toHaveLength(1);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toHaveLength(1);
  });

  it('on failure records the error and retries with a growing delay', async () => {
    const mailId = await queueMail();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = await consume([{ type: 'mail.deliver', mailId }], fakeMailer('mail service said no'), 1);
    expect(first.result.retryMessages).toEqual([{ msgId: first.batch.messages[0]!.id }]);
    expect(first.delaySeconds).toEqual([30]);
    expect(first.result.explicitAcks).toEqual([]);
    expect(await mailRow(mailId)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'mail service said no' });

    const second = await consume([{ type: 'mail.deliver', mailId }], fakeMailer('still no'), 2);
    expect(second.delaySeconds).toEqual([60]);
    expect(await mailRow(mailId)).toMatchObject({ status: 'pending', attempts: 2, last_error: 'still no' });
    errors.mockRestore();

    // The service recovers: the next retry delivers it.
    await consume([{ type: 'mail.deliver', mailId }], fakeMailer(), 3);
    expect(await mailRow(mailId)).toMatchObject({ status: 'sent', attempts: 3, last_error: null });
  });

  it('retries unknown and malformed events, so they end up recorded in the dead-letter queue', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { result } = await consume([{ type: 'something.else' }, { type: 'mail.deliver' }, 'garbage', null], fakeMailer());
    errors.mockRestore();
    expect(result.retryMessages).toHaveLength(4);
  });

  it('runs through the Worker’s queue handler and the real local MAILER binding', async () => {
    const mailId = await queueMail();
    const batch = createMessageBatch<unknown>('lectern-events', [{ id: `real-${mailId}`, timestamp: new Date(), attempts: 1, body: { type: 'mail.deliver', mailId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`real-${mailId}`]);
    expect(await mailRow(mailId)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('when retries run out', () => {
  it('the dead-letter consumer records the message and marks the mail failed, keeping the last error', async () => {
    const mailId = await queueMail();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await consume([{ type: 'mail.deliver', mailId }], fakeMailer('mailbox full'), 6);
    const messageId = `dead-${mailId}`;
    const batch = createMessageBatch<unknown>('lectern-events-dlq', [{ id: messageId, timestamp: new Date(), attempts: 6, body: { type: 'mail.deliver', mailId } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    errors.mockRestore();
    expect((await getQueueResult(batch, ctx)).ackAll).toBe(true);
    expect(await mailRow(mailId)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'mailbox full' });
    expect(await env.PLATFORM_DB.prepare('SELECT queue FROM dead_letters WHERE message_id = ?').bind(messageId).first()).toEqual({ queue: 'lectern-events-dlq' });

    // A late duplicate of the message does not resurrect it.
    const mailer = fakeMailer();
    await consume([{ type: 'mail.deliver', mailId }], mailer);
    expect(mailer.sent).toEqual([]);
  });
});

describe('the cron sweep', () => {
  // A clock in the past keeps other tests' mail (written "now") out of this sweep.
  const now = new Date(Date.UTC(2020, 0, 1, 12));
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('re-enqueues mail that waited over 2 minutes without an attempt, and nothing else', async () => {
    const stale = await queueMail(minutesAgo(3));
    const fresh = await queueMail(minutesAgo(1));
    const attempted = await queueMail(minutesAgo(3));
    await env.PLATFORM_DB.prepare('UPDATE mail_outbox SET attempts = 1 WHERE id = ?').bind(attempted).run();
    const sent = await queueMail(minutesAgo(3));
    await env.PLATFORM_DB.prepare(`UPDATE mail_outbox SET status = 'sent' WHERE id = ?`).bind(sent).run();

    const batches: unknown[] = [];
    const EVENTS = { send: async () => {}, sendBatch: async (messages: unknown[]) => void batches.push(...messages) } as unknown as Queue<unknown>;
    expect(await sweepPendingMail({ PLATFORM_DB: env.PLATFORM_DB, EVENTS }, now)).toBeGreaterThanOrEqual(1);
    const ids = (batches as { body: { mailId: string } }[]).map((m) => m.body.mailId);
    expect(ids).toContain(stale);
    expect(ids).not.toContain(fresh);
    expect(ids).not.toContain(attempted);
    expect(ids).not.toContain(sent);
    expect(batches).toContainEqual({ body: { type: 'mail.deliver', mailId: stale } });
  });

  it('is registered with the Worker’s scheduled handler', async () => {
    const stale = await queueMail(minutesAgo(5));
    const batches: { body: { mailId: string } }[] = [];
    const EVENTS = { send: async () => {}, sendBatch: async (messages: { body: { mailId: string } }[]) => void batches.push(...messages) };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: now }), { ...env, EVENTS } as never, ctx);
    await waitOnExecutionContext(ctx);
    warn.mockRestore();
    expect(batches.map((m) => m.body.mailId)).toContain(stale);
  });
});
