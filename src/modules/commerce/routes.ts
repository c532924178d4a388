import { newApp } from '../../platform/hono.ts';

/**
 * Every commerce route, one line per part (see README.md for the API). Mounted once in app.ts.
 */
export const commerceRoutes = newApp();
// catalogue (offers, coupons, pricing requests) — added by its part
// checkout — added by its part
// connect (Stripe onboarding) — added by its part
// money (transactions, refunds, purchases, billing portal) — added by its part
// webhooks (POST /webhooks/stripe) — added by its part
