// edge.ts names the Worker's Env type (only types, nothing at run time), which names D1Database and friends.
/// <reference types="@cloudflare/workers-types" />
import { customHostnameProblem, MAX_CUSTOM_DOMAINS, newVerificationToken, toAsciiHostname, verificationRecord } from '../../src/modules/domains/custom-hostname.ts';
import { deleteEdgeHostname, EdgeError, edgeConfig, type EdgeConfig } from '../../src/modules/domains/edge.ts';
import { afterDnsCheck, afterEdgeCheck, type DnsOutcome, type DomainState, type DomainStatus, outcomeOf, PENDING_WINDOW_MS, serves } from '../../src/modules/domains/states.ts';
import { lookupTxt } from '../../src/modules/domains/txt-lookup.ts';
import { operatorAuditSql } from './audit.ts';
import { OperatorError } from './cli.ts';
import { executePlatform, findSchoolBySlug } from './platform-schools.ts';
import { insertSql, sqlLiteral } from './sql.ts';
import { type D1Gateway, WranglerError, type WranglerTarget } from './wrangler.ts';

/**
 * `hostname:add|verify|remove`: a school's custom domains, for support cases. Each command
 * applies the same rules and writes the same rows as the admin screen and the Worker's
 * scheduled re-verification (src/modules/domains/service.ts and advance.ts), as literal SQL
 * run in one `wrangler d1 execute` (one D1 batch) together with its operator_audit row.
 */

export type HostnameContext = { d1: D1Gateway; actor: string; now?: () => number };

/** A custom domain as the platform database holds it: the claim, its school and its proof. */
export type DomainRow = {
  hostname: string;
  school_id: string;
  slug: string;
  kind: 'subdomain' | 'custom';
  host_status: 'active' | 'pending' | 'disabled';
  is_primary: number;
  /** The verification columns; null for a host without a verification row (subdomains). */
  token: string | null;
  status: DomainStatus | null;
  reason: string | null;
  created_at: number | null;
  checked_at: number | null;
  verified_at: number | null;
  expires_at: number | null;
  failing_since: number | null;
  edge_hostname_id: string | null;
  edge_hostname_status: string | null;
  edge_ssl_status: string | null;
};

/** What the operator sees (and the audit row keeps) of a domain before and after a command. */
export type DomainSnapshot = {
  status: DomainStatus | null;
  reason: string | null;
  hostStatus: string;
  isPrimary: boolean;
  verifiedAt: string | null;
  failingSince: string | null;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function snapshotOf(row: DomainRow): DomainSnapshot {
  return {
    status: row.status,
    reason: row.reason,
    hostStatus: row.host_status,
    isPrimary: row.is_primary === 1,
    verifiedAt: iso(row.verified_at),
    failingSince: iso(row.failing_since),
  };
}

/** The ASCII form of what the operator typed, or a usage-level error. */
export function parseHostnameArg(raw: string): string {
  const hostname = toAsciiHostname(raw);
  if (!hostname) throw new OperatorError(`"${raw}" is not a domain name; pass one such as learn.example.com.`);
  return hostname;
}

const DOMAIN_SQL = `SELECT h.hostname, h.school_id, s.slug, h.kind, h.status AS host_status, h.is_primary,
  v.token, v.status, v.reason, v.created_at, v.checked_at, v.verified_at, v.expires_at, v.failing_since,
  v.edge_hostname_id, v.edge_hostname_status, v.edge_ssl_status
FROM school_hostnames h JOIN schools s ON s.id = h.school_id
LEFT JOIN domain_verifications v ON v.hostname = h.hostname AND v.school_id = h.school_id`;

export function selectDomainSql(hostname: string): string {
  return `${DOMAIN_SQL} WHERE h.hostname = ${sqlLiteral(hostname)};`;
}

export async function findDomain(d1: D1Gateway, hostname: string): Promise<DomainRow | null> {
  const [rows] = await executePlatform(d1, [selectDomainSql(hostname)]);
  return (rows?.[0] as DomainRow | undefined) ?? null;
}

/** The school's primary host now (after a command ran). */
function primaryHostSql(schoolId: string): string {
  return `SELECT hostname FROM school_hostnames WHERE school_id = ${sqlLiteral(schoolId)} AND is_primary = 1 ORDER BY hostname;`;
}

/** advance.ts primaryBackToSubdomain: if `hostname` is the school's primary, its subdomain becomes primary. */
export function primaryBackToSubdomainSql(schoolId: string, hostname: string, onlyIf?: string): string {
  return (
    `UPDATE school_hostnames SET is_primary = (kind = 'subdomain') WHERE school_id = ${sqlLiteral(schoolId)}` +
    ` AND EXISTS (SELECT 1 FROM school_hostnames AS p WHERE p.hostname = ${sqlLiteral(hostname)} AND p.school_id = ${sqlLiteral(schoolId)} AND p.is_primary = 1)` +
    `${onlyIf ? ` AND ${onlyIf}` : ''};`
  );
}

/** The operator_audit row, written only while `condition` (an SQL boolean) holds: no record of a change that did not happen. */
function auditWhenSql(entry: { actor: string; action: string; schoolId: string; details: Record<string, unknown> }, at: number, condition: string): string {
  const insert = operatorAuditSql(entry, at);
  const values = /^INSERT INTO operator_audit \(([^)]*)\) VALUES \((.*)\);$/s.exec(insert);
  if (!values) throw new Error('unexpected operator_audit SQL');
  return `INSERT INTO operator_audit (${values[1]}) SELECT ${values[2]} WHERE ${condition};`;
}

function isUniqueViolation(error: unknown): boolean {
  const text = error instanceof WranglerError ? `${error.message} ${error.stderr}` : error instanceof Error ? error.message : '';
  return /UNIQUE constraint failed|SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)/i.test(text);
}

// ---- add ------------------------------------------------------------------------------

export type Added = {
  schoolId: string;
  slug: string;
  hostname: string;
  record: ReturnType<typeof verificationRecord>;
  expiresAt: Date;
  /** Another school's abandoned claim on this hostname that the new one replaced. */
  released: { slug: string; status: string } | null;
};

/**
 * service.ts releaseAbandonedClaim: another school's claim whose verification window has
 * passed without it serving gives way to a new claim. Active and verified claims never do.
 * The proof goes first (its row references the hostname row: D1 enforces foreign keys), and
 * the claim only if its proof is gone; a claim that came back to life meanwhile stays, and
 * the insert that follows then fails on the hostname's primary key.
 */
function releaseAbandonedClaimSql(hostname: string, claim: { schoolId: string }, at: number): string[] {
  const name = sqlLiteral(hostname);
  return [
    `DELETE FROM domain_verifications WHERE hostname = ${name} AND school_id = ${sqlLiteral(claim.schoolId)} AND status IN ('pending', 'failed', 'expired') AND expires_at < ${at};`,
    `DELETE FROM school_hostnames WHERE hostname = ${name} AND school_id = ${sqlLiteral(claim.schoolId)} AND kind = 'custom'` +
      ` AND NOT EXISTS (SELECT 1 FROM domain_verifications WHERE domain_verifications.hostname = ${name});`,
  ];
}

const isAbandoned = (row: DomainRow, at: number) =>
  row.kind === 'custom' && (row.status === 'pending' || row.status === 'failed' || row.status === 'expired') && row.expires_at !== null && row.expires_at < at;

/** Claims `raw` for the school: the hostname row (custom, pending) and its verification row with a new token. */
export async function addHostname(ctx: HostnameContext & { platformDomain: string }, input: { slug: string; hostname: string }): Promise<Added> {
  const at = (ctx.now ?? Date.now)();
  const hostname = parseHostnameArg(input.hostname);
  const problem = customHostnameProblem(hostname, ctx.platformDomain);
  if (problem) throw new OperatorError(`${hostname}: ${problem}`);
  const school = await findSchoolBySlug(ctx.d1, input.slug.trim());
  if (!school) throw new OperatorError(`No school has the slug "${input.slug.trim()}"; see \`npm run schools:list\`.`);
  if (school.status === 'archived' || school.status === 'provisioning') {
    throw new OperatorError(`"${school.slug}" is ${school.status}; only active or suspended schools get custom domains.`);
  }

  const [existingRows, countRows] = await executePlatform(ctx.d1, [
    selectDomainSql(hostname),
    `SELECT count(*) AS custom FROM school_hostnames WHERE school_id = ${sqlLiteral(school.id)} AND kind = 'custom';`,
  ]);
  const existing = (existingRows?.[0] as DomainRow | undefined) ?? null;
  if (existing?.school_id === school.id) throw new OperatorError(`${hostname} is already one of ${school.slug}'s domains (${existing.status ?? existing.host_status}); nothing was changed.`);
  if (existing && !isAbandoned(existing, at)) {
    throw new OperatorError(`${hostname} belongs to the school "${existing.slug}" (${existing.kind}, ${existing.status ?? existing.host_status}); remove it there first if the customer really owns it.`);
  }
  const custom = Number(countRows?.[0]?.custom ?? 0);
  if (custom >= MAX_CUSTOM_DOMAINS) {
    throw new OperatorError(`"${school.slug}" already has ${custom} custom domains, the most a school can have (${MAX_CUSTOM_DOMAINS}); remove one first.`);
  }

  const token = newVerificationToken();
  const expiresAt = at + PENDING_WINDOW_MS;
  const record = verificationRecord(hostname, token);
  const released = existing ? { slug: existing.slug, status: existing.status ?? existing.host_status } : null;
  try {
    await executePlatform(ctx.d1, [
      ...(existing ? releaseAbandonedClaimSql(hostname, { schoolId: existing.school_id }, at) : []),
      insertSql('school_hostnames', { hostname, school_id: school.id, kind: 'custom', status: 'pending', is_primary: false, created_at: at }, null),
      insertSql('domain_verifications', { hostname, school_id: school.id, token, status: 'pending', created_at: at, expires_at: expiresAt }, null),
      operatorAuditSql(
        {
          actor: ctx.actor,
          action: 'hostname.add',
          schoolId: school.id,
          details: {
            hostname,
            slug: school.slug,
            before: null,
            after: { status: 'pending', hostStatus: 'pending', expiresAt: new Date(expiresAt).toISOString() },
            ...(released ? { releasedFrom: released } : {}),
          },
        },
        at,
      ),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw new OperatorError(`${hostname} was claimed by another school meanwhile; nothing was changed. See \`npm run schools:list\`.`);
    throw error;
  }
  return { schoolId: school.id, slug: school.slug, hostname, record, expiresAt: new Date(expiresAt), released };
}

// ---- verify ---------------------------------------------------------------------------

/** Whether Cloudflare for SaaS creates an edge hostname for a verified domain on this target. */
export type EdgeMode = 'configured' | 'not-configured';

/**
 * Cloudflare for SaaS as the operator's shell sees it: never locally; remotely when
 * CF_ZONE_ID and CF_API_TOKEN are set (CF_API_BASE points at a fake, for tests).
 */
export function edgeConfigFor(target: Pick<WranglerTarget, 'mode'>, env: NodeJS.ProcessEnv = process.env): EdgeConfig | null {
  if (target.mode === 'local') return null;
  return edgeConfig({ CF_ZONE_ID: env.CF_ZONE_ID, CF_API_TOKEN: env.CF_API_TOKEN, CF_API_BASE: env.CF_API_BASE });
}

export type Verified = {
  hostname: string;
  slug: string;
  schoolId: string;
  record: ReturnType<typeof verificationRecord>;
  /** What DNS said, or 'forced' when the operator vouched for the domain. */
  outcome: DnsOutcome | 'forced';
  /** The resolver's own words for a lookup that failed (network error, HTTP status). */
  lookupProblem: string | null;
  before: DomainSnapshot;
  after: DomainSnapshot;
  edge: EdgeMode;
  /** The school's primary host after the command. */
  primary: string | null;
  /** Set when the verification row changed between reading and writing (checked again, removed, re-added). */
  raced: boolean;
};

const stateOfRow = (row: DomainRow): DomainState => ({
  status: row.status!,
  reason: row.reason,
  verifiedAt: row.verified_at === null ? null : new Date(row.verified_at),
  expiresAt: new Date(row.expires_at!),
  failingSince: row.failing_since === null ? null : new Date(row.failing_since),
});

/** advance.ts saveState: the hostname serves only while its domain is active. */
export const hostStatusFor = (status: DomainStatus): 'active' | 'pending' | 'disabled' =>
  serves(status) ? 'active' : status === 'failed' || status === 'expired' ? 'disabled' : 'pending';

async function customDomain(d1: D1Gateway, hostname: string): Promise<DomainRow & { token: string; status: DomainStatus; expires_at: number }> {
  const row = await findDomain(d1, hostname);
  if (!row) throw new OperatorError(`No school has the hostname ${hostname}; see \`npm run schools:list\`.`);
  if (row.kind === 'subdomain') throw new OperatorError(`${hostname} is the subdomain of "${row.slug}", not a custom domain; subdomains are not verified or removed.`);
  if (row.token === null || row.status === null || row.expires_at === null) {
    throw new OperatorError(`${hostname} ("${row.slug}") has no verification row; remove it with hostname:remove and add it again.`);
  }
  return row as DomainRow & { token: string; status: DomainStatus; expires_at: number };
}

/**
 * Looks the TXT record up (or, with `force`, vouches for the domain without DNS), applies the
 * state machine and, once verified, the edge step: active at once without Cloudflare for
 * SaaS; with it the domain stays verified and the Worker's scheduled job creates the custom
 * hostname. Writes what advance.ts saveState writes, only if the row is still the one read.
 */
export async function verifyHostname(
  ctx: HostnameContext & { edge: EdgeMode; dohUrl?: string },
  input: { hostname: string; force?: { reason: string } },
): Promise<Verified> {
  const hostname = parseHostnameArg(input.hostname);
  let forceReason: string | null = null;
  if (input.force) {
    forceReason = input.force.reason.trim();
    if (forceReason.length === 0) throw new OperatorError('--force needs --reason: say how the customer proved control of the domain, for the record.');
    if (forceReason.length > 500) throw new OperatorError(`--reason can be at most 500 characters; it has ${forceReason.length}.`);
  }
  const row = await customDomain(ctx.d1, hostname);
  const record = verificationRecord(row.hostname, row.token);
  const before = stateOfRow(row);

  let outcome: DnsOutcome | 'forced';
  let lookupProblem: string | null = null;
  let state: DomainState;
  if (forceReason !== null) {
    outcome = 'forced';
    // verified without DNS; an active domain stays active (only its grace clock stops),
    // since "verified" would take it offline until the edge step runs again.
    const now = new Date((ctx.now ?? Date.now)());
    state =
      before.status === 'active'
        ? { ...before, reason: null, failingSince: null }
        : { ...before, status: 'verified', reason: null, verifiedAt: now, failingSince: null };
  } else {
    if (before.status === 'expired') {
      throw new OperatorError(
        `${hostname} expired: it was not verified before ${before.expiresAt.toISOString()}. Remove it and add it again for a new TXT value, or use --force --reason "…" if the customer proved control another way.`,
      );
    }
    const lookup = await lookupTxt(record.name, ctx.dohUrl ? { dohUrl: ctx.dohUrl } : {});
    if (lookup.kind === 'error') lookupProblem = lookup.message;
    outcome = outcomeOf(lookup, record.value);
    state = afterDnsCheck(before, outcome, record.name, new Date((ctx.now ?? Date.now)()));
  }
  if (state.status === 'verified' && ctx.edge === 'not-configured') state = afterEdgeCheck(state, 'not-configured');

  const at = (ctx.now ?? Date.now)();
  const hostStatus = hostStatusFor(state.status);
  // As advance.ts saveState: only over the row as it was read (same token, status and last
  // check), so a scheduled check or "Check now" that wrote meanwhile is never undone; the
  // verification row is written last, so the statements before it see the row as read.
  const same =
    `domain_verifications.hostname = ${sqlLiteral(row.hostname)} AND domain_verifications.school_id = ${sqlLiteral(row.school_id)} AND domain_verifications.token = ${sqlLiteral(row.token)}` +
    ` AND domain_verifications.status = ${sqlLiteral(row.status)} AND domain_verifications.checked_at IS ${sqlLiteral(row.checked_at)}`;
  const stillSame = `EXISTS (SELECT 1 FROM domain_verifications WHERE ${same})`;
  const ms = (d: Date | null) => (d === null ? null : d.getTime());
  const afterSnapshot: DomainSnapshot = {
    status: state.status,
    reason: state.reason,
    hostStatus,
    isPrimary: hostStatus === 'active' && row.is_primary === 1,
    verifiedAt: iso(ms(state.verifiedAt)),
    failingSince: iso(ms(state.failingSince)),
  };
  const results = await executePlatform(ctx.d1, [
    `UPDATE school_hostnames SET status = ${sqlLiteral(hostStatus)} WHERE hostname = ${sqlLiteral(row.hostname)} AND school_id = ${sqlLiteral(row.school_id)} AND ${stillSame};`,
    // A primary host that stops serving hands "primary" back to the school's subdomain.
    ...(hostStatus === 'active' ? [] : [primaryBackToSubdomainSql(row.school_id, row.hostname, stillSame)]),
    auditWhenSql(
      {
        actor: ctx.actor,
        action: 'hostname.verify',
        schoolId: row.school_id,
        details: {
          hostname: row.hostname,
          slug: row.slug,
          dns: outcome,
          ...(forceReason !== null ? { forced: true, reason: forceReason } : {}),
          edge: ctx.edge,
          before: snapshotOf(row),
          after: afterSnapshot,
        },
      },
      at,
      stillSame,
    ),
    `UPDATE domain_verifications SET status = ${sqlLiteral(state.status)}, reason = ${sqlLiteral(state.reason)}, verified_at = ${sqlLiteral(ms(state.verifiedAt))},` +
      ` failing_since = ${sqlLiteral(ms(state.failingSince))}, checked_at = ${at} WHERE ${same};`,
    selectDomainSql(row.hostname),
    primaryHostSql(row.school_id),
  ]);
  const afterRow = (results.at(-2)?.[0] as DomainRow | undefined) ?? null;
  const raced = afterRow?.token !== row.token || afterRow.checked_at !== at;
  return {
    hostname: row.hostname,
    slug: row.slug,
    schoolId: row.school_id,
    record,
    outcome,
    lookupProblem,
    before: snapshotOf(row),
    after: afterRow && !raced ? snapshotOf(afterRow) : afterSnapshot,
    edge: ctx.edge,
    primary: (results.at(-1)?.[0]?.hostname as string | undefined) ?? null,
    raced,
  };
}

// ---- remove ---------------------------------------------------------------------------

export type Removed = {
  hostname: string;
  slug: string;
  schoolId: string;
  before: DomainSnapshot;
  /** The school's primary host after the removal. */
  primary: string | null;
  /** The Cloudflare for SaaS custom hostname, if the domain had one. */
  edge: { id: string; deleted: true } | { id: string; deleted: false; problem: string } | null;
  /** False when the rows were already gone by the time the removal ran (removed meanwhile). */
  removed: boolean;
};

/**
 * Removes a custom domain (never a subdomain): its Cloudflare for SaaS hostname first when
 * this shell can reach Cloudflare, then — in one batch — primary handed back to the
 * subdomain, the verification row and the hostname row deleted, and the audit row.
 */
export async function removeHostname(ctx: HostnameContext & { edge: EdgeConfig | null }, input: { hostname: string }): Promise<Removed> {
  const hostname = parseHostnameArg(input.hostname);
  const row = await findDomain(ctx.d1, hostname);
  if (!row) throw new OperatorError(`No school has the hostname ${hostname}; see \`npm run schools:list\`.`);
  if (row.kind !== 'custom') {
    throw new OperatorError(`${hostname} is the subdomain of "${row.slug}"; a school's subdomain cannot be removed (suspend the school with school:suspend instead).`);
  }

  let edge: Removed['edge'] = null;
  if (row.edge_hostname_id) {
    if (!ctx.edge) {
      edge = { id: row.edge_hostname_id, deleted: false, problem: 'this command cannot reach Cloudflare for SaaS here (--local, or CF_ZONE_ID and CF_API_TOKEN not set in this shell)' };
    } else {
      try {
        await deleteEdgeHostname(ctx.edge, row.edge_hostname_id);
        edge = { id: row.edge_hostname_id, deleted: true };
      } catch (error) {
        if (!(error instanceof EdgeError)) throw error;
        // The domain stops serving regardless: without its hostname row the Worker answers 404.
        edge = { id: row.edge_hostname_id, deleted: false, problem: error.message };
      }
    }
  }

  const at = (ctx.now ?? Date.now)();
  const where = `hostname = ${sqlLiteral(row.hostname)} AND school_id = ${sqlLiteral(row.school_id)}`;
  const results = await executePlatform(ctx.d1, [
    primaryBackToSubdomainSql(row.school_id, row.hostname),
    // Before the deletes, and only if there is something to delete.
    auditWhenSql(
      {
        actor: ctx.actor,
        action: 'hostname.remove',
        schoolId: row.school_id,
        details: {
          hostname: row.hostname,
          slug: row.slug,
          before: { ...snapshotOf(row), edgeHostnameId: row.edge_hostname_id },
          after: null,
          edge: edge === null ? null : edge.deleted ? { id: edge.id, deleted: true } : { id: edge.id, deleted: false, problem: edge.problem },
        },
      },
      at,
      `EXISTS (SELECT 1 FROM school_hostnames WHERE ${where} AND kind = 'custom')`,
    ),
    `SELECT count(*) AS n FROM school_hostnames WHERE ${where} AND kind = 'custom';`,
    `DELETE FROM domain_verifications WHERE ${where};`,
    `DELETE FROM school_hostnames WHERE ${where} AND kind = 'custom';`,
    primaryHostSql(row.school_id),
  ]);
  return {
    hostname: row.hostname,
    slug: row.slug,
    schoolId: row.school_id,
    before: snapshotOf(row),
    primary: (results.at(-1)?.[0]?.hostname as string | undefined) ?? null,
    edge,
    removed: Number(results[2]?.[0]?.n ?? 0) > 0,
  };
}

/** What the operator deletes by hand when this shell could not delete the Cloudflare custom hostname. */
export function manualEdgeDeletion(id: string, hostname: string): string {
  return (
    `Delete the Cloudflare for SaaS custom hostname ${hostname} (id ${id}) yourself: dashboard → your SaaS zone → SSL/TLS → Custom Hostnames, or\n` +
    `  curl -X DELETE -H "Authorization: Bearer $CF_API_TOKEN" https://api.cloudflare.com/client/v4/zones/$CF_ZONE_ID/custom_hostnames/${id}`
  );
}
