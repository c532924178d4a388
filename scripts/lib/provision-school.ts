import { bindingForSlug } from '../../src/modules/tenancy/slug.ts';
import { subdomainHostname } from '../../src/modules/tenancy/hostname.ts';
import { operatorAuditSql } from './audit.ts';
import { OperatorError } from './cli.ts';
import { executePlatform, findSchoolBySlug, type SchoolRow, selectSchoolBySlugSql } from './platform-schools.ts';
import {
  newCanary,
  platformSchoolSql,
  type SchoolSpec,
  schoolDatabaseSql,
  setSchoolDatabaseIdSql,
  setSchoolStatusSql,
  subdomainHostnameSql,
} from './school-rows.ts';
import type { NewSchool } from './school-input.ts';
import type { D1Gateway } from './wrangler.ts';
import { addD1BindingToFile, checkBindingFits, readConfigFile, readD1Bindings, readPlatformDomain, schoolBindingFor } from './wrangler-config.ts';

/**
 * `school:create` as six steps, each safe to repeat. The platform row is reserved first in
 * `provisioning` and is the resume marker: running the same command again after a failure
 * at any point picks up the same school id, database and binding and finishes the job.
 */

export const CREATE_STEPS = ['reserve', 'database', 'binding', 'migrations', 'school-rows', 'activate'] as const;
export type CreateStep = (typeof CREATE_STEPS)[number];

export type ProvisionContext = {
  mode: 'local' | 'remote';
  configPath: string;
  d1: D1Gateway;
  actor: string;
  log: (line: string) => void;
  /** Called after each step completes; tests throw here to simulate an interruption. */
  afterStep?: (step: CreateStep) => void | Promise<void>;
};

export type CreatedSchool = { school: SchoolSpec; hostname: string; url: string; resumed: boolean };

/** Until its database exists, a reserved school records no database id. */
const NO_DATABASE_YET = '';

export async function createSchool(ctx: ProvisionContext, input: NewSchool): Promise<CreatedSchool> {
  const binding = bindingForSlug(input.slug);
  const databaseName = `lectern-school-${input.slug}`;
  const config = readConfigFile(ctx.configPath);
  const platformDomain = readPlatformDomain(config);
  // A clashing entry in wrangler.toml is refused before anything is written.
  checkBindingFits(config, schoolBindingFor(input.slug, NO_DATABASE_YET));

  const existing = await findSchoolBySlug(ctx.d1, input.slug);
  if (existing && existing.status !== 'provisioning') {
    throw new OperatorError(`A school with slug "${input.slug}" already exists (${existing.name}, ${existing.status}); nothing was changed.`);
  }

  let step = 0;
  const run = async <T>(name: CreateStep, label: string, work: () => Promise<{ value: T; note: string }>): Promise<T> => {
    step += 1;
    let outcome: { value: T; note: string };
    try {
      outcome = await work();
    } catch (error) {
      ctx.log(`[${step}/${CREATE_STEPS.length}] ${label} ... failed`);
      // The reservation is the resume marker: once it exists, re-running finishes the job.
      const resume = name === 'reserve' ? '' : ' The school stays reserved in "provisioning"; re-run the same command to finish it.';
      throw new OperatorError(`${(error as Error).message.replace(/\.?$/, '.')}${resume}`, { cause: error });
    }
    const { value, note } = outcome;
    ctx.log(`[${step}/${CREATE_STEPS.length}] ${label} ... ok (${note})`);
    await ctx.afterStep?.(name);
    return value;
  };

  const school = await run('reserve', `reserve school "${input.slug}"`, async () => {
    if (existing) {
      if (existing.name !== input.name) ctx.log(`  note: resuming "${existing.name}"; the name given now ("${input.name}") is ignored`);
      return { value: specFromRow(existing, binding), note: `resuming ${existing.id}, reserved ${new Date(existing.created_at).toISOString()}` };
    }
    const spec: SchoolSpec = { id: crypto.randomUUID(), slug: input.slug, name: input.name, isPublic: input.isPublic, brand: input.brand, d1Binding: binding, d1DatabaseId: NO_DATABASE_YET };
    const results = await executePlatform(ctx.d1, [
      ...platformSchoolSql(spec, 'provisioning'),
      operatorAuditSql({ actor: ctx.actor, action: 'school.create.started', schoolId: spec.id, details: { slug: spec.slug, name: spec.name } }),
      selectSchoolBySlugSql(spec.slug),
    ]);
    const row = results.at(-1)?.[0] as SchoolRow | undefined;
    if (!row || row.status !== 'provisioning') throw new OperatorError(`Another operator created "${input.slug}" at the same time; nothing more was changed.`);
    return { value: specFromRow(row, binding), note: row.id === spec.id ? `new id ${row.id}` : `joined ${row.id}` };
  });

  const databaseId = await run('database', `D1 database ${databaseName}`, () => ensureDatabase(ctx, binding, databaseName));
  school.d1DatabaseId = databaseId;

  await run('binding', `wrangler.toml binding ${binding}`, async () => {
    const { changed } = addD1BindingToFile(ctx.configPath, schoolBindingFor(input.slug, databaseId));
    return { value: undefined, note: changed ? 'added' : 'already present' };
  });

  await run('migrations', 'school migrations', async () => {
    const applied = await ctx.d1.applyMigrations(binding);
    return { value: undefined, note: `${applied.length} applied` };
  });

  await run('school-rows', 'school profile and sign-in policy', async () => {
    // ON CONFLICT DO NOTHING: on a resume the first canary stays.
    await ctx.d1.execute(binding, schoolDatabaseSql(school, { headline: null, welcomeMessage: null, canary: newCanary(school.slug) }));
    return { value: undefined, note: 'written' };
  });

  const hostname = subdomainHostname(school.slug, platformDomain);
  await run('activate', `hostname ${hostname} and status active`, async () => {
    await executePlatform(ctx.d1, [
      setSchoolDatabaseIdSql(school.id, databaseId),
      ...subdomainHostnameSql(school, platformDomain),
      setSchoolStatusSql(school.slug, 'active'),
      operatorAuditSql({
        actor: ctx.actor,
        action: 'school.create',
        schoolId: school.id,
        details: { slug: school.slug, binding, databaseId, hostname, resumed: existing !== null },
      }),
    ]);
    return { value: undefined, note: 'done' };
  });

  const url = ctx.mode === 'local' ? `http://${hostname}:8787` : `https://${hostname}`;
  return { school, hostname, url, resumed: existing !== null };
}

function specFromRow(row: SchoolRow, binding: string): SchoolSpec {
  if (row.d1_binding !== binding) throw new OperatorError(`School "${row.slug}" is recorded with binding ${row.d1_binding}, expected ${binding}; fix the row by hand.`);
  let brand: SchoolSpec['brand'] = {};
  try {
    brand = JSON.parse(row.brand) as SchoolSpec['brand'];
  } catch {
    // A malformed brand is the Worker's problem to default, not a reason to stop provisioning.
  }
  return { id: row.id, slug: row.slug, name: row.name, isPublic: Boolean(row.is_public), brand, d1Binding: row.d1_binding, d1DatabaseId: row.d1_database_id };
}

/**
 * Local: the id already in wrangler.toml for this binding, else a new one (miniflare
 * creates the database on first use). Remote: the account's database of that name, else
 * a new one — and wrangler.toml must not point the binding at some other database.
 */
async function ensureDatabase(ctx: ProvisionContext, binding: string, databaseName: string): Promise<{ value: string; note: string }> {
  const configured = readD1Bindings(readConfigFile(ctx.configPath)).find((entry) => entry.binding === binding);
  if (ctx.mode === 'local') {
    if (configured?.database_id) return { value: configured.database_id, note: `${configured.database_id}, from wrangler.toml` };
    const id = crypto.randomUUID();
    return { value: id, note: `${id}, new local database` };
  }
  const found = (await ctx.d1.listDatabases()).find((db) => db.name === databaseName);
  if (configured?.database_id && configured.database_id !== found?.uuid) {
    throw new OperatorError(
      `wrangler.toml binds ${binding} to database id ${configured.database_id}, but the account's "${databaseName}" is ` +
        `${found ? found.uuid : 'missing'}; a local-only id? Set database_id in wrangler.toml to the real one (or remove the entry) and re-run.`,
    );
  }
  if (found) return { value: found.uuid, note: `${found.uuid}, already in the account` };
  const id = await ctx.d1.createDatabase(databaseName);
  return { value: id, note: `${id}, created` };
}
