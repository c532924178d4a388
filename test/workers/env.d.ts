import type { D1Migration } from 'cloudflare:test';
import type { Env } from '../../src/platform/env.ts';

declare global {
  namespace Cloudflare {
    interface Env extends import('../../src/platform/env.ts').Env {
      TEST_PLATFORM_MIGRATIONS: D1Migration[];
      TEST_SCHOOL_MIGRATIONS: D1Migration[];
      SCHOOL_BRESLOV: D1Database;
      SCHOOL_ACME: D1Database;
    }
  }
}
export type { Env };
