import type { SchoolStatus } from '../../src/modules/tenancy/schema.ts';
import { OperatorError } from './cli.ts';
import { sqlLiteral } from './sql.ts';
import { type D1Gateway, type Row, WranglerError } from './wrangler.ts';
import { PLATFORM_BINDING } from './wrangler-config.ts';

/** Reads of the platform database the operator commands share. */

export type SchoolRow = {
  id: string;
  slug: string;
  name: string;
  status: SchoolStatus;
  brand: string;
  is_public: number;
  d1_binding: string;
  d1_database_id: string;
  created_at: number;
};

export type HostnameRow = { hostname: string; school_id: string; kind: string; status: string; is_primary: number };

const SCHOOL_COLUMNS = 'id, slug, name, status, brand, is_public, d1_binding, d1_database_id, created_at';

export function selectSchoolBySlugSql(slug: string): string {
  return `SELECT ${SCHOOL_COLUMNS} FROM schools WHERE slug = ${sqlLiteral(slug)};`;
}

/** Runs statements on the platform database, explaining a database that was never migrated. */
export async function executePlatform(d1: D1Gateway, statements: string[]): Promise<Row[][]> {
  try {
    return await d1.execute(PLATFORM_BINDING, statements);
  } catch (error) {
    if (error instanceof WranglerError && /no such table: (schools|school_hostnames|operator_audit)/.test(error.message)) {
      throw new OperatorError(
        `The platform database has no schools tables yet: run \`npm run schools:migrate\` with the same --local/--remote first (${error.message}).`,
      );
    }
    throw error;
  }
}

export async function findSchoolBySlug(d1: D1Gateway, slug: string): Promise<SchoolRow | null> {
  const [rows] = await executePlatform(d1, [selectSchoolBySlugSql(slug)]);
  return (rows?.[0] as SchoolRow | undefined) ?? null;
}

export async function readFleet(d1: D1Gateway): Promise<{ schools: SchoolRow[]; hostnames: HostnameRow[] }> {
  const [schools, hostnames] = await executePlatform(d1, [
    `SELECT ${SCHOOL_COLUMNS} FROM schools ORDER BY slug;`,
    'SELECT hostname, school_id, kind, status, is_primary FROM school_hostnames ORDER BY is_primary DESC, kind DESC, hostname;',
  ]);
  return { schools: (schools ?? []) as SchoolRow[], hostnames: (hostnames ?? []) as HostnameRow[] };
}
