import path from 'node:path';
import { demoCourseSql } from './demo-courses.ts';
import { DEMO_SCHOOLS, demoMembers } from './demo-schools.ts';
import { platformSchoolSql, platformUserSql, schoolDatabaseSql, schoolMemberSql, subdomainHostnameSql } from './school-rows.ts';
import { type D1Gateway, wranglerD1 } from './wrangler.ts';
import { PLATFORM_BINDING, readConfigFile, readD1Bindings, readPlatformDomain } from './wrangler-config.ts';

/**
 * Local state ready to serve: every migration applied (platform, then each school database
 * in the config) and the demo schools seeded. Idempotent, so `npm run dev` runs it on every
 * start; e2e tests and the bench call it with a temporary `persistTo`.
 */
export async function prepareLocalState(options: {
  config: string;
  persistTo: string;
  log?: (line: string) => void;
  /** For tests: a gateway other than wrangler. */
  d1?: D1Gateway;
}): Promise<{ migrated: Array<{ binding: string; applied: string[] }>; seeded: string[] }> {
  const config = path.resolve(options.config);
  const log = options.log ?? (() => {});
  const d1 = options.d1 ?? wranglerD1({ mode: 'local', config, persistTo: path.resolve(options.persistTo) });
  const text = readConfigFile(config);
  const bindings = readD1Bindings(text);

  const migrated: Array<{ binding: string; applied: string[] }> = [];
  for (const binding of [PLATFORM_BINDING, ...bindings.filter((entry) => entry.binding.startsWith('SCHOOL_')).map((entry) => entry.binding)]) {
    const applied = await d1.applyMigrations(binding);
    log(`migrations ${binding}: ${applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`}`);
    migrated.push({ binding, applied });
  }

  // Only demo schools whose database the config binds; the row records the id it binds.
  const demos = DEMO_SCHOOLS.flatMap((school) => {
    const entry = bindings.find((candidate) => candidate.binding === school.d1Binding);
    return entry ? [{ ...school, d1DatabaseId: entry.database_id || school.d1DatabaseId }] : [];
  });
  if (demos.length > 0) {
    const platformDomain = readPlatformDomain(text);
    await d1.execute(
      PLATFORM_BINDING,
      demos.flatMap((school) => [
        ...platformSchoolSql(school, 'active'),
        ...subdomainHostnameSql(school, platformDomain),
        ...demoMembers(school).flatMap((member) => platformUserSql(member)),
      ]),
    );
    for (const school of demos) {
      await d1.execute(school.d1Binding, [
        ...schoolDatabaseSql(school, { headline: school.headline, welcomeMessage: school.welcomeMessage, canary: school.canary }),
        ...demoMembers(school).flatMap((member) => schoolMemberSql(school, member)),
        ...demoCourseSql(school),
      ]);
    }
    log(`demo schools: ${demos.map((school) => school.slug).join(', ')}`);
  }
  return { migrated, seeded: demos.map((school) => school.slug) };
}
