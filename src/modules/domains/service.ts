import { and, asc, count, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { insertWhere } from '../../platform/db/guarded-write.ts';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { Conflict, Invalid, NotFound } from '../../platform/errors.ts';
import type { SchoolCtx } from '../../platform/school-ctx.ts';
import { auditValues } from '../audit/record.ts';
import { auditLogs } from '../audit/schema.ts';
import { requireRole } from '../identity/actor.ts';
import { schoolHostnames } from '../tenancy/schema.ts';
import { forgetResolvedSchools } from '../tenancy/resolve-school.ts';
import { advanceDomain, primaryBackToSubdomain, type VerificationRow } from './advance.ts';
import { customHostnameProblem, HostnameInput, MAX_CUSTOM_DOMAINS, newVerificationToken, toAsciiHostname, verificationRecord } from './custom-hostname.ts';
import { deleteEdgeHostname, EdgeError, edgeConfig } from './edge.ts';
import { domainVerifications } from './schema.ts';
import { GRACE_MS, PENDING_WINDOW_MS } from './states.ts';

/*
 * Custom domains, as a school admin manages them: add (claim + token), check now, make
 * primary, remove. Every host a school has is listed — its subdomain too — because the
 * primary choice is among all of them. A hostname belongs to at most one school: the
 * primary key of `school_hostnames` decides a race, inside the same batch that writes the
 * verification row.
 */

export type DomainView = {
  hostname: string;
  kind: 'subdomain' | 'custom';
  /** The verification state for custom domains; subdomains are always active. */
  status: 'pending' | 'verified' | 'active' | 'failed' | 'expired';
  isPrimary: boolean;
  reason: string | null;
  record: { type: 'TXT'; name: string; value: string } | null;
  createdAt: string;
  checkedAt: string | null;
  verifiedAt: string | null;
  expiresAt: string | null;
  /** When a failing active domain stops serving unless its record comes back. */
  stopsServingAt: string | null;
  edge: { hostnameStatus: string | null; sslStatus: string | null } | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function viewOf(host: typeof schoolHostnames.$inferSelect, verification: VerificationRow | null): DomainView {
  if (!verification) {
    return { hostname: host.hostname, kind: host.kind, status: host.status === 'active' ? 'active' : 'failed', isPrimary: host.isPrimary, reason: null, record: null, createdAt: host.createdAt.toISOString(), checkedAt: null, verifiedAt: null, expiresAt: null, stopsServingAt: null, edge: null };
  }
  return {
    hostname: host.hostname,
    kind: host.kind,
    status: verification.status,
    isPrimary: host.isPrimary,
    reason: verification.reason,
    record: verificationRecord(host.hostname, verification.token),
    createdAt: host.createdAt.toISOString(),
    checkedAt: iso(verification.checkedAt),
    verifiedAt: iso(verification.verifiedAt),
    expiresAt: verification.status === 'pending' ? iso(verification.expiresAt) : null,
    stopsServingAt: verification.failingSince && verification.status !== 'failed' ? iso(new Date(verification.failingSince.getTime() + GRACE_MS)) : null,
    edge: verification.edgeHostnameId ? { hostnameStatus: verification.edgeHostnameStatus, sslStatus: verification.edgeSslStatus } : null,
  };
}

async function hostsOf(platformDb: PlatformDb, schoolId: string) {
  return platformDb
    .select({ host: schoolHostnames, verification: domainVerifications })
    .from(schoolHostnames)
    .leftJoin(domainVerifications, and(eq(domainVerifications.hostname, schoolHostnames.hostname), eq(domainVerifications.schoolId, schoolId)))
    .where(eq(schoolHostnames.schoolId, schoolId))
    .orderBy(desc(schoolHostnames.isPrimary), desc(schoolHostnames.kind), asc(schoolHostnames.createdAt));
}

/** GET /api/admin/domains */
export async function listDomains({ ctx }: { ctx: SchoolCtx }) {
  requireRole(ctx.actor, 'admin');
  const rows = await hostsOf(ctx.platformDb, ctx.school.id);
  return {
    domains: rows.map(({ host, verification }) => viewOf(host, verification)),
    /** With Cloudflare for SaaS, custom domains also need a CNAME to this target. */
    cnameTarget: edgeConfig(ctx.env) ? (ctx.env.CF_SAAS_CNAME_TARGET ?? null) : null,
    maxCustomDomains: MAX_CUSTOM_DOMAINS,
  };
}

function parseHostname(ctx: SchoolCtx, input: unknown): string {
  const parsed = HostnameInput.safeParse(input);
  if (!parsed.success) throw new Invalid(parsed.error.issues[0]!.message);
  const hostname = toAsciiHostname(parsed.data.hostname);
  if (!hostname) throw new Invalid('That is not a domain name. Enter one such as learn.example.com.');
  const problem = customHostnameProblem(hostname, ctx.env.PLATFORM_DOMAIN);
  if (problem) throw new Invalid(problem);
  return hostname;
}

/** POST /api/admin/domains {hostname} */
export async function addDomain({ ctx, input }: { ctx: SchoolCtx; input: unknown }) {
  const actor = requireRole(ctx.actor, 'admin');
  const hostname = parseHostname(ctx, input);
  const { platformDb } = ctx;
  const [[existing], [counted]] = await platformDb.batch([
    platformDb.select({ schoolId: schoolHostnames.schoolId }).from(schoolHostnames).where(eq(schoolHostnames.hostname, hostname)),
    platformDb.select({ custom: count() }).from(schoolHostnames).where(and(eq(schoolHostnames.schoolId, ctx.school.id), eq(schoolHostnames.kind, 'custom'))),
  ] as const);
  if (existing?.schoolId === ctx.school.id) throw new Conflict(`${hostname} is already one of this school's domains.`);
  if ((counted?.custom ?? 0) >= MAX_CUSTOM_DOMAINS) throw new Conflict(`A school can have at most ${MAX_CUSTOM_DOMAINS} domains of its own. Remove one first.`);
  const token = newVerificationToken();
  const expiresAt = new Date(ctx.now.getTime() + PENDING_WINDOW_MS);
  // The limit is checked again inside the batch: two adds racing past the read above cannot
  // both land a fifth domain. The proof is written only where its claim was.
  const underLimit = sql`(select count(*) from ${schoolHostnames} where ${schoolHostnames.schoolId} = ${ctx.school.id} and ${schoolHostnames.kind} = 'custom') < ${MAX_CUSTOM_DOMAINS}`;
  const claimed = sql`exists (select 1 from ${schoolHostnames} where ${schoolHostnames.hostname} = ${hostname} and ${schoolHostnames.schoolId} = ${ctx.school.id} and ${schoolHostnames.createdAt} = ${ctx.now.getTime()})`;
  let inserted: number;
  try {
    const results = await platformDb.batch([
      ...releaseAbandonedClaim(platformDb, hostname, ctx.school.id, ctx.now),
      insertWhere(platformDb, schoolHostnames, { hostname, schoolId: ctx.school.id, kind: 'custom', status: 'pending', isPrimary: false, createdAt: ctx.now }, underLimit),
      insertWhere(platformDb, domainVerifications, { hostname, schoolId: ctx.school.id, token, status: 'pending', createdAt: ctx.now, expiresAt }, claimed),
    ]);
    inserted = (results[2] as D1Result).meta.changes;
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict(`${hostname} is already used by another school. If it is yours, contact support.`);
    throw error;
  }
  if (inserted === 0) throw new Conflict(`A school can have at most ${MAX_CUSTOM_DOMAINS} domains of its own. Remove one first.`);
  await ctx.schoolDb.db.insert(auditLogs).values(
    auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'domain.added', entityType: 'domain', entityId: hostname, metadata: { before: null, after: { hostname, status: 'pending' } }, now: ctx.now }),
  );
  // The rows just written, as written: no read back needed.
  const host = { hostname, schoolId: ctx.school.id, kind: 'custom' as const, status: 'pending' as const, isPrimary: false, createdAt: ctx.now };
  const verification: VerificationRow = { hostname, schoolId: ctx.school.id, token, status: 'pending', reason: null, createdAt: ctx.now, checkedAt: null, verifiedAt: null, expiresAt, failingSince: null, edgeHostnameId: null, edgeHostnameStatus: null, edgeSslStatus: null };
  return { domain: viewOf(host, verification) };
}

/**
 * Another school's claim that never became (or stopped being) a working domain does not
 * block a hostname forever: once its verification window has passed, a new claim takes
 * its place. Active and verified claims are never released this way.
 */
function releaseAbandonedClaim(platformDb: PlatformDb, hostname: string, schoolId: string, now: Date) {
  const abandoned = and(
    eq(domainVerifications.hostname, hostname),
    ne(domainVerifications.schoolId, schoolId),
    inArray(domainVerifications.status, ['pending', 'failed', 'expired']),
    lt(domainVerifications.expiresAt, now),
  );
  // The proof goes first (the hostname row is its foreign key's parent), then the claim
  // it leaves without proof. Every custom hostname row is written with its proof.
  return [
    platformDb.delete(domainVerifications).where(abandoned),
    platformDb
      .delete(schoolHostnames)
      .where(
        and(
          eq(schoolHostnames.hostname, hostname),
          eq(schoolHostnames.kind, 'custom'),
          ne(schoolHostnames.schoolId, schoolId),
          ne(schoolHostnames.status, 'active'),
          sql`not exists (select 1 from ${domainVerifications} where ${domainVerifications.hostname} = ${hostname})`,
        ),
      ),
  ] as const;
}

function isUniqueViolation(error: unknown): boolean {
  const text = `${error instanceof Error ? error.message : ''} ${error instanceof Error && error.cause instanceof Error ? error.cause.message : ''}`;
  return /UNIQUE constraint failed/i.test(text);
}

async function customDomainOf(ctx: SchoolCtx, hostname: string): Promise<VerificationRow> {
  const [row] = await ctx.platformDb
    .select()
    .from(domainVerifications)
    .where(and(eq(domainVerifications.hostname, hostname), eq(domainVerifications.schoolId, ctx.school.id)));
  if (!row) throw new NotFound('This school has no such domain.');
  return row;
}

/** POST /api/admin/domains/:hostname/check: look the TXT record up now. */
export async function checkDomain({ ctx, input }: { ctx: SchoolCtx; input: { hostname: string } }) {
  const actor = requireRole(ctx.actor, 'admin');
  const row = await customDomainOf(ctx, input.hostname.toLowerCase());
  if (row.status === 'expired') throw new Conflict('This domain was not verified in time. Remove it and add it again to get a new TXT value.');
  const after = await advanceDomain(ctx, row, ctx.now);
  if (after.status !== row.status) {
    await ctx.schoolDb.db.insert(auditLogs).values(
      auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'domain.status_changed', entityType: 'domain', entityId: row.hostname, metadata: { before: { status: row.status }, after: { status: after.status } }, now: ctx.now }),
    );
  }
  const rows = await hostsOf(ctx.platformDb, ctx.school.id);
  const current = rows.find((r) => r.host.hostname === row.hostname);
  if (!current) throw new NotFound('This school has no such domain.');
  return { domain: viewOf(current.host, current.verification) };
}

/** POST /api/admin/domains/:hostname/primary: the host every other host redirects to. */
export async function makePrimaryHost({ ctx, input }: { ctx: SchoolCtx; input: { hostname: string } }) {
  const actor = requireRole(ctx.actor, 'admin');
  const hostname = input.hostname.toLowerCase();
  const { platformDb } = ctx;
  const hosts = await hostsOf(platformDb, ctx.school.id);
  const target = hosts.find((row) => row.host.hostname === hostname)?.host;
  if (!target) throw new NotFound('This school has no such domain.');
  if (target.status !== 'active') throw new Conflict('Only a domain that is active can be primary. Verify it first.');
  const before = hosts.find((row) => row.host.isPrimary)?.host.hostname ?? null;
  // One statement: the flag moves only while the target is still active, and never leaves
  // the school without a primary host or with two.
  const result = await platformDb
    .update(schoolHostnames)
    .set({ isPrimary: sql`${schoolHostnames.hostname} = ${hostname}` })
    .where(
      and(
        eq(schoolHostnames.schoolId, ctx.school.id),
        sql`exists (select 1 from ${schoolHostnames} as t where t.hostname = ${hostname} and t.school_id = ${ctx.school.id} and t.status = 'active')`,
      ),
    );
  if ((result.meta?.changes ?? 0) === 0) throw new Conflict('Only a domain that is active can be primary. Verify it first.');
  forgetResolvedSchools();
  await ctx.schoolDb.db.insert(auditLogs).values(
    auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'domain.primary_changed', entityType: 'domain', entityId: hostname, metadata: { before: { primary: before }, after: { primary: hostname } }, now: ctx.now }),
  );
  return listDomains({ ctx });
}

/** DELETE /api/admin/domains/:hostname: stops serving at once; the subdomain cannot be removed. */
export async function removeDomain({ ctx, input }: { ctx: SchoolCtx; input: { hostname: string } }) {
  const actor = requireRole(ctx.actor, 'admin');
  const row = await customDomainOf(ctx, input.hostname.toLowerCase());
  const warnings: string[] = [];
  const config = edgeConfig(ctx.env);
  if (config && row.edgeHostnameId) {
    try {
      await deleteEdgeHostname(config, row.edgeHostnameId);
    } catch (error) {
      if (!(error instanceof EdgeError)) throw error;
      // The domain stops serving here regardless: without our hostname row, the Worker
      // answers 404 for it. The leftover Cloudflare hostname is for the operator to delete.
      console.error(`[domains] ${row.hostname}: ${error.message}`);
      warnings.push(`The domain no longer serves this school, but Cloudflare did not confirm removing it (${error.message}).`);
    }
  }
  await removeDomainRows(ctx.platformDb, row);
  await ctx.schoolDb.db.insert(auditLogs).values(
    auditValues(ctx.schoolDb, { actorUserId: actor.user.id, action: 'domain.removed', entityType: 'domain', entityId: row.hostname, metadata: { before: { hostname: row.hostname, status: row.status }, after: null }, now: ctx.now }),
  );
  return { removed: row.hostname, warnings };
}

/** The hostname and its proof, gone together; a primary host hands over to the subdomain first. */
export async function removeDomainRows(platformDb: PlatformDb, row: Pick<VerificationRow, 'hostname' | 'schoolId'>) {
  await platformDb.batch([
    primaryBackToSubdomain(platformDb, row.schoolId, row.hostname),
    platformDb.delete(domainVerifications).where(and(eq(domainVerifications.hostname, row.hostname), eq(domainVerifications.schoolId, row.schoolId))),
    platformDb
      .delete(schoolHostnames)
      .where(and(eq(schoolHostnames.hostname, row.hostname), eq(schoolHostnames.schoolId, row.schoolId), eq(schoolHostnames.kind, 'custom'))),
  ]);
  forgetResolvedSchools();
}
