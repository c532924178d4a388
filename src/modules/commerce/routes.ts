import { newApp } from '../../platform/hono.ts';
import { catalogueRoutes } from './catalogue/routes.ts';
import { checkoutRoutes } from './checkout/routes.ts';
import { stripeWebhookRoutes } from './webhooks/routes.ts';
import { connectRoutes } from './connect/routes.ts';
import { moneyRoutes } from './money/routes.ts';

/**
 * Every commerce route, one line per part (see README.md for the API). Mounted once in app.ts.
 */
export const commerceRoutes = newApp();
// catalogue (offers, coupons, pricing requests) — added by its part
commerceRoutes.route('/', catalogueRoutes);
// checkout — added by its part
commerceRoutes.route('/', checkoutRoutes);
// connect (Stripe onboarding) — added by its part
commerceRoutes.route('/', connectRoutes);
// money (transactions, refunds, purchases, billing portal) — added by its part
commerceRoutes.route('/', moneyRoutes);
// webhooks (POST /webhooks/stripe) — added by its part
commerceRoutes.route('/', stripeWebhookRoutes);
