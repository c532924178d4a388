import type { D1Migration } from 'cloudflare:test';
import type { Env as LecternEnv } from '../../src/platform/env.ts';

// What `env` from cloudflare:workers holds in the workers test project.
declare global {
  namespace Cloudflare {
    interface Env extends LecternEnv {
      TEST_PLATFORM_MIGRATIONS: D1Migration[];
      TEST_SCHOOL_MIGRATIONS: D1Migration[];
      SCHOOL_BRESLOV: D1Database;
      SCHOOL_ACME: D1Database;
    }
    // Types `exports.default` from cloudflare:workers as our Worker.
    interface GlobalProps {
      mainModule: typeof import('../../src/index.ts');
    }
  }
}
