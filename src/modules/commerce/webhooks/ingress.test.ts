import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { app } from '../../../app.ts';
import { expectErrorShape } from '../../../../test/workers/hosts.ts';
import { stripeWebhookInbox } from '../schema.ts';
import { signedDelivery, STRIPE_VARS, stripeEvent } from '../stripe/testing.ts';
import { accountEvent, inboxRow, platformDb } from './testing.ts';

type Sent = unknown[];
function queue(sent: Sent, fail = false) {
  return { send: async (m: unknown) => (fail ? Promise.reject(new Error('queue down')) : void sent.push(m)), sendBatch: async () => undefined } as unknown as Queue<unknown>;
}

/** POST /webhooks/stripe as Stripe sends it, with the Stripe vars set and STRIPE_WEBHOOKS recorded. */
function deliver(delivery: { payload: string; header: string | null }, sent: Sent, opts: { host?: string; failQueue?: boolean; vars?: Record<string, string | undefined> } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (delivery.header !== null) headers['stripe-signature'] = delivery.header;
  const vars = { ...env, ...STRIPE_VARS, ...opts.vars, STRIPE_WEBHOOKS: queue(sent, opts.failQueue) };
  return Promise.resolve(app.fetch(new Request(`http://${opts.host ?? 'localhost'}/webhooks/stripe`, { method: 'POST', headers, body: delivery.payload }), vars, createExecutionContext()));
}

const countRows = async (eventId: string) => (await platformDb().select().from(stripeWebhookInbox).where(eq(stripeWebhookInbox.eventId, eventId))).length;

describe('POST /webhooks/stripe', () => {
  it('stores a genuine delivery, enqueues its id, and answers 200; a duplicate stores nothing new', async () => {
    const event = accountEvent('account.updated', { id: 'acct_x', object: 'account', charges_enabled: true });
    const delivery = await signedDelivery(event);
    const sent: Sent = [];
    const res = await deliver(delivery, sent);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true });
    expect(sent).toEqual([{ eventId: event.id }]);
    const row = await inboxRow(event.id as string);
    expect(row).toMatchObject({ type: 'account.updated', account: event.account, status: 'received', attempts: 0, eventCreated: event.created });
    expect(row!.enqueuedAt).toBeInstanceOf(Date);
    expect(row!.payload).toEqual(event);

    // Stripe delivers again (its retry, or a duplicate): 200, still one row, queued again while unprocessed.
    const again = await deliver(await signedDelivery(event), sent);
    expect(again.status).toBe(200);
    expect(await countRows(event.id as string)).toBe(1);
    expect(sent).toEqual([{ eventId: event.id }, { eventId: event.id }]);

    // Once processed, a duplicate is acknowledged without another message.
    await platformDb().update(stripeWebhookInbox).set({ status: 'processed' }).where(eq(stripeWebhookInbox.eventId, event.id as string));
    const late = await deliver(await signedDelivery(event), sent);
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ received: true, duplicate: true });
    expect(sent).toHaveLength(2);
  });

  it('accepts any of several comma-separated secrets (rotation)', async () => {
    const event = stripeEvent('account.updated', { id: 'acct_y', object: 'account' });
    const sent: Sent = [];
    const res = await deliver(await signedDelivery(event, { secret: 'whsec_new_one' }), sent, { vars: { STRIPE_WEBHOOK_SECRET: `whsec_old_one, whsec_new_one` } });
    expect(res.status).toBe(200);
    expect(await countRows(event.id as string)).toBe(1);
  });

  it('refuses tampered, unsigned, stale and wrongly signed deliveries with 400 and stores nothing', async () => {
    const sent: Sent = [];
    const tampered = stripeEvent('checkout.session.completed', { id: 'cs_1', amount_total: 4900 });
    const genuine = await signedDelivery(tampered);
    await expectErrorShape(await deliver({ payload: genuine.payload.replace('4900', '1'), header: genuine.header }, sent), 400, 'BAD_REQUEST');

    const unsigned = stripeEvent('checkout.session.completed', { id: 'cs_2' });
    await expectErrorShape(await deliver({ payload: JSON.stringify(unsigned), header: null }, sent), 400, 'BAD_REQUEST');

    const stale = stripeEvent('checkout.session.completed', { id: 'cs_3' });
    await expectErrorShape(await deliver(await signedDelivery(stale, { timestamp: Math.floor(Date.now() / 1000) - 301 }), sent), 400, 'BAD_REQUEST');

    const wrong = stripeEvent('checkout.session.completed', { id: 'cs_4' });
    await expectErrorShape(await deliver(await signedDelivery(wrong, { secret: 'whsec_someone_else' }), sent), 400, 'BAD_REQUEST');

    for (const event of [tampered, unsigned, stale, wrong]) expect(await countRows(event.id as string)).toBe(0);
    expect(sent).toEqual([]);
  });

  it('answers 503 without a configured secret, so Stripe retries', async () => {
    const event = stripeEvent('account.updated', { id: 'acct_z' });
    const sent: Sent = [];
    await expectErrorShape(await deliver(await signedDelivery(event), sent, { vars: { STRIPE_WEBHOOK_SECRET: undefined } }), 503, 'UNAVAILABLE');
    await expectErrorShape(await deliver(await signedDelivery(event), sent, { vars: { STRIPE_WEBHOOK_SECRET: ' , ' } }), 503, 'UNAVAILABLE');
    expect(await countRows(event.id as string)).toBe(0);
  });

  it('answers 503 when the queue refuses, keeping the stored row for the retry (and the sweep)', async () => {
    const event = stripeEvent('account.updated', { id: 'acct_q' });
    const sent: Sent = [];
    const delivery = await signedDelivery(event);
    await expectErrorShape(await deliver(delivery, sent, { failQueue: true }), 503, 'UNAVAILABLE');
    const row = await inboxRow(event.id as string);
    expect(row).toMatchObject({ status: 'received', enqueuedAt: null });
    expect((await deliver(delivery, sent)).status).toBe(200);
    expect(sent).toEqual([{ eventId: event.id }]);
    expect(await countRows(event.id as string)).toBe(1);
  });

  it('answers 503 when the event cannot be stored', async () => {
    const event = stripeEvent('account.updated', { id: 'acct_s' });
    const sent: Sent = [];
    const broken = { prepare: () => { throw new Error('D1 is down'); }, batch: () => Promise.reject(new Error('D1 is down')) } as unknown as D1Database;
    // The platform database is also read for the host; only the inbox write goes to the broken one.
    const res = await app.fetch(
      new Request('http://localhost/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': (await signedDelivery(event)).header }, body: (await signedDelivery(event)).payload }),
      { ...env, ...STRIPE_VARS, STRIPE_WEBHOOKS: queue(sent), PLATFORM_DB: broken },
      createExecutionContext(),
    );
    await expectErrorShape(res, 503, 'UNAVAILABLE');
    expect(sent).toEqual([]);
  });

  it('only answers on the platform host', async () => {
    const event = stripeEvent('account.updated', { id: 'acct_h' });
    const sent: Sent = [];
    expect((await deliver(await signedDelivery(event), sent, { host: 'breslov.localhost' })).status).toBe(404);
    expect(await countRows(event.id as string)).toBe(0);
    expect(sent).toEqual([]);
  });
});
