import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import type { Env } from '../../platform/env.ts';
import { schoolHostnames } from '../tenancy/schema.ts';
import { forgetResolvedSchools } from '../tenancy/resolve-school.ts';
import { verificationRecord } from './custom-hostname.ts';
import { createEdgeHostname, EdgeError, edgeConfig, readEdgeHostname, type EdgeHostname } from './edge.ts';
import { domainVerifications } from './schema.ts';
import { afterDnsCheck, afterEdgeCheck, type DomainState, outcomeOf, serves } from './states.ts';
import { lookupTxt } from './txt-lookup.ts';

export type VerificationRow = typeof domainVerifications.$inferSelect;
type AdvanceEnv = Pick<Env, 'DOH_URL' | 'CF_ZONE_ID' | 'CF_API_TOKEN' | 'CF_API_BASE'>;

/**
 * One step of a domain's life: look the TXT record up, apply the state machine, bring the
 * Cloudflare for SaaS hostname along, and store the result — the verification row and the
 * hostname's serving status in one batch. Used by "Check now", the scheduled job and the
 * operator command, so all three move a domain the same way.
 */
export async function advanceDomain(deps: { platformDb: PlatformDb; env: AdvanceEnv }, row: VerificationRow, now: Date): Promise<VerificationRow> {
  const record = verificationRecord(row.hostname, row.token);
  const lookup = await lookupTxt(record.name, { dohUrl: deps.env.DOH_URL });
  let state = afterDnsCheck(stateOf(row), outcomeOf(lookup, record.value), record.name, now);
  let edge = { id: row.edgeHostnameId, hostnameStatus: row.edgeHostnameStatus, sslStatus: row.edgeSslStatus };
  if (state.status === 'verified') {
    const config = edgeConfig(deps.env);
    if (!config) {
      state = afterEdgeCheck(state, 'not-configured');
    } else {
      try {
        const current: EdgeHostname = (row.edgeHostnameId && (await readEdgeHostname(config, row.edgeHostnameId))) || (await createEdgeHostname(config, row.hostname));
        edge = current;
        state = afterEdgeCheck(state, current);
      } catch (error) {
        if (!(error instanceof EdgeError)) throw error;
        state = { ...state, reason: `Verified. ${error.message} We will try again.` };
      }
    }
  }
  return saveState(deps.platformDb, row, state, edge, now);
}

function stateOf(row: VerificationRow): DomainState {
  return { status: row.status, reason: row.reason, verifiedAt: row.verifiedAt, expiresAt: row.expiresAt, failingSince: row.failingSince };
}

export async function saveState(
  platformDb: PlatformDb,
  row: VerificationRow,
  state: DomainState,
  edge: { id: string | null; hostnameStatus: string | null; sslStatus: string | null },
  now: Date,
): Promise<VerificationRow> {
  const next: VerificationRow = {
    ...row,
    ...state,
    checkedAt: now,
    edgeHostnameId: edge.id,
    edgeHostnameStatus: edge.hostnameStatus,
    edgeSslStatus: edge.sslStatus,
  };
  // Written only if the row is still the one we read: same school and token (a domain removed
  // and claimed again meanwhile is not overwritten with a stale answer), and not checked since
  // (a "Check now" and the scheduled job racing cannot undo each other's newer answer, e.g.
  // fail a domain that a newer check just found healthy). The verification row is written
  // last, so every statement before it still sees the row as it was read.
  const same = and(
    eq(domainVerifications.hostname, row.hostname),
    eq(domainVerifications.schoolId, row.schoolId),
    eq(domainVerifications.token, row.token),
    eq(domainVerifications.status, row.status),
    row.checkedAt ? eq(domainVerifications.checkedAt, row.checkedAt) : isNull(domainVerifications.checkedAt),
  );
  const unchanged = sql`exists (select 1 from ${domainVerifications} where ${same})`;
  const hostStatus = serves(state.status) ? 'active' : state.status === 'failed' || state.status === 'expired' ? 'disabled' : 'pending';
  const sameHost = and(eq(schoolHostnames.hostname, row.hostname), eq(schoolHostnames.schoolId, row.schoolId), unchanged);
  const results = await platformDb.batch([
    platformDb.update(schoolHostnames).set({ status: hostStatus }).where(sameHost),
    // A primary host that stops serving hands "primary" back to the school's subdomain,
    // so the school keeps one working address and nothing redirects to a dead host.
    ...(hostStatus === 'active' ? [] : [primaryBackToSubdomain(platformDb, row.schoolId, row.hostname, unchanged)]),
    platformDb
      .update(domainVerifications)
      .set({
        status: next.status,
        reason: next.reason,
        verifiedAt: next.verifiedAt,
        failingSince: next.failingSince,
        checkedAt: now,
        edgeHostnameId: next.edgeHostnameId,
        edgeHostnameStatus: next.edgeHostnameStatus,
        edgeSslStatus: next.edgeSslStatus,
      })
      .where(same),
  ]);
  // Someone else wrote first: nothing of ours was stored, so callers see no change.
  if ((results.at(-1) as { meta?: { changes?: number } } | undefined)?.meta?.changes === 0) return row;
  if (row.status !== next.status) forgetResolvedSchools();
  return next;
}

/** If `hostname` is the school's primary host, make its subdomain primary instead. */
export function primaryBackToSubdomain(platformDb: PlatformDb, schoolId: string, hostname: string, onlyIf?: SQL) {
  return platformDb
    .update(schoolHostnames)
    .set({ isPrimary: sql`${schoolHostnames.kind} = 'subdomain'` })
    .where(
      and(
        eq(schoolHostnames.schoolId, schoolId),
        sql`exists (select 1 from ${schoolHostnames} as p where p.hostname = ${hostname} and p.school_id = ${schoolId} and p.is_primary = 1)`,
        onlyIf,
      ),
    );
}
