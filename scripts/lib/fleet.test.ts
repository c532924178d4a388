import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeD1, type FakeD1 } from '../test-support/fake-d1.ts';
import { tempProject, type TempProject } from '../test-support/temp-project.ts';
import { formatSchoolTable, listSchools, migrateFleet } from './fleet.ts';
import { prepareLocalState } from './local-state.ts';
import { changeSchoolStatus } from './school-status.ts';
import { readConfigFile, readD1Bindings, schoolBindings } from './wrangler-config.ts';
import { latestSchoolMigration } from '../test-support/migration-names.ts';

let project: TempProject;
let d1: FakeD1;

beforeEach(async () => {
  project = tempProject();
  d1 = fakeD1(project.config);
  await prepareLocalState({ config: project.config, persistTo: project.persistTo, d1 });
});
afterEach(() => project.remove());

const audit = () => d1.database('PLATFORM_DB').prepare('SELECT action, school_id, details, actor FROM operator_audit ORDER BY created_at').all() as Array<Record<string, string>>;
const statusOf = (slug: string) => (d1.database('PLATFORM_DB').prepare('SELECT status FROM schools WHERE slug = ?').get(slug) as { status: string }).status;

describe('prepareLocalState', () => {
  it('is idempotent and seeds only the demo schools the config binds', async () => {
    const again = await prepareLocalState({ config: project.config, persistTo: project.persistTo, d1 });
    expect(again.migrated.every((db) => db.applied.length === 0)).toBe(true);
    expect(d1.database('PLATFORM_DB').prepare('SELECT slug FROM schools ORDER BY slug').all()).toEqual([{ slug: 'acme' }, { slug: 'breslov' }]);

    const other = tempProject();
    try {
      const text = readConfigFile(other.config).replace(/\[\[d1_databases\]\]\nbinding = "SCHOOL_ACME"[^[]*/, '');
      writeFileSync(other.config, text);
      const otherD1 = fakeD1(other.config);
      expect((await prepareLocalState({ config: other.config, persistTo: other.persistTo, d1: otherD1 })).seeded).toEqual(['breslov']);
    } finally {
      other.remove();
    }
  });
});

describe('schools:migrate', () => {
  const bindings = () => schoolBindings(readConfigFile(project.config)).map((entry) => entry.binding);

  it('a run with nothing to apply reports 0 everywhere and leaves no audit row', async () => {
    const lines: string[] = [];
    await migrateFleet({ d1, actor: 'ops', log: (line) => lines.push(line) }, bindings());
    expect(lines).toEqual(['[1/3] PLATFORM_DB ... ok (0 applied)', '[2/3] SCHOOL_BRESLOV ... ok (0 applied)', '[3/3] SCHOOL_ACME ... ok (0 applied)']);
    expect(audit()).toEqual([]);
  });

  it('stops at the first failure, names the database, and a re-run finishes the rest', async () => {
    writeFileSync(path.join(project.dir, 'migrations/school/0001_notes.sql'), 'CREATE TABLE notes (id text PRIMARY KEY NOT NULL);');
    d1.failNext('migrations SCHOOL_BRESLOV', 'D1 is unavailable');
    const callsBefore = d1.calls.length;
    const lines: string[] = [];
    const ctx = { d1, actor: 'ops', log: (line: string) => lines.push(line) };
    await expect(migrateFleet(ctx, bindings())).rejects.toThrow(
      /^Migrating SCHOOL_BRESLOV failed: .*D1 is unavailable\. 1 database\(s\) before it are up to date and 1 after it were not tried; fix .* run schools:migrate again/,
    );
    expect(lines).toEqual(['[1/3] PLATFORM_DB ... ok (0 applied)', '[2/3] SCHOOL_BRESLOV ... failed']);
    expect(d1.calls.slice(callsBefore)).not.toContain('migrations SCHOOL_ACME');
    expect(audit().map((row) => [row.action, JSON.parse(row.details!).failedAt])).toEqual([['schools.migrate', 'SCHOOL_BRESLOV']]);

    lines.length = 0;
    const run = await migrateFleet(ctx, bindings());
    expect(lines).toEqual(['[1/3] PLATFORM_DB ... ok (0 applied)', '[2/3] SCHOOL_BRESLOV ... ok (1 applied)', '[3/3] SCHOOL_ACME ... ok (1 applied)']);
    expect(run.flatMap((db) => db.applied)).toEqual(['0001_notes.sql', '0001_notes.sql']);
    expect(audit()).toHaveLength(2);
  });
});

describe('schools:list', () => {
  it('shows each school with its hostnames and latest migration, and says what it cannot read', async () => {
    const configured = readD1Bindings(readConfigFile(project.config)).filter((entry) => entry.binding !== 'SCHOOL_ACME');
    d1.database('PLATFORM_DB').exec(
      "INSERT INTO school_hostnames (hostname, school_id, kind, status, is_primary, created_at) SELECT 'learn.breslov.example', id, 'custom', 'pending', 0, 0 FROM schools WHERE slug = 'breslov'",
    );
    const listing = await listSchools(d1, configured);
    expect(listing).toEqual([
      expect.objectContaining({ slug: 'acme', status: 'active', isPublic: false, latestMigration: null, problem: 'SCHOOL_ACME is not in wrangler.toml' }),
      expect.objectContaining({
        slug: 'breslov',
        isPublic: true,
        latestMigration: latestSchoolMigration(),
        problem: null,
        hostnames: [
          { hostname: 'breslov.localhost', kind: 'subdomain', status: 'active', isPrimary: true },
          { hostname: 'learn.breslov.example', kind: 'custom', status: 'pending', isPrimary: false },
        ],
      }),
    ]);
    const table = formatSchoolTable(listing).split('\n');
    expect(table[0]).toMatch(/^slug\s+name\s+status\s+public\s+hostnames\s+migration$/);
    expect(table[3]).toContain('breslov.localhost, learn.breslov.example (pending)');
  });
});

describe('school:suspend / school:activate', () => {
  const ctx = () => ({ d1, actor: 'ops' });

  it('flips the status and audits each change; repeating is a no-op', async () => {
    expect(await changeSchoolStatus(ctx(), 'suspend', 'acme')).toBe(true);
    expect(statusOf('acme')).toBe('suspended');
    expect(await changeSchoolStatus(ctx(), 'suspend', 'acme')).toBe(false);
    expect(await changeSchoolStatus(ctx(), 'activate', 'acme')).toBe(true);
    expect(statusOf('acme')).toBe('active');
    expect(audit().map((row) => [row.action, row.actor])).toEqual([
      ['school.suspend', 'ops'],
      ['school.activate', 'ops'],
    ]);
  });

  it('refuses unknown slugs, archived and unfinished schools', async () => {
    await expect(changeSchoolStatus(ctx(), 'suspend', 'nope')).rejects.toThrow('No school has the slug "nope"');
    d1.database('PLATFORM_DB').exec("UPDATE schools SET status = 'archived' WHERE slug = 'acme'");
    await expect(changeSchoolStatus(ctx(), 'activate', 'acme')).rejects.toThrow(/archived schools cannot be activated/);
    d1.database('PLATFORM_DB').exec("UPDATE schools SET status = 'provisioning' WHERE slug = 'breslov'");
    await expect(changeSchoolStatus(ctx(), 'suspend', 'breslov')).rejects.toThrow(/re-run school:create/);
    expect(audit()).toEqual([]);
  });
});
