import Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import type { PlatformDb } from '../../../platform/db/platform-db.ts';
import type { Env } from '../../../platform/env.ts';
import { Invalid, Unavailable } from '../../../platform/errors.ts';
import { webCryptoProvider } from '../stripe/client.ts';
import { stripeWebhookInbox } from '../schema.ts';
import { asObject } from './apply/shared.ts';
import type { StripeEventEnvelope, StripeWebhookMessage } from './inbox.ts';

/** Deliveries signed longer ago than this are refused (Stripe's own default). */
export const STRIPE_TOLERANCE_SECONDS = 300;

/** The configured signing secrets: several, comma-separated, while one is being rotated. */
export function webhookSecrets(env: Pick<Env, 'STRIPE_WEBHOOK_SECRET'>): string[] {
  return (env.STRIPE_WEBHOOK_SECRET ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
}

/**
 * The event, if the raw body verifies against any of the secrets (signature and timestamp,
 * via the Stripe SDK with WebCrypto); otherwise a 400 naming what was wrong.
 */
export async function verifyStripeDelivery(secrets: string[], rawBody: string, signature: string | null | undefined): Promise<StripeEventEnvelope> {
  if (!signature) throw new Invalid('The Stripe-Signature header is missing.');
  let lastError: unknown;
  for (const secret of secrets) {
    try {
      const event = (await Stripe.webhooks.constructEventAsync(rawBody, signature, secret, STRIPE_TOLERANCE_SECONDS, webCryptoProvider)) as unknown as StripeEventEnvelope;
      if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof event.created !== 'number' || !asObject(event.data?.object)) {
        throw new Invalid('The webhook body is not a Stripe event.');
      }
      return event;
    } catch (error) {
      if (error instanceof Invalid) throw error;
      lastError = error;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : 'no secret verified it';
  throw new Invalid(`The Stripe signature could not be verified (${reason.split('\n')[0]!.slice(0, 200)}).`);
}

type Deps = { env: Env; platformDb: PlatformDb; now: Date };

/**
 * POST /webhooks/stripe: verify, store in the platform inbox (keyed by event id, so a
 * duplicate delivery stores nothing new), enqueue `{ eventId }`, and only then answer 2xx.
 * Storing or enqueueing failing → 503, and Stripe retries; the scheduled sweep also
 * re-enqueues a stored row that never made it onto the queue. A duplicate delivery of an
 * event already processed is acknowledged without enqueueing again.
 */
export async function receiveStripeWebhook(deps: Deps, request: { signature: string | null | undefined; rawBody: string }) {
  const secrets = webhookSecrets(deps.env);
  if (secrets.length === 0) {
    console.error('[stripe] STRIPE_WEBHOOK_SECRET is not set; refusing webhooks until it is (Stripe will retry)');
    throw new Unavailable('Stripe webhooks are not configured on this deployment.');
  }
  const event = await verifyStripeDelivery(secrets, request.rawBody, request.signature);

  let status: string;
  try {
    const inserted = await deps.platformDb
      .insert(stripeWebhookInbox)
      .values({ eventId: event.id, type: event.type, account: event.account ?? null, payload: event, eventCreated: event.created, receivedAt: deps.now })
      .onConflictDoNothing()
      .returning({ status: stripeWebhookInbox.status });
    if (inserted.length > 0) status = inserted[0]!.status;
    else {
      const [existing] = await deps.platformDb.select({ status: stripeWebhookInbox.status }).from(stripeWebhookInbox).where(eq(stripeWebhookInbox.eventId, event.id));
      status = existing?.status ?? 'received';
    }
  } catch (error) {
    console.error(`[stripe] could not store event ${event.id}; answering 503 so Stripe retries`, error);
    throw new Unavailable('The event could not be stored. Please retry.');
  }
  if (status !== 'received') return { received: true as const, duplicate: true };

  try {
    await deps.env.STRIPE_WEBHOOKS.send({ eventId: event.id } satisfies StripeWebhookMessage);
  } catch (error) {
    console.error(`[stripe] stored event ${event.id} but could not enqueue it; answering 503 so Stripe retries`, error);
    throw new Unavailable('The event could not be queued. Please retry.');
  }
  await deps.platformDb
    .update(stripeWebhookInbox)
    .set({ enqueuedAt: deps.now })
    .where(eq(stripeWebhookInbox.eventId, event.id))
    .catch((error: unknown) => console.warn(`[stripe] event ${event.id} is queued but its enqueued_at was not recorded (the sweep may enqueue it again, harmlessly)`, error));
  return { received: true as const };
}
