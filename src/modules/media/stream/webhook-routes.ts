import { newApp } from '../../../platform/hono.ts';
import { onApexHost } from '../../tenancy/middleware.ts';
import { receiveStreamWebhook } from './webhook.ts';

/**
 * Stream notifications arrive on the platform host (one URL per account, registered as
 * https://<PLATFORM_DOMAIN>/webhooks/stream); the video's meta names the school. The raw
 * body is read as text because the signature covers it byte for byte.
 */
export const streamWebhookRoutes = newApp().post('/webhooks/stream', onApexHost, async (c) => {
  const result = await receiveStreamWebhook(
    { env: c.env, platformDb: c.var.platformDb, now: c.var.now },
    { signature: c.req.header('webhook-signature'), rawBody: await c.req.text() },
  );
  return c.json(result);
});
