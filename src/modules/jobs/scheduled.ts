import type { Env } from '../../platform/env.ts';
import { platformDbFor } from '../../platform/db/platform-db.ts';
import { deleteExpiredSignInRows } from '../identity/cleanup.ts';
import { sweepStripeInbox } from '../commerce/webhooks/inbox.ts';
import { sweepPendingMail } from '../mail/delivery.ts';
import { reverifyDueDomains } from '../domains/reverify.ts';
import { sweepAbandonedUploads } from '../media/files/cleanup.ts';

/**
 * Cron entry point. Modules add their periodic work here (domain re-verification, outbox
 * sweep, entitlement expiry); each job runs even if another fails, and failures are logged.
 */
export type ScheduledJob = { name: string; run: (env: Env, now: Date) => Promise<void> };

/** Modules add their periodic jobs to this list. */
const jobs: ScheduledJob[] = [
  {
    name: 'mail.sweep',
    run: async (env, now) => {
      const enqueued = await sweepPendingMail(env, now);
      if (enqueued > 0) console.warn(`[cron] mail.sweep re-enqueued ${enqueued} pending mail(s)`);
    },
  },
  {
    name: 'stripe.inbox-sweep',
    run: async (env, now) => {
      const enqueued = await sweepStripeInbox(env, now);
      if (enqueued > 0) console.warn(`[cron] stripe.inbox-sweep re-enqueued ${enqueued} Stripe event(s)`);
    },
  },
  {
    name: 'domains.reverify',
    run: async (env, now) => {
      const { checked, changed } = await reverifyDueDomains(env, now);
      if (changed > 0) console.warn(`[cron] domains.reverify checked ${checked} domain(s), ${changed} changed state`);
    },
  },
  {
    name: 'media.abandoned-uploads',
    run: async (env, now) => {
      const { removed } = await sweepAbandonedUploads(env, now);
      if (removed > 0) console.warn(`[cron] media.abandoned-uploads gave up ${removed} upload(s) idle for a day`);
    },
  },
  { name: 'identity.cleanup', run: (env, now) => deleteExpiredSignInRows(platformDbFor(env.PLATFORM_DB), now) },
];

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const results = await Promise.allSettled(jobs.map((job) => job.run(env, now)));
  results.forEach((result, i) => {
    if (result.status === 'rejected') console.error(`[cron] ${jobs[i]!.name} failed`, result.reason);
  });
}
