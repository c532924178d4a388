import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieFor } from '../../../../test/workers/auth.ts';
import { ACME, BRESLOV } from '../../../../test/workers/fixtures.ts';
import { describeAccessRules } from '../../../../test/workers/security-suite.ts';
import { addMember, auditOf, demoMember } from '../../members/testing.ts';
import { coupons, transactions } from '../schema.ts';
import { interceptStripe } from '../stripe/testing.ts';
import { csvCell } from './csv.ts';
import { callApp, commerceDbOf, ensureStripeAccount, seedOffer } from '../testing.ts';
import { seedTransaction } from './testing.ts';
import { eq } from 'drizzle-orm';
import { env } from 'cloudflare:workers';
import { processInboxEvent } from '../webhooks/consumer.ts';
import type { StripeEventEnvelope } from '../webhooks/inbox.ts';
import { accountEvent, BRESLOV_ACCOUNT, chargeObject, invoiceObject, invoicePaymentObject, routeAccount, seedBreslovOffer, storeEvent, uid } from '../webhooks/testing.ts';

afterEach(() => vi.restoreAllMocks());

// Fixed ids so the shared security suite (declared synchronously) can name real objects.
const SUITE = { tx: crypto.randomUUID(), acmeTx: crypto.randomUUID() };
beforeAll(async () => {
  await seedTransaction(BRESLOV, { id: SUITE.tx, userId: demoMember(BRESLOV, 'student').userId });
  await seedTransaction(ACME, { id: SUITE.acmeTx, userId: demoMember(ACME, 'student').userId });
});

describeAccessRules('GET /api/admin/transactions', { method: 'GET', path: '/api/admin/transactions', minimumRole: 'admin' });
describeAccessRules('GET /api/admin/transactions.csv', { method: 'GET', path: '/api/admin/transactions.csv', minimumRole: 'admin' });
describeAccessRules('POST /api/admin/transactions/:id/refund', {
  method: 'POST',
  path: `/api/admin/transactions/${SUITE.tx}/refund`,
  body: { amountCents: 1 },
  minimumRole: 'admin',
  foreignPath: `/api/admin/transactions/${SUITE.acmeTx}/refund`,
});

type Tx = Record<string, unknown> & { id: string };
type Page = { transactions: Tx[]; nextCursor: string | null };
const admin = () => cookieFor(BRESLOV, 'admin');
async function list(query: string, cookie?: string): Promise<Page> {
  const res = await callApp(BRESLOV, `/api/admin/transactions?${query}`, { cookie: cookie ?? (await admin()) });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe('staff transactions list', () => {
  it('answers the documented shape, with offer, buyer and coupon, in one school round trip', async () => {
    const buyer = await addMember(BRESLOV, 'student');
    const offerId = await seedOffer(BRESLOV, { title: 'Tikkun course' });
    const sdb = commerceDbOf(BRESLOV);
    const couponId = crypto.randomUUID();
    await sdb.db.insert(coupons).values(sdb.withSchool({ id: couponId, code: `SAVE${couponId.slice(0, 6).toUpperCase()}`, discountType: 'amount' as const, amountOffCents: 1000, createdBy: 'seed' }));
    const tx = await seedTransaction(BRESLOV, { userId: buyer.userId, offerId, amountCents: 4000, discountCents: 1000, couponId, receiptUrl: 'https://pay.stripe.com/receipts/x', refundRequestedCents: 500 });

    const res = await callApp(BRESLOV, `/api/admin/transactions?offerId=${offerId}`, { cookie: await admin() });
    expect(Number(res.headers.get('x-d1-school-queries'))).toBe(2); // the actor's membership + the list
    const body = (await res.json()) as Page;
    expect(body).toEqual({
      transactions: [
        {
          id: tx.id,
          createdAt: tx.createdAt.toISOString(),
          kind: 'purchase',
          status: 'paid',
          amountCents: 4000,
          discountCents: 1000,
          refundedCents: 0,
          refundRequestedCents: 500,
          currency: 'usd',
          offer: { id: offerId, title: 'Tikkun course' },
          buyer: { userId: buyer.userId, email: buyer.email },
          couponCode: `SAVE${couponId.slice(0, 6).toUpperCase()}`,
          stripePaymentIntentId: tx.stripePaymentIntentId,
          receiptUrl: 'https://pay.stripe.com/receipts/x',
        },
      ],
      nextCursor: null,
    });
  });

  it('filters by status, offer, buyer email and dates', async () => {
    const offerId = await seedOffer(BRESLOV);
    const a = await addMember(BRESLOV, 'student');
    const b = await addMember(BRESLOV, 'student');
    const t1 = await seedTransaction(BRESLOV, { offerId, userId: a.userId, createdAt: new Date('2021-03-01T10:00:00Z') });
    const t2 = await seedTransaction(BRESLOV, { offerId, userId: b.userId, status: 'refunded', refundedCents: 5000, createdAt: new Date('2021-03-02T10:00:00Z') });
    const t3 = await seedTransaction(BRESLOV, { offerId, userId: a.userId, status: 'partially_refunded', createdAt: new Date('2021-03-03T23:59:00Z') });
    const ids = async (q: string) => (await list(`offerId=${offerId}&${q}`)).transactions.map((t) => t.id);

    expect(await ids('')).toEqual([t3.id, t2.id, t1.id]);
    expect(await ids('status=refunded')).toEqual([t2.id]);
    expect(await ids(`email=${encodeURIComponent(a.email.toUpperCase())}`)).toEqual([t3.id, t1.id]);
    expect(await ids('from=2021-03-02')).toEqual([t3.id, t2.id]);
    expect(await ids('to=2021-03-02')).toEqual([t2.id, t1.id]);
    expect(await ids('to=2021-03-03')).toEqual([t3.id, t2.id, t1.id]); // a date `to` includes that whole day
    expect(await ids(`from=${encodeURIComponent('2021-03-01T10:00:01Z')}&to=${encodeURIComponent('2021-03-03T23:58:59+00:00')}`)).toEqual([t2.id]);
    expect((await list(`offerId=${crypto.randomUUID()}`)).transactions).toEqual([]);

    for (const bad of ['status=lost', 'from=yesterday', 'to=2021-13-45', 'to=2021-02-30', 'from=2021-03-03&to=2021-03-01', 'cursor=%21%21']) {
      const res = await callApp(BRESLOV, `/api/admin/transactions?${bad}`, { cookie: await admin() });
      expect(res.status, bad).toBe(400);
    }
  });

  it('pages 50 at a time with a keyset cursor, ties broken by id', async () => {
    const offerId = await seedOffer(BRESLOV);
    const same = new Date('2022-06-01T00:00:00Z');
    const seeded = [];
    for (let i = 0; i < 55; i++) seeded.push(await seedTransaction(BRESLOV, { offerId, createdAt: i < 10 ? same : new Date(same.getTime() + i * 1000) }));
    const first = await list(`offerId=${offerId}`);
    expect(first.transactions).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`offerId=${offerId}&cursor=${first.nextCursor}`);
    expect(second.transactions).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const all = [...first.transactions, ...second.transactions].map((t) => t.id);
    expect(new Set(all).size).toBe(55);
    const expected = [...seeded].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0)).map((t) => t.id);
    expect(all).toEqual(expected);
  });

  it('never lists another school’s transactions', async () => {
    const offerId = await seedOffer(ACME);
    await seedTransaction(ACME, { offerId });
    expect((await list(`offerId=${offerId}`)).transactions).toEqual([]);
  });
});

describe('CSV export', () => {
  it('quotes cells and neutralises spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell(1250)).toBe('1250');
    expect(csvCell(null)).toBe('');
  });

  it('exports every matching row as an attachment', async () => {
    const buyer = await addMember(BRESLOV, 'student', { email: `+${crypto.randomUUID().slice(0, 8)}@breslov.test` });
    const offerId = await seedOffer(BRESLOV, { title: '=HYPERLINK("http://evil","click"), and more' });
    for (let i = 0; i < 52; i++) await seedTransaction(BRESLOV, { offerId, userId: buyer.userId, createdAt: new Date(Date.UTC(2023, 0, 1, 0, 0, i)) });
    const res = await callApp(BRESLOV, `/api/admin/transactions.csv?offerId=${offerId}`, { cookie: await admin() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="transactions-breslov-${new Date().toISOString().slice(0, 10)}.csv"`);
    const text = await res.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(53); // header + every page
    expect(lines[0]).toBe('id,created_at,kind,status,currency,amount_cents,discount_cents,refunded_cents,refund_requested_cents,offer_id,offer_title,buyer_user_id,buyer_email,coupon_code,stripe_payment_intent_id,receipt_url');
    expect(lines[1]).toContain(`,${offerId},"'=HYPERLINK(""http://evil"",""click""), and more",${buyer.userId},'${buyer.email},`);
    expect(lines[1]).toContain(',2023-01-01T00:00:51.000Z,purchase,paid,usd,5000,0,0,0,');
    expect((await callApp(BRESLOV, '/api/admin/transactions.csv?from=never', { cookie: await admin() })).status).toBe(400);
  });
});

describe('refunds', () => {
  const refund = async (txId: string, body: unknown) => callApp(BRESLOV, `/api/admin/transactions/${txId}/refund`, { method: 'POST', cookie: await admin(), body });
  const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('refunds part, then (after charge.refunded) the rest, with the account, payment intent, amount and idempotency key', async () => {
    const fake = interceptStripe();
    const account = await ensureStripeAccount(BRESLOV);
    const tx = await seedTransaction(BRESLOV, { amountCents: 5000 });

    const partial = await refund(tx.id, { amountCents: 2000 });
    expect(partial.status).toBe(200);
    expect(((await partial.json()) as { transaction: Tx }).transaction).toMatchObject({ id: tx.id, refundedCents: 0, refundRequestedCents: 2000, status: 'paid' });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: 'POST', path: '/v1/refunds', account, idempotencyKey: `refund-${tx.id}-0-2000` });
    expect(fake.calls[0]!.params).toMatchObject({ payment_intent: tx.stripePaymentIntentId, amount: '2000' });

    // Over the rest while the first is still on its way → 400 naming the refundable amount.
    const over = await refund(tx.id, { amountCents: 3001 });
    expect(over.status).toBe(400);
    expect((await errorOf(over)).message).toContain('3000');

    // The charge.refunded webhook (another part) applies the first refund.
    const sdb = commerceDbOf(BRESLOV);
    await sdb.db.update(transactions).set({ refundedCents: 2000, refundRequestedCents: null, status: 'partially_refunded' }).where(eq(transactions.id, tx.id));

    const rest = await refund(tx.id, {});
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { transaction: Tx }).transaction).toMatchObject({ refundedCents: 2000, refundRequestedCents: 3000 });
    expect(fake.calls[1]).toMatchObject({ path: '/v1/refunds', account, idempotencyKey: `refund-${tx.id}-2000-3000` });
    expect(fake.calls[1]!.params).toMatchObject({ payment_intent: tx.stripePaymentIntentId, amount: '3000' });

    const nothing = await refund(tx.id, { amountCents: 1 });
    expect(nothing.status).toBe(400);
    expect((await errorOf(nothing)).message).toMatch(/Nothing is left to refund/);
    expect((await refund(tx.id, {})).status).toBe(409);
    expect(fake.calls).toHaveLength(2);

    const audit = await auditOf(BRESLOV, tx.id);
    expect(audit.map((a) => a.action)).toEqual(['transaction.refund_requested', 'transaction.refund_requested']);
    expect(audit[0]!.metadata).toMatchObject({ before: { refundedCents: 0, refundRequestedCents: null }, after: { refundedCents: 0, refundRequestedCents: 2000 }, amountCents: 2000 });
  });

  it('refuses amounts outside 1..refundable, free grants and transactions without a payment intent', async () => {
    const fake = interceptStripe();
    await ensureStripeAccount(BRESLOV);
    const tx = await seedTransaction(BRESLOV, { amountCents: 5000 });
    for (const amountCents of [0, -5, 5001, 12.5]) {
      const res = await refund(tx.id, { amountCents });
      expect(res.status, String(amountCents)).toBe(400);
    }
    expect((await errorOf(await refund(tx.id, { amountCents: 6000 }))).message).toContain('5000');
    const free = await seedTransaction(BRESLOV, { kind: 'free', amountCents: 0, stripePaymentIntentId: null });
    const freeRes = await refund(free.id, {});
    expect(freeRes.status).toBe(409);
    expect((await errorOf(freeRes)).message).toMatch(/nothing to refund/i);
    const noIntent = await seedTransaction(BRESLOV, { stripePaymentIntentId: null });
    expect((await refund(noIntent.id, { amountCents: 100 })).status).toBe(409);
    expect(fake.calls).toEqual([]);
  });

  it('a Stripe refusal answers clearly and records nothing', async () => {
    const fake = interceptStripe();
    await ensureStripeAccount(BRESLOV);
    const tx = await seedTransaction(BRESLOV, { amountCents: 5000 });
    fake.failNext('/v1/refunds', 400, 'Charge ch_1 has already been refunded.');
    const res = await refund(tx.id, { amountCents: 100 });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toContain('Charge ch_1 has already been refunded.');
    const sdb = commerceDbOf(BRESLOV);
    const [row] = await sdb.db.select().from(transactions).where(eq(transactions.id, tx.id));
    expect(row!.refundRequestedCents).toBeNull();
    expect(await auditOf(BRESLOV, tx.id)).toEqual([]);
  });

  it('a subscription invoice: 409 until Stripe names its payment intent (invoice_payment.paid), then refunded through it; the webhook records the refund on the same row', async () => {
    const fake = interceptStripe();
    const account = await ensureStripeAccount(BRESLOV);
    const deliver = async (event: StripeEventEnvelope) => {
      await routeAccount(BRESLOV_ACCOUNT);
      await storeEvent(event);
      return processInboxEvent(env, event.id);
    };
    const { offerId } = await seedBreslovOffer({ offerType: 'subscription' });
    const ids = { userId: uid('user'), subId: uid('sub'), invoiceId: uid('in'), pi: uid('pi') };
    await deliver(accountEvent('invoice.paid', invoiceObject({ invoiceId: ids.invoiceId, subscriptionId: ids.subId, userId: ids.userId, offerId, periodEnd: Math.floor(Date.now() / 1000) + 30 * 86400 })));
    const sdb = commerceDbOf(BRESLOV);
    const [tx] = await sdb.db.select().from(transactions).where(eq(transactions.stripeInvoiceId, ids.invoiceId));
    expect(tx).toMatchObject({ kind: 'subscription_invoice', status: 'paid', stripePaymentIntentId: null, amountCents: 1500 });

    const early = await refund(tx!.id, {});
    expect(early.status).toBe(409);
    expect((await errorOf(early)).message).toMatch(/has not told Lectern which payment paid it/);
    expect(fake.calls).toEqual([]);

    await deliver(accountEvent('invoice_payment.paid', invoicePaymentObject({ invoiceId: ids.invoiceId, paymentIntentId: ids.pi })));
    const res = await refund(tx!.id, {});
    expect(res.status).toBe(200);
    expect(((await res.json()) as { transaction: Tx }).transaction).toMatchObject({ id: tx!.id, kind: 'subscription_invoice', refundRequestedCents: 1500, stripePaymentIntentId: ids.pi });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: 'POST', path: '/v1/refunds', account, idempotencyKey: `refund-${tx!.id}-0-1500` });
    expect(fake.calls[0]!.params).toMatchObject({ payment_intent: ids.pi, amount: '1500' });

    await deliver(accountEvent('charge.refunded', chargeObject({ paymentIntentId: ids.pi, amount: 1500, amountRefunded: 1500 })));
    const rows = await sdb.db.select().from(transactions).where(eq(transactions.stripePaymentIntentId, ids.pi));
    expect(rows).toEqual([expect.objectContaining({ id: tx!.id, status: 'refunded', refundedCents: 1500, refundRequestedCents: null })]);
  });

  it('another school’s transaction → 404, and Stripe is never asked', async () => {
    const fake = interceptStripe();
    const res = await refund(SUITE.acmeTx, { amountCents: 100 });
    expect(res.status).toBe(404);
    expect(fake.calls).toEqual([]);
  });
});
