import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { PlatformDb } from '../../../platform/db/platform-db.ts';
import { schoolD1, schoolDbFor } from '../../../platform/db/school-db.ts';
import type { Env } from '../../../platform/env.ts';
import { Invalid, Unauthorized, Unavailable } from '../../../platform/errors.ts';
import { sha256Hex } from '../../../platform/crypto.ts';
import { eventLogs } from '../../audit/schema.ts';
import { schools } from '../../tenancy/schema.ts';
import { observe } from './binding.ts';
import { STREAM_UPLOAD_STATUSES } from '../schema.ts';

/** Deliveries signed longer ago (or further ahead) than this are refused. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true; time: number; signature: string } | { ok: false; status: 400 | 401; message: string };

/**
 * Stream signs each delivery: `Webhook-Signature: time=<unix seconds>,sig1=<hex>` where sig1
 * is HMAC-SHA256 of `<time>.<raw body>` keyed with the webhook secret. The comparison is
 * WebCrypto's verify (constant time); the time must be within five minutes.
 */
export async function verifyStreamSignature(secret: string, header: string | null | undefined, rawBody: string, now: Date): Promise<SignatureCheck> {
  if (!header) return { ok: false, status: 401, message: 'The Webhook-Signature header is missing.' };
  const fields = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const time = fields.get('time') ?? '';
  const sig = (fields.get('sig1') ?? '').toLowerCase();
  if (!/^\d{1,12}$/.test(time) || !/^[0-9a-f]{64}$/.test(sig)) return { ok: false, status: 401, message: 'The Webhook-Signature header is not in the form time=…,sig1=….' };
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const bytes = Uint8Array.from(sig.match(/../g)!, (h) => parseInt(h, 16));
  const genuine = await crypto.subtle.verify('HMAC', key, bytes, new TextEncoder().encode(`${time}.${rawBody}`));
  if (!genuine) return { ok: false, status: 401, message: 'The webhook signature does not match.' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(time)) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, status: 400, message: 'The webhook was signed more than five minutes ago.' };
  }
  return { ok: true, time: Number(time), signature: sig };
}

/** The parts of Stream's notification body (a video object) we use. */
const StreamNotification = z.object({
  uid: z.string().min(1).max(100),
  readyToStream: z.boolean().optional(),
  status: z.object({ state: z.string().max(40), errorReasonCode: z.string().max(200).optional(), errorReasonText: z.string().max(2000).optional() }),
  duration: z.number().optional(),
  meta: z.record(z.string(), z.unknown()).nullish(),
});

export const STREAM_VIDEO_EVENT = 'media.stream_video';
export const StreamVideoMessage = z.object({
  type: z.literal(STREAM_VIDEO_EVENT),
  schoolId: z.string().min(1).max(100),
  uid: z.string().min(1).max(100),
  status: z.enum(STREAM_UPLOAD_STATUSES),
  durationSeconds: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  signedAt: z.number().int(),
});
export type StreamVideoMessage = z.infer<typeof StreamVideoMessage>;

type WebhookDeps = { env: Env; platformDb: PlatformDb; now: Date };

/**
 * POST /webhooks/stream on the platform host. Only a genuine, fresh, first-seen delivery
 * is enqueued, and 2xx is returned only once it is on the queue (a 5xx makes Stream retry).
 * Replays are caught by recording each delivery's signature in the school's event log
 * (primary key = hash of the signature) before enqueueing; the record is removed again if
 * the enqueue fails, so Stream's retry is not mistaken for a replay. Videos whose meta
 * names no Lectern school are acknowledged and ignored.
 */
export async function receiveStreamWebhook(deps: WebhookDeps, request: { signature: string | null | undefined; rawBody: string }) {
  const secret = deps.env.STREAM_WEBHOOK_SECRET;
  if (!secret) {
    console.error('[stream] STREAM_WEBHOOK_SECRET is not set; refusing webhooks until it is (Stream will retry)');
    throw new Unavailable('Stream webhooks are not configured on this deployment.');
  }
  const check = await verifyStreamSignature(secret, request.signature, request.rawBody, deps.now);
  if (!check.ok) throw check.status === 401 ? new Unauthorized(check.message) : new Invalid(check.message);

  let notification: z.infer<typeof StreamNotification>;
  try {
    notification = StreamNotification.parse(JSON.parse(request.rawBody));
  } catch {
    throw new Invalid('The webhook body is not a Stream video notification.');
  }
  const schoolId = typeof notification.meta?.schoolId === 'string' ? notification.meta.schoolId : null;
  if (!schoolId) return { received: true as const, enqueued: false };
  const [school] = await deps.platformDb.select({ id: schools.id, slug: schools.slug, d1Binding: schools.d1Binding }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  if (!school) {
    console.warn(`[stream] webhook for video ${notification.uid} names unknown school ${schoolId}; ignored`);
    return { received: true as const, enqueued: false };
  }

  const schoolDb = schoolDbFor(schoolD1(deps.env, school), school.id);
  const receiptId = `stream-webhook:${await sha256Hex(check.signature)}`;
  const seen = observe(notification);
  const recorded = await schoolDb.db
    .insert(eventLogs)
    .values(schoolDb.withSchool({ id: receiptId, eventType: 'stream.webhook_received', entityId: notification.uid, metadata: { state: notification.status.state, signedAt: check.time }, createdAt: deps.now }))
    .onConflictDoNothing()
    .returning({ id: eventLogs.id });
  if (recorded.length === 0) throw new Invalid('This webhook delivery was already received.');

  const message: StreamVideoMessage = { type: STREAM_VIDEO_EVENT, schoolId: school.id, uid: notification.uid, status: seen.status, durationSeconds: seen.durationSeconds, errorMessage: seen.errorMessage, signedAt: check.time };
  try {
    await deps.env.EVENTS.send(message);
  } catch (err) {
    console.error(`[stream] could not enqueue the webhook for ${notification.uid}; answering 503 so Stream retries`, err);
    await schoolDb.db
      .delete(eventLogs)
      .where(schoolDb.scoped(eventLogs, eq(eventLogs.id, receiptId)))
      .catch(() => undefined);
    throw new Unavailable('The notification could not be queued. Please retry.');
  }
  return { received: true as const, enqueued: true };
}
