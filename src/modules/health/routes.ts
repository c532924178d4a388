import { sql } from 'drizzle-orm';
import { newApp } from '../../platform/hono.ts';

/**
 * Liveness on any known host. On a school host it also touches the school's database, so a
 * broken binding shows here first; elsewhere it does no I/O at all (the bench baseline).
 */
export const healthRoutes = newApp().get('/health', async (c) => {
  const host = c.var.host;
  if (host.kind === 'school') {
    await host.schoolDb.db.run(sql`select 1`);
    return c.json({ ok: true, host: 'school', school: host.school.slug });
  }
  return c.json({ ok: true, host: host.kind });
});
