import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant } from '../../platform/db/columns.ts';

// ---- platform database -------------------------------------------------------------

export const MAIL_STATUSES = ['pending', 'sent', 'failed'] as const;

/**
 * Outgoing mail. A row is written in the same batch as the change that causes it (a
 * magic link, an invitation), then delivered through MAILER by the events consumer and
 * swept by cron, so a message is never lost silently: it is sent or it is `failed` with
 * its last error.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: id(),
    schoolId: text('school_id'),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    fromAddress: text('from_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [index('mail_outbox_status_idx').on(t.status, t.createdAt)],
);
