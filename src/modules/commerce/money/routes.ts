import type { Context } from 'hono';
import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { createBillingPortalSession, getMyReceipt, listMyPurchases } from './purchases.ts';
import { exportTransactionsCsv, listTransactions, refundTransaction } from './transactions.ts';

/** The list filters from the query string; empty values are absent. */
function filtersOf(c: Context) {
  const q = (name: string) => c.req.query(name) || undefined;
  return { status: q('status'), offerId: q('offerId'), email: q('email'), from: q('from'), to: q('to'), cursor: q('cursor') };
}

/** Staff: transactions, CSV, refunds. Learners: purchases, receipts, billing portal. */
export const moneyRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/transactions', onSchoolHost, async (c) => c.json(await listTransactions({ ctx: schoolCtx(c), input: filtersOf(c) })))
  .get('/api/admin/transactions.csv', onSchoolHost, async (c) => {
    const { csv, filename, nextCursor } = await exportTransactionsCsv({ ctx: schoolCtx(c), input: filtersOf(c) });
    const headers: Record<string, string> = {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    };
    if (nextCursor) headers['x-next-cursor'] = nextCursor;
    return c.body(csv, 200, headers);
  })
  .post('/api/admin/transactions/:transactionId/refund', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await refundTransaction({ ctx: schoolCtx(c), input: { ...body, transactionId: c.req.param('transactionId') } }));
  })
  .get('/api/me/purchases', onSchoolHost, async (c) => c.json(await listMyPurchases({ ctx: schoolCtx(c) })))
  .get('/api/me/purchases/:transactionId', onSchoolHost, async (c) => c.json(await getMyReceipt({ ctx: schoolCtx(c), input: { transactionId: c.req.param('transactionId') } })))
  .post('/api/me/billing-portal', onSchoolHost, async (c) => c.json(await createBillingPortalSession({ ctx: schoolCtx(c) })));
