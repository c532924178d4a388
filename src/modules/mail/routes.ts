import type { Context } from 'hono';
import { type AppEnv, newApp } from '../../platform/hono.ts';
import { mailboxPage } from './mailbox-page.ts';
import { listDevMailbox } from './mailbox.ts';

const mailboxCtx = (c: Context<AppEnv>) => ({ env: c.env, platformDb: c.var.platformDb });

/** The development mailbox, on every host (school, apex, auth); a 404 outside development. */
export const devMailboxRoutes = newApp()
  .get('/__dev/mailbox.json', async (c) => {
    const mailbox = await listDevMailbox({ ctx: mailboxCtx(c), input: { to: c.req.query('to') } });
    return c.json(mailbox, 200, { 'Cache-Control': 'no-store' });
  })
  .get('/__dev/mailbox', async (c) => {
    const mailbox = await listDevMailbox({ ctx: mailboxCtx(c), input: { to: c.req.query('to') } });
    return c.html(mailboxPage({ ...mailbox, nonce: c.var.cspNonce }), 200, { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  });
