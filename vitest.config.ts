import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

// Offline by default, also for wrangler code the plugin runs and for spawned wrangler processes.
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
process.env.WRANGLER_SEND_METRICS ??= 'false';

/**
 * Two projects: `workers` runs inside workerd against real D1/R2/Queues with every
 * migration applied; `node` runs the operator scripts and the browser journeys, which
 * drive wrangler and Chromium from outside.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: path.join(root, 'wrangler.toml') },
            miniflare: {
              bindings: {
                ENVIRONMENT: 'test',
                TEST_PLATFORM_MIGRATIONS: await readD1Migrations(path.join(root, 'migrations/platform')),
                TEST_SCHOOL_MIGRATIONS: await readD1Migrations(path.join(root, 'migrations/school')),
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['src/**/*.test.ts', 'test/workers/**/*.test.ts'],
          setupFiles: ['./test/workers/apply-migrations.ts'],
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['scripts/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          // The journeys share one wrangler dev; the script tests spawn wrangler. Keep the
          // two-core machine from thrashing.
          fileParallelism: false,
        },
      },
    ],
  },
});
