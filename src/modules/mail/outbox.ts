import type { PlatformDb } from '../../platform/db/platform-db.ts';
import { mailOutbox } from './schema.ts';

export type OutgoingMail = {
  schoolId: string | null;
  /** What the mail is for, e.g. `magic_link`, `invitation`; shown in the dev mailbox. */
  kind: string;
  to: string;
  from: string;
  subject: string;
  text: string;
  html?: string | null;
};

/**
 * The insert that puts a mail in the outbox. Returned unexecuted so callers put it in the
 * same `db.batch([...])` as the change that causes the mail: both land or neither does.
 * Add `.returning({ id: mailOutbox.id })` and, once the batch has succeeded, hand the id to
 * `enqueueMailDelivery` (delivery.ts). Delivery (MAILER, retries, failure recording) happens
 * in the events consumer; the cron sweep catches any mail whose enqueue was lost.
 */
export function outboxInsert(platformDb: PlatformDb, mail: OutgoingMail, now: Date) {
  return platformDb.insert(mailOutbox).values({
    schoolId: mail.schoolId,
    kind: mail.kind,
    toAddress: mail.to.trim().toLowerCase(),
    fromAddress: mail.from,
    subject: mail.subject,
    textBody: mail.text,
    htmlBody: mail.html ?? null,
    createdAt: now,
  });
}
