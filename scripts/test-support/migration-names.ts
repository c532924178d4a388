import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The school migrations in the repo, in order: what a freshly provisioned school has applied. */
export function schoolMigrationNames(): string[] {
  return readdirSync(path.join(root, 'migrations/school'))
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

export const latestSchoolMigration = (): string => schoolMigrationNames().at(-1)!;
