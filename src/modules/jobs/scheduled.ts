import type { Env } from '../../platform/env.ts';

/**
 * Cron entry point. Modules add their periodic work here (domain re-verification, outbox
 * sweep, entitlement expiry); each job runs even if another fails, and failures are logged.
 */
export type ScheduledJob = { name: string; run: (env: Env, now: Date) => Promise<void> };

/** Modules add their periodic jobs to this list. */
const jobs: ScheduledJob[] = [];

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = new Date(controller.scheduledTime);
  const results = await Promise.allSettled(jobs.map((job) => job.run(env, now)));
  results.forEach((result, i) => {
    if (result.status === 'rejected') console.error(`[cron] ${jobs[i]!.name} failed`, result.reason);
  });
}
