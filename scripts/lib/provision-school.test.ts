import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeD1, type FakeD1 } from '../test-support/fake-d1.ts';
import { tempProject, type TempProject } from '../test-support/temp-project.ts';
import { OperatorError } from './cli.ts';
import { prepareLocalState } from './local-state.ts';
import { CREATE_STEPS, type CreateStep, createSchool, type ProvisionContext } from './provision-school.ts';
import type { NewSchool } from './school-input.ts';
import { readD1Bindings } from './wrangler-config.ts';
import { schoolMigrationNames } from '../test-support/migration-names.ts';

const GAMMA: NewSchool = { slug: 'gamma', name: 'Gamma School', isPublic: true, brand: { primaryColor: '#123456' } };

let project: TempProject;
let d1: FakeD1;
const lines: string[] = [];

beforeEach(async () => {
  project = tempProject();
  d1 = fakeD1(project.config);
  await prepareLocalState({ config: project.config, persistTo: project.persistTo, d1 });
  lines.length = 0;
});
afterEach(() => project.remove());

function context(mode: 'local' | 'remote', afterStep?: (step: CreateStep) => void): ProvisionContext {
  return { mode, configPath: project.config, d1, actor: 'test-operator', log: (line) => lines.push(line), afterStep };
}

const interruptAfter = (target: CreateStep) => (step: CreateStep) => {
  if (step === target) throw new Error(`interrupted after ${step}`);
};

/** Everything a finished school should have, counted so duplicates show. */
function endState(slug: string) {
  const platform = d1.database('PLATFORM_DB');
  const schools = platform.prepare('SELECT * FROM schools WHERE slug = ?').all(slug) as Array<Record<string, unknown>>;
  const id = schools[0]?.id as string;
  const toml = readFileSync(project.config, 'utf8');
  const binding = readD1Bindings(toml).filter((entry) => entry.binding === 'SCHOOL_GAMMA');
  const schoolDb = binding.length ? d1.database('SCHOOL_GAMMA') : null;
  return {
    schools,
    hostnames: platform.prepare('SELECT hostname, kind, status, is_primary FROM school_hostnames WHERE school_id = ?').all(id),
    audit: (platform.prepare('SELECT action FROM operator_audit WHERE school_id = ? ORDER BY created_at').all(id) as Array<{ action: string }>).map((row) => row.action),
    bindingEntries: binding,
    bindingHeaders: toml.split('binding = "SCHOOL_GAMMA"').length - 1,
    profiles: rowsOf(schoolDb, 'SELECT school_id, canary FROM school_profiles'),
    policies: rowsOf(schoolDb, 'SELECT school_id FROM school_auth_policies'),
    migrations: rowsOf(schoolDb, 'SELECT name FROM d1_migrations'),
  };
}

/** Rows, or none when the database or table does not exist yet. */
function rowsOf(db: ReturnType<FakeD1['database']> | null, sql: string): unknown[] {
  try {
    return db?.prepare(sql).all() ?? [];
  } catch {
    return [];
  }
}

function expectComplete(state: ReturnType<typeof endState>) {
  expect(state.schools).toHaveLength(1);
  const [school] = state.schools;
  expect(school).toMatchObject({ slug: 'gamma', name: 'Gamma School', status: 'active', is_public: 1, d1_binding: 'SCHOOL_GAMMA' });
  expect(JSON.parse(school!.brand as string)).toEqual({ primaryColor: '#123456' });
  expect(state.bindingHeaders).toBe(1);
  expect(state.bindingEntries).toHaveLength(1);
  expect(school!.d1_database_id).toBe(state.bindingEntries[0]!.database_id);
  expect(state.hostnames).toEqual([{ hostname: 'gamma.localhost', kind: 'subdomain', status: 'active', is_primary: 1 }]);
  expect(state.profiles).toEqual([{ school_id: school!.id, canary: expect.stringMatching(/^canary-gamma-/) }]);
  expect(state.policies).toHaveLength(1);
  expect(state.migrations).toEqual(schoolMigrationNames().map((name) => ({ name })));
  expect(state.audit.filter((action) => action === 'school.create')).toHaveLength(1);
}

describe('school:create', () => {
  it('provisions everything in six reported steps', async () => {
    const created = await createSchool(context('local'), GAMMA);
    expect(created).toMatchObject({ hostname: 'gamma.localhost', url: 'http://gamma.localhost:8787', resumed: false });
    expect(lines.map((line) => line.replace(/ \(.*\)$/, ''))).toEqual([
      '[1/6] reserve school "gamma" ... ok',
      '[2/6] D1 database lectern-school-gamma ... ok',
      '[3/6] wrangler.toml binding SCHOOL_GAMMA ... ok',
      '[4/6] school migrations ... ok',
      '[5/6] school profile and sign-in policy ... ok',
      '[6/6] hostname gamma.localhost and status active ... ok',
    ]);
    const state = endState('gamma');
    expectComplete(state);
    expect(state.audit).toEqual(['school.create.started', 'school.create']);
  });

  it.each(CREATE_STEPS.filter((step) => step !== 'activate'))('an interruption after "%s" is finished by running the command again', async (step) => {
    await expect(createSchool(context('local', interruptAfter(step)), GAMMA)).rejects.toThrow(`interrupted after ${step}`);
    const partial = endState('gamma');
    expect(partial.schools).toMatchObject([{ status: 'provisioning' }]);
    const canaryBefore = partial.profiles[0];

    const resumed = await createSchool(context('local'), GAMMA);
    expect(resumed.resumed).toBe(true);
    expect(lines.some((line) => line.includes('resuming'))).toBe(true);
    const state = endState('gamma');
    expectComplete(state);
    expect(state.schools[0]!.id).toBe(partial.schools[0]!.id);
    // A profile written before the interruption keeps its canary.
    if (canaryBefore) expect(state.profiles[0]).toEqual(canaryBefore);
  });

  it('a wrangler failure inside a step is resumable too', async () => {
    d1.failNext('migrations SCHOOL_GAMMA', 'network went away');
    await expect(createSchool(context('local'), GAMMA)).rejects.toThrow('network went away');
    await createSchool(context('local'), GAMMA);
    expectComplete(endState('gamma'));
  });

  it('in remote mode it creates the database once, and finds it again on resume', async () => {
    await expect(createSchool(context('remote', interruptAfter('database')), GAMMA)).rejects.toThrow();
    expect(d1.account.has('lectern-school-gamma')).toBe(true);
    const created = await createSchool(context('remote'), GAMMA);
    expect(d1.calls.filter((call) => call.startsWith('create '))).toEqual(['create lectern-school-gamma']);
    expect(endState('gamma').bindingEntries[0]!.database_id).toBe(d1.account.get('lectern-school-gamma'));
    expect(created.url).toBe('https://gamma.localhost');
  });

  it('in remote mode it refuses a binding whose database id is not the account’s', async () => {
    d1.account.set('lectern-school-acme', '99999999-9999-4999-8999-999999999999');
    const toml = readFileSync(project.config);
    // acme is seeded active, so make it look like an unfinished reservation first.
    d1.database('PLATFORM_DB').exec("UPDATE schools SET status = 'provisioning' WHERE slug = 'acme'");
    await expect(createSchool(context('remote'), { ...GAMMA, slug: 'acme', name: 'Acme Academy' })).rejects.toThrow(/local-only id\?/);
    expect(readFileSync(project.config).equals(toml)).toBe(true);
    expect(d1.calls.some((call) => call.startsWith('create '))).toBe(false);
  });

  it('a duplicate slug is an error that changes nothing', async () => {
    await createSchool(context('local'), GAMMA);
    const toml = readFileSync(project.config);
    const callsBefore = d1.calls.length;
    await expect(createSchool(context('local'), { ...GAMMA, name: 'Another Gamma' })).rejects.toThrow(/already exists \(Gamma School, active\); nothing was changed/);
    expect(readFileSync(project.config).equals(toml)).toBe(true);
    expect(d1.calls.slice(callsBefore)).toEqual(['execute PLATFORM_DB']);
    expectComplete(endState('gamma'));
  });

  it('a clashing binding in wrangler.toml is refused before anything is written', async () => {
    writeFileSync(project.config, `${readFileSync(project.config, 'utf8')}\n[[d1_databases]]\nbinding = "SCHOOL_GAMMA"\ndatabase_name = "someone-elses"\ndatabase_id = "x"\n`);
    const callsBefore = d1.calls.length;
    await expect(createSchool(context('local'), GAMMA)).rejects.toThrow(OperatorError);
    expect(d1.calls.length).toBe(callsBefore);
  });

  it('explains an unmigrated platform database', async () => {
    const fresh = fakeD1(project.config);
    await expect(createSchool({ ...context('local'), d1: fresh }, GAMMA)).rejects.toThrow(/run `npm run schools:migrate`/);
  });
});
