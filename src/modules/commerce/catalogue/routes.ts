import type { Context } from 'hono';
import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { createCoupon, deleteCoupon, listCoupons, updateCoupon } from './coupons.ts';
import { createOffer, deleteOffer, listOffers, updateOffer } from './offers.ts';
import { approvePriceChange, listPricingRequests, proposePriceChange, rejectPriceChange } from './pricing.ts';

/** A decision may come without a note: an empty body is `{}`; anything sent must still be JSON. */
async function optionalJsonBody(c: Context): Promise<Record<string, unknown>> {
  if (!c.req.raw.body || c.req.header('content-length') === '0') return {};
  return jsonBody(c);
}

/** Staff: offers, coupons and pricing change requests (see ../README.md for roles and answers). */
export const catalogueRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/offers', onSchoolHost, async (c) => c.json(await listOffers({ ctx: schoolCtx(c) })))
  .post('/api/admin/offers', onSchoolHost, async (c) => c.json(await createOffer({ ctx: schoolCtx(c), input: await jsonBody(c) }), 201))
  .patch('/api/admin/offers/:offerId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateOffer({ ctx: schoolCtx(c), input: { ...body, offerId: c.req.param('offerId') } }));
  })
  .delete('/api/admin/offers/:offerId', onSchoolHost, async (c) => c.json(await deleteOffer({ ctx: schoolCtx(c), input: { offerId: c.req.param('offerId') } })))
  .get('/api/admin/pricing-requests', onSchoolHost, async (c) => c.json(await listPricingRequests({ ctx: schoolCtx(c), input: { status: c.req.query('status') || undefined } })))
  .post('/api/admin/offers/:offerId/pricing-requests', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await proposePriceChange({ ctx: schoolCtx(c), input: { ...body, offerId: c.req.param('offerId') } }), 201);
  })
  .post('/api/admin/pricing-requests/:requestId/approve', onSchoolHost, async (c) => {
    const body = await optionalJsonBody(c);
    return c.json(await approvePriceChange({ ctx: schoolCtx(c), input: { ...body, requestId: c.req.param('requestId') } }));
  })
  .post('/api/admin/pricing-requests/:requestId/reject', onSchoolHost, async (c) => {
    const body = await optionalJsonBody(c);
    return c.json(await rejectPriceChange({ ctx: schoolCtx(c), input: { ...body, requestId: c.req.param('requestId') } }));
  })
  .get('/api/admin/coupons', onSchoolHost, async (c) => c.json(await listCoupons({ ctx: schoolCtx(c) })))
  .post('/api/admin/coupons', onSchoolHost, async (c) => c.json(await createCoupon({ ctx: schoolCtx(c), input: await jsonBody(c) }), 201))
  .patch('/api/admin/coupons/:couponId', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await updateCoupon({ ctx: schoolCtx(c), input: { ...body, couponId: c.req.param('couponId') } }));
  })
  .delete('/api/admin/coupons/:couponId', onSchoolHost, async (c) => c.json(await deleteCoupon({ ctx: schoolCtx(c), input: { couponId: c.req.param('couponId') } })));
