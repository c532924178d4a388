import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from './lib/cli.ts';
import type { SchoolListing } from './lib/fleet.ts';
import { prepareLocalState } from './lib/local-state.ts';
import { createSchool } from './lib/provision-school.ts';
import { runWrangler, WranglerError, wranglerD1, type WranglerTarget } from './lib/wrangler.ts';
import { readD1Bindings } from './lib/wrangler-config.ts';
import { queryLocalD1 } from './test-support/local-d1-files.ts';
import { runScript, tempProject, type TempProject } from './test-support/temp-project.ts';
import { latestSchoolMigration } from './test-support/migration-names.ts';

/**
 * The operator commands end to end, locally, through the real wrangler and miniflare: a
 * temporary copy of wrangler.toml and the migrations, one prepared state shared by every
 * test in this file (wrangler costs seconds per call), tests in order.
 */

let project: TempProject;
let target: WranglerTarget & { mode: 'local' };
let flags: string[];

beforeAll(async () => {
  project = tempProject();
  target = { mode: 'local', config: project.config, persistTo: project.persistTo };
  flags = ['--local', '--config', project.config, '--persist-to', project.persistTo];
  await prepareLocalState({ config: project.config, persistTo: project.persistTo });
});
afterAll(() => project?.remove());

const platformSchool = (slug: string) => queryLocalD1(project.persistTo, 'SELECT id, status, d1_database_id FROM schools WHERE slug = ?', [slug]);
const bindingsNamed = (binding: string) => readD1Bindings(readFileSync(project.config, 'utf8')).filter((entry) => entry.binding === binding);

describe('the demo seed', () => {
  it('gives Breslov a free and a paid course (with its offer and coupon) and Acme a members-only one, idempotently', async () => {
    await prepareLocalState({ config: project.config, persistTo: project.persistTo }); // second run: nothing doubles
    const courses = queryLocalD1(project.persistTo, 'SELECT slug, access_level, status FROM courses', []);
    expect(courses.sort((a, b) => String(a.slug).localeCompare(String(b.slug)))).toEqual([
      { slug: 'foundations', access_level: 'free', status: 'published' },
      { slug: 'likutey-moharan', access_level: 'paid', status: 'published' },
      { slug: 'onboarding', access_level: 'members', status: 'published' },
    ]);
    // queryLocalD1 reads every database file: one row per matching row in any of them.
    const previews = queryLocalD1(project.persistTo, 'SELECT title FROM lessons WHERE is_preview = 1', []).map((r) => r.title).sort();
    expect(previews).toEqual(['Introduction', 'Welcome']);
    // The drip lesson is optional, so a learner who starts today can still finish the course.
    expect(queryLocalD1(project.persistTo, 'SELECT title, release_after_days, is_required FROM lessons WHERE release_after_days IS NOT NULL', [])).toEqual([
      { title: 'Joy (bonus)', release_after_days: 3, is_required: 0 },
    ]);
    expect(queryLocalD1(project.persistTo, 'SELECT language FROM transcripts', [])).toEqual([{ language: 'en' }]);
    // The paid course is sold through one active offer, with the TORAH20 coupon (seeded once).
    expect(queryLocalD1(project.persistTo, "SELECT o.price_cents, o.status, c.slug FROM offers o JOIN offer_courses oc ON oc.offer_id = o.id JOIN courses c ON c.id = oc.course_id", [])).toEqual([
      { price_cents: 4900, status: 'active', slug: 'likutey-moharan' },
    ]);
    expect(queryLocalD1(project.persistTo, 'SELECT code, percent_off, usage_limit FROM coupons', [])).toEqual([{ code: 'TORAH20', percent_off: 20, usage_limit: 100 }]);
  });
});

describe('operator commands against local D1', () => {
  it('school:create provisions gamma and says how to reach it', async () => {
    const result = await runScript('school-create.ts', ['--slug', 'gamma', '--name', 'Gamma School', ...flags], { LECTERN_OPERATOR: 'e2e-operator' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[6\/6\] hostname gamma\.localhost and status active \.\.\. ok/);
    expect(result.stdout).toContain('http://gamma.localhost:8787');
    expect(result.stdout).toMatch(/Restart `npm run dev`/);

    const [binding] = bindingsNamed('SCHOOL_GAMMA');
    expect(binding).toMatchObject({ database_name: 'lectern-school-gamma', migrations_dir: 'migrations/school' });
    const [school] = platformSchool('gamma');
    expect(school).toMatchObject({ status: 'active', d1_database_id: binding!.database_id });
    expect(queryLocalD1(project.persistTo, 'SELECT canary FROM school_profiles WHERE school_id = ?', [school!.id as string])).toEqual([
      { canary: expect.stringMatching(/^canary-gamma-/) },
    ]);
    expect(queryLocalD1(project.persistTo, 'SELECT actor, action FROM operator_audit WHERE school_id = ? ORDER BY created_at', [school!.id as string])).toEqual([
      { actor: 'e2e-operator', action: 'school.create.started' },
      { actor: 'e2e-operator', action: 'school.create' },
    ]);
  });

  it('schools:list shows gamma active with its hostname and migration', async () => {
    const result = await runScript('schools-list.ts', ['--json', ...flags]);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as SchoolListing[];
    expect(listing.map((school) => school.slug)).toEqual(['acme', 'breslov', 'gamma']);
    expect(listing.find((school) => school.slug === 'gamma')).toEqual({
      slug: 'gamma',
      name: 'Gamma School',
      status: 'active',
      isPublic: false,
      binding: 'SCHOOL_GAMMA',
      hostnames: [{ hostname: 'gamma.localhost', kind: 'subdomain', status: 'active', isPrimary: true }],
      latestMigration: latestSchoolMigration(),
      problem: null,
    });
  });

  it('a duplicate school:create fails with one line and exit 1, changing nothing', async () => {
    const toml = readFileSync(project.config);
    const before = platformSchool('gamma');
    const result = await runScript('school-create.ts', ['--slug', 'gamma', '--name', 'Gamma Again', ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['error: A school with slug "gamma" already exists (Gamma School, active); nothing was changed.']);
    expect(readFileSync(project.config).equals(toml)).toBe(true);
    expect(platformSchool('gamma')).toEqual(before);
  });

  it('usage and validation errors exit 1 before touching anything', async () => {
    const toml = readFileSync(project.config);
    const noMode = await runScript('school-create.ts', ['--slug', 'zeta', '--name', 'Zeta']);
    expect(noMode.code).toBe(1);
    expect(noMode.stderr).toMatch(/^error: Pass exactly one of --local .* or --remote .* Usage: npm run school:create/);
    const reserved = await runScript('school-create.ts', ['--slug', 'admin', '--name', 'Admin', ...flags]);
    expect(reserved.code).toBe(1);
    expect(reserved.stderr).toBe('error: "admin" is reserved for the platform; choose another slug.\n');
    expect(readFileSync(project.config).equals(toml)).toBe(true);
  });

  it('school:suspend and school:activate flip the status', async () => {
    const suspend = await runScript('school-status.ts', ['suspend', '--slug', 'gamma', ...flags]);
    expect(suspend.code).toBe(0);
    expect(platformSchool('gamma')[0]!.status).toBe('suspended');
    const activate = await runScript('school-status.ts', ['activate', '--slug', 'gamma', ...flags]);
    expect(activate.code).toBe(0);
    expect(activate.stdout).toContain('"gamma" is now active');
    expect(platformSchool('gamma')[0]!.status).toBe('active');
  });

  it('schools:migrate walks every database and is a no-op on re-run', async () => {
    const result = await runScript('schools-migrate.ts', flags);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('['))).toEqual([
      '[1/4] PLATFORM_DB ... ok (0 applied)',
      '[2/4] SCHOOL_BRESLOV ... ok (0 applied)',
      '[3/4] SCHOOL_ACME ... ok (0 applied)',
      '[4/4] SCHOOL_GAMMA ... ok (0 applied)',
    ]);
    expect(result.stdout).toContain('Every database was already up to date.');
    expect(queryLocalD1(project.persistTo, "SELECT id FROM operator_audit WHERE action = 'schools.migrate'")).toEqual([]);
  });

  it('an interrupted school:create is finished by running it again', async () => {
    const interrupted = createSchool(
      {
        mode: 'local',
        configPath: project.config,
        d1: wranglerD1(target),
        actor: operatorActor(),
        log: () => {},
        afterStep: (step) => {
          if (step === 'binding') throw new Error('power cut');
        },
      },
      { slug: 'delta', name: 'Delta School', isPublic: true, brand: {} },
    );
    await expect(interrupted).rejects.toThrow('power cut');
    expect(platformSchool('delta')).toMatchObject([{ status: 'provisioning' }]);
    expect(bindingsNamed('SCHOOL_DELTA')).toHaveLength(1);

    const resumed = await runScript('school-create.ts', ['--slug', 'delta', '--name', 'Delta School', ...flags]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/\[1\/6\] reserve school "delta" \.\.\. ok \(resuming /);
    expect(resumed.stdout).toMatch(/\[3\/6\] wrangler.toml binding SCHOOL_DELTA \.\.\. ok \(already present\)/);
    expect(resumed.stdout).toContain('Finished provisioning "Delta School"');

    const schools = platformSchool('delta');
    expect(schools).toMatchObject([{ status: 'active', d1_database_id: bindingsNamed('SCHOOL_DELTA')[0]!.database_id }]);
    expect(bindingsNamed('SCHOOL_DELTA')).toHaveLength(1);
    expect(queryLocalD1(project.persistTo, 'SELECT hostname FROM school_hostnames WHERE school_id = ?', [schools[0]!.id as string])).toEqual([
      { hostname: 'delta.localhost' },
    ]);
    expect(queryLocalD1(project.persistTo, 'SELECT school_id FROM school_profiles WHERE school_id = ?', [schools[0]!.id as string])).toHaveLength(1);
  });

  it('a wrangler failure surfaces as an Error carrying wrangler’s own words', async () => {
    const failure = runWrangler(['d1', 'execute', 'SCHOOL_NOPE', '--local', '--persist-to', project.persistTo, '--config', project.config, '--json', '--command', 'SELECT 1'], {
      cwd: project.dir,
      json: true,
    });
    await expect(failure).rejects.toBeInstanceOf(WranglerError);
    await expect(failure).rejects.toThrow(/^wrangler d1 execute SCHOOL_NOPE failed: Couldn't find a D1 DB with the name or binding 'SCHOOL_NOPE'/);
  });
});
