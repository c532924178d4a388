import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { seedDemoSchools } from './fixtures.ts';

// Runs before each test file: migrations are recorded in d1_migrations, so this is cheap
// after the first time, and the seed is idempotent.
await applyD1Migrations(env.PLATFORM_DB, env.TEST_PLATFORM_MIGRATIONS);
await applyD1Migrations(env.SCHOOL_BRESLOV, env.TEST_SCHOOL_MIGRATIONS);
await applyD1Migrations(env.SCHOOL_ACME, env.TEST_SCHOOL_MIGRATIONS);
await seedDemoSchools();
