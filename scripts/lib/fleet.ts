import type { SchoolStatus } from '../../src/modules/tenancy/schema.ts';
import { operatorAuditSql } from './audit.ts';
import { OperatorError } from './cli.ts';
import { executePlatform, readFleet } from './platform-schools.ts';
import { type D1Gateway, WranglerError } from './wrangler.ts';
import { type D1BindingConfig, PLATFORM_BINDING } from './wrangler-config.ts';

/** The whole fleet at once: what `schools:list` shows and what `schools:migrate` walks. */

export type SchoolListing = {
  slug: string;
  name: string;
  status: SchoolStatus;
  isPublic: boolean;
  binding: string;
  hostnames: Array<{ hostname: string; kind: string; status: string; isPrimary: boolean }>;
  /** The newest migration recorded in the school's own d1_migrations; null if none. */
  latestMigration: string | null;
  /** Why latestMigration could not be read, if it could not. */
  problem: string | null;
};

export async function listSchools(d1: D1Gateway, configured: D1BindingConfig[]): Promise<SchoolListing[]> {
  const { schools, hostnames } = await readFleet(d1);
  const bound = new Set(configured.map((entry) => entry.binding));
  const listings: SchoolListing[] = [];
  // One wrangler call per school database, in turn: on a small machine parallel wrangler
  // processes are slower than sequential ones.
  for (const school of schools) {
    let latestMigration: string | null = null;
    let problem: string | null = null;
    if (!bound.has(school.d1_binding)) {
      problem = `${school.d1_binding} is not in wrangler.toml`;
    } else {
      try {
        const [rows] = await d1.execute(school.d1_binding, ['SELECT name FROM d1_migrations ORDER BY id DESC LIMIT 1;']);
        latestMigration = (rows?.[0]?.name as string | undefined) ?? null;
      } catch (error) {
        // A database no migration ever ran on has no d1_migrations table: that is "none".
        if (!(error instanceof WranglerError && error.message.includes('no such table: d1_migrations'))) problem = (error as Error).message;
      }
    }
    listings.push({
      slug: school.slug,
      name: school.name,
      status: school.status,
      isPublic: Boolean(school.is_public),
      binding: school.d1_binding,
      hostnames: hostnames
        .filter((host) => host.school_id === school.id)
        .map((host) => ({ hostname: host.hostname, kind: host.kind, status: host.status, isPrimary: Boolean(host.is_primary) })),
      latestMigration,
      problem,
    });
  }
  return listings;
}

export function formatSchoolTable(listings: SchoolListing[]): string {
  const header = ['slug', 'name', 'status', 'public', 'hostnames', 'migration'];
  const rows = listings.map((school) => [
    school.slug,
    school.name,
    school.status,
    school.isPublic ? 'yes' : 'no',
    school.hostnames.map((host) => (host.status === 'active' ? host.hostname : `${host.hostname} (${host.status})`)).join(', ') || '-',
    school.problem ? `? (${school.problem})` : (school.latestMigration ?? 'none'),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export type MigrationRun = Array<{ binding: string; applied: string[] }>;

/**
 * The platform database first, then every school database the config names, in order.
 * Stops at the first failure; what ran before it stays applied, so a re-run resumes.
 */
export async function migrateFleet(ctx: { d1: D1Gateway; actor: string; log: (line: string) => void }, schoolBindings: string[]): Promise<MigrationRun> {
  const databases = [PLATFORM_BINDING, ...schoolBindings];
  const done: MigrationRun = [];
  for (const [index, binding] of databases.entries()) {
    const prefix = `[${index + 1}/${databases.length}] ${binding} ...`;
    let applied: string[];
    try {
      applied = await ctx.d1.applyMigrations(binding);
    } catch (error) {
      ctx.log(`${prefix} failed`);
      await recordRun(ctx, done, binding);
      const remaining = databases.length - index - 1;
      throw new OperatorError(
        `Migrating ${binding} failed: ${(error as Error).message}. ${index} database(s) before it are up to date` +
          `${remaining ? ` and ${remaining} after it were not tried` : ''}; fix the migration or the database, then run schools:migrate again (applied migrations are skipped).`,
      );
    }
    ctx.log(`${prefix} ok (${applied.length} applied)`);
    done.push({ binding, applied });
  }
  await recordRun(ctx, done, null);
  return done;
}

/** Audits a run that changed something (or failed); a run with nothing to apply leaves no trace. */
async function recordRun(ctx: { d1: D1Gateway; actor: string }, done: MigrationRun, failedAt: string | null): Promise<void> {
  const changed = done.filter((db) => db.applied.length > 0);
  if (changed.length === 0 && failedAt === null) return;
  const audit = operatorAuditSql({ actor: ctx.actor, action: 'schools.migrate', schoolId: null, details: { applied: changed, failedAt } });
  try {
    await executePlatform(ctx.d1, [audit]);
  } catch (error) {
    // When the platform database itself is what failed, the audit cannot land there.
    if (failedAt === null) throw error;
  }
}
