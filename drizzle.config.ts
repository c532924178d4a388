import { defineConfig } from 'drizzle-kit';

/**
 * Two databases, two migration folders. `npm run db:generate` runs drizzle-kit once per
 * target; LECTERN_DB picks which (platform is the default).
 */
const target = process.env.LECTERN_DB === 'school' ? 'school' : 'platform';

export default defineConfig({
  dialect: 'sqlite',
  schema: `./src/platform/db/${target}-schema.ts`,
  out: `./migrations/${target}`,
  migrations: { prefix: 'index' },
  breakpoints: true,
});
