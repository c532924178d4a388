import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';
import { id, instant } from '../../platform/db/columns.ts';

// ---- platform database -------------------------------------------------------------

/**
 * Messages a queue gave up on. Every dead-letter queue's consumer writes here, so a failure
 * is never lost silently; operators inspect and replay from this table.
 */
export const deadLetters = sqliteTable('dead_letters', {
  id: id(),
  queue: text('queue').notNull(),
  messageId: text('message_id').notNull().unique(),
  body: text('body', { mode: 'json' }),
  attempts: integer('attempts').notNull(),
  receivedAt: instant('received_at').notNull(),
  replayedAt: instant('replayed_at'),
});
