import { sqlLiteral } from './sql.ts';

/**
 * The SQL of `npm run stripe:replay`, kept free of Node imports so the workers tests can run
 * exactly these statements against the platform database and then the scheduled sweep.
 */

export type ReplaySelection = { eventId: string } | { allDead: true };

export function selectReplayCandidatesSql(selection: ReplaySelection): string {
  const where = 'eventId' in selection ? `event_id = ${sqlLiteral(selection.eventId)}` : `status = 'dead'`;
  return `SELECT event_id, type, status, school_id, attempts, last_error FROM stripe_webhook_inbox WHERE ${where} ORDER BY received_at;`;
}

/**
 * Puts dead rows back to `received`, never enqueued, with replay_requested_at set: the
 * scheduled sweep enqueues them on its next run. Only rows still `dead` change, so a replay
 * racing a late consumer cannot reopen a processed event. Attempts restart at 0; the last
 * error stays for reference until the event succeeds.
 */
export function replaySql(eventIds: string[], now: number): string {
  if (eventIds.length === 0) throw new Error('nothing to replay');
  return (
    `UPDATE stripe_webhook_inbox SET status = 'received', replay_requested_at = ${sqlLiteral(now)}, enqueued_at = NULL, attempts = 0 ` +
    `WHERE status = 'dead' AND event_id IN (${eventIds.map((id) => sqlLiteral(id)).join(', ')});`
  );
}
