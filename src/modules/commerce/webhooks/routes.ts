import { newApp } from '../../../platform/hono.ts';
import { onApexHost } from '../../tenancy/middleware.ts';
import { receiveStripeWebhook } from './ingress.ts';

/**
 * Stripe (Connect) webhooks arrive on the platform host: one endpoint for every school's
 * connected account. The raw body is read as text because the signature covers it byte for byte.
 */
export const stripeWebhookRoutes = newApp().post('/webhooks/stripe', onApexHost, async (c) => {
  const result = await receiveStripeWebhook({ env: c.env, platformDb: c.var.platformDb, now: c.var.now }, { signature: c.req.header('stripe-signature'), rawBody: await c.req.text() });
  return c.json(result);
});
