import { newApp, type SchoolHostEnv } from '../../../platform/hono.ts';
import { schoolCtx } from '../../../platform/school-ctx.ts';
import { onSchoolHost } from '../../tenancy/middleware.ts';
import { getStripeStatus, refreshStripeAccount, startStripeOnboarding } from './service.ts';

/** Stripe Connect: the school's payments status, onboarding and a re-read after it. */
export const connectRoutes = newApp<SchoolHostEnv>()
  .get('/api/admin/stripe', onSchoolHost, async (c) => c.json(await getStripeStatus({ ctx: schoolCtx(c) })))
  .post('/api/admin/stripe/onboarding', onSchoolHost, async (c) => c.json(await startStripeOnboarding({ ctx: schoolCtx(c) })))
  .post('/api/admin/stripe/refresh', onSchoolHost, async (c) => c.json(await refreshStripeAccount({ ctx: schoolCtx(c) })));
