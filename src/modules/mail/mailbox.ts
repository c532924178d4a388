import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { PlatformDb } from '../../platform/db/platform-db.ts';
import type { Env } from '../../platform/env.ts';
import { NotFound } from '../../platform/errors.ts';
import { mailOutbox } from './schema.ts';

export const MAILBOX_SIZE = 50;

export const ListDevMailboxInput = z.object({
  to: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .optional()
    .transform((to) => to || undefined),
});

export type DevMail = {
  id: string;
  kind: string;
  to: string;
  from: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  text: string;
  links: string[];
};

/**
 * The development mailbox: the latest outbox mail of every school, so a newcomer can sign
 * in with no mail server. It shows other people's sign-in links, so it exists only when
 * ENVIRONMENT is `development`; anywhere else (test and production included) it is a 404.
 */
export async function listDevMailbox({ ctx, input }: { ctx: { env: Pick<Env, 'ENVIRONMENT'>; platformDb: PlatformDb }; input: unknown }): Promise<{ to: string | null; mails: DevMail[] }> {
  if (ctx.env.ENVIRONMENT !== 'development') throw new NotFound('There is nothing at this address.');
  const { to } = ListDevMailboxInput.parse(input);
  const rows = await ctx.platformDb
    .select()
    .from(mailOutbox)
    .where(to ? eq(mailOutbox.toAddress, to) : undefined)
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(MAILBOX_SIZE);
  const mails = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: row.toAddress,
    from: row.fromAddress,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    text: row.textBody,
    links: linksIn(row.textBody),
  }));
  return { to: to ?? null, mails };
}

/** http(s) links in a plain-text body, in order, without trailing punctuation. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"']+/g)].map((m) => m[0].replace(/[.,;:!?)\]]+$/, ''));
}
