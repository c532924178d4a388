import { env, exports } from 'cloudflare:workers';
import { DEMO_SCHOOLS, demoMembers } from '../../scripts/lib/demo-schools.ts';
import { platformSchoolSql, platformUserSql, schoolDatabaseSql, schoolMemberSql, subdomainHostnameSql } from '../../scripts/lib/school-rows.ts';

export const PLATFORM_DOMAIN = 'localhost';
export const [BRESLOV, ACME] = DEMO_SCHOOLS as [(typeof DEMO_SCHOOLS)[number], (typeof DEMO_SCHOOLS)[number]];

/** The same SQL the dev seed and `school:create` run, applied to the test databases. */
export async function seedDemoSchools(): Promise<void> {
  const platform = DEMO_SCHOOLS.flatMap((s) => [
    ...platformSchoolSql(s, 'active'),
    ...subdomainHostnameSql(s, PLATFORM_DOMAIN),
    ...demoMembers(s).flatMap((member) => platformUserSql(member)),
  ]);
  await env.PLATFORM_DB.batch(platform.map((sql) => env.PLATFORM_DB.prepare(sql)));
  for (const school of DEMO_SCHOOLS) {
    const d1 = env[school.d1Binding as 'SCHOOL_BRESLOV'];
    const statements = [
      ...schoolDatabaseSql(school, { headline: school.headline, welcomeMessage: school.welcomeMessage, canary: school.canary }),
      ...demoMembers(school).flatMap((member) => schoolMemberSql(school, member)),
    ];
    await d1.batch(statements.map((sql) => d1.prepare(sql)));
  }
}

/** A request to the Worker as a browser on `host` would send it. */
export function request(host: string, path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`http://${host}${path}`, init));
}

export const hostOf = (school: { slug: string }) => `${school.slug}.${PLATFORM_DOMAIN}`;
