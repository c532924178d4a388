import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { jsonBody } from '../../../platform/json-body.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { getCheckoutStatus, startCheckout } from './checkout.ts';
import { getPublicOffer, quoteOffer } from './offer-page.ts';

/** Learners: an offer's page, a coupon quote, buying, and the success page's status. */
export const checkoutRoutes = newApp<SchoolHostEnv>()
  .get('/api/offers/:offerId', onSchoolHost, async (c) => c.json(await getPublicOffer({ ctx: schoolCtx(c), input: { offerId: c.req.param('offerId') } })))
  .post('/api/offers/:offerId/quote', onSchoolHost, async (c) => {
    const body = await jsonBody(c);
    return c.json(await quoteOffer({ ctx: schoolCtx(c), input: { ...body, offerId: c.req.param('offerId') } }));
  })
  .post('/api/checkout', onSchoolHost, async (c) => c.json(await startCheckout({ ctx: schoolCtx(c), input: await jsonBody(c) })))
  .get('/api/checkout/sessions/:sessionId', onSchoolHost, async (c) => c.json(await getCheckoutStatus({ ctx: schoolCtx(c), input: { sessionId: c.req.param('sessionId') } })));
