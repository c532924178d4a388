import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { platformDbFor, type PlatformDb } from '../../platform/db/platform-db.ts';
import { schoolD1, schoolDbFor } from '../../platform/db/school-db.ts';
import type { Env } from '../../platform/env.ts';
import { schoolMemberships } from '../identity/schema.ts';
import { enqueueMailDelivery } from '../mail/delivery.ts';
import { outboxInsert } from '../mail/outbox.ts';
import { mailOutbox } from '../mail/schema.ts';
import { usersByIds } from '../members/platform-users.ts';
import { senderAddress } from '../tenancy/school-link.ts';
import { schools } from '../tenancy/schema.ts';
import { advanceDomain, type VerificationRow } from './advance.ts';
import { domainVerifications } from './schema.ts';

/** How often each kind of domain is looked up again by the scheduled job. */
const RECHECK_AFTER_MS = {
  /** Waiting for the admin's TXT record (or for Cloudflare's certificate). */
  waiting: 5 * 60_000,
  /** Serving, or stopped after failing: a periodic re-verification. */
  settled: 6 * 3600_000,
};
/** Lookups per cron run: the job stays well inside a scheduled invocation's time. */
const BATCH = 25;

/**
 * Cron: re-verify the domains that are due, oldest check first. Pending and verified ones
 * are looked at every few minutes so a new domain goes live soon after its record appears;
 * active and failed ones every few hours, which is what makes an active domain whose record
 * was removed stop serving after the grace period — and a failed one come back by itself.
 */
export async function reverifyDueDomains(env: Env, now: Date): Promise<{ checked: number; changed: number }> {
  const platformDb = platformDbFor(env.PLATFORM_DB);
  const due = await platformDb
    .select()
    .from(domainVerifications)
    .where(
      or(
        and(inArray(domainVerifications.status, ['pending', 'verified']), or(isNull(domainVerifications.checkedAt), lt(domainVerifications.checkedAt, new Date(now.getTime() - RECHECK_AFTER_MS.waiting)))),
        and(inArray(domainVerifications.status, ['active', 'failed']), or(isNull(domainVerifications.checkedAt), lt(domainVerifications.checkedAt, new Date(now.getTime() - RECHECK_AFTER_MS.settled)))),
      ),
    )
    .orderBy(asc(domainVerifications.checkedAt))
    .limit(BATCH);
  let changed = 0;
  for (const row of due) {
    try {
      const after = await advanceDomain({ platformDb, env }, row, now);
      const news = newsFor(row, after);
      if (after.status !== row.status) changed++;
      if (news) await tellSchoolAdmins(env, platformDb, row.schoolId, news, now);
    } catch (error) {
      console.error(`[domains] re-verifying ${row.hostname} failed`, error);
    }
  }
  return { checked: due.length, changed };
}

type News = { subject: string; text: string };

/** What an admin must hear about: a domain starting to fail, stopping, going live or expiring. */
export function newsFor(before: VerificationRow, after: VerificationRow): News | null {
  const host = before.hostname;
  if (before.status !== 'failed' && after.status === 'failed') {
    return { subject: `${host} has stopped serving your school`, text: `${after.reason ?? ''}\n\nOpen Admin → Domains to check it again once the TXT record is back.` };
  }
  if (!before.failingSince && after.failingSince && after.status === 'active') {
    return { subject: `Action needed: ${host} failed verification`, text: `${after.reason ?? ''}\n\nOpen Admin → Domains for the record to restore.` };
  }
  if (before.status !== 'active' && after.status === 'active') {
    return { subject: `${host} now serves your school`, text: `${host} is verified and active. You can make it the primary address in Admin → Domains.` };
  }
  if (before.status !== 'expired' && after.status === 'expired') {
    return { subject: `${host} was not verified in time`, text: `${after.reason ?? ''}` };
  }
  return null;
}

/** Mail to every active owner and admin of the school, through the outbox. */
async function tellSchoolAdmins(env: Env, platformDb: PlatformDb, schoolId: string, news: News, now: Date): Promise<void> {
  const [school] = await platformDb.select({ slug: schools.slug, name: schools.name, d1Binding: schools.d1Binding }).from(schools).where(eq(schools.id, schoolId));
  if (!school) return;
  const schoolDb = schoolDbFor(schoolD1(env, school), schoolId);
  const admins = await schoolDb.db
    .select({ userId: schoolMemberships.userId })
    .from(schoolMemberships)
    .where(schoolDb.scoped(schoolMemberships, inArray(schoolMemberships.role, ['owner', 'admin']), eq(schoolMemberships.status, 'active')));
  const people = await usersByIds(platformDb, admins.map((a) => a.userId));
  const inserts = [...people.values()].map((person) =>
    outboxInsert(platformDb, { schoolId, kind: 'domain_status', to: person.email, from: senderAddress(env), subject: `${school.name}: ${news.subject}`, text: news.text }, now).returning({ id: mailOutbox.id }),
  );
  if (inserts.length === 0) return;
  const queued = await platformDb.batch(inserts as [(typeof inserts)[number], ...(typeof inserts)[number][]]);
  for (const [row] of queued) await enqueueMailDelivery(env, row!.id);
}
