import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index.ts';
import { assertEnv, EnvError } from '../../src/platform/env.ts';

describe('environment check at the door', () => {
  it('names every missing binding', () => {
    const broken = { ...env, PLATFORM_DB: undefined, MEDIA: 'oops' };
    expect(() => assertEnv(broken)).toThrow(EnvError);
    expect(() => assertEnv(broken)).toThrow(/PLATFORM_DB[\s\S]*MEDIA/);
  });

  it('answers 503 in the error shape instead of crashing', async () => {
    const res = await worker.fetch(new Request('http://breslov.localhost/api/school') as never, { ...env, PLATFORM_DOMAIN: '' } as never, createExecutionContext());
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'MISCONFIGURED', requestId: expect.any(String) } });
  });
});

describe('queues', () => {
  it('dead-letter consumers record each message once and acknowledge it', async () => {
    const messages = [
      { id: 'dlq-msg-1', timestamp: new Date(), attempts: 6, body: { type: 'mail.send', to: 'a@example.com' } },
      { id: 'dlq-msg-2', timestamp: new Date(), attempts: 6, body: { type: 'other' } },
    ];
    for (let i = 0; i < 2; i++) {
      const batch = createMessageBatch<unknown>('lectern-events-dlq', messages);
      const ctx = createExecutionContext();
      await worker.queue(batch as never, env as never);
      const result = await getQueueResult(batch, ctx);
      expect(result.ackAll).toBe(true);
    }
    const { results } = await env.PLATFORM_DB.prepare(`SELECT message_id, queue, attempts FROM dead_letters WHERE message_id LIKE 'dlq-msg-%' ORDER BY message_id`).all();
    expect(results).toEqual([
      { message_id: 'dlq-msg-1', queue: 'lectern-events-dlq', attempts: 6 },
      { message_id: 'dlq-msg-2', queue: 'lectern-events-dlq', attempts: 6 },
    ]);
  });

  it('a queue with no consumer yet retries rather than dropping messages', async () => {
    const batch = createMessageBatch('lectern-added-later', [{ id: 'evt-1', timestamp: new Date(), attempts: 1, body: {} }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    expect((await getQueueResult(batch, ctx)).retryBatch.retry).toBe(true);
  });

  it('a malformed Stripe message is retried on its own, so it ends in the dead-letter queue rather than vanishing', async () => {
    const batch = createMessageBatch('lectern-stripe-webhooks', [{ id: 'evt-2', timestamp: new Date(), attempts: 1, body: {} }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as never, env as never);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(['evt-2']);
    expect(result.explicitAcks).toEqual([]);
  });
});
