import { operatorAuditSql } from './audit.ts';
import { OperatorError } from './cli.ts';
import { executePlatform } from './platform-schools.ts';
import { type ReplaySelection, replaySql, selectReplayCandidatesSql } from './stripe-replay-sql.ts';
import type { D1Gateway } from './wrangler.ts';

export type { ReplaySelection } from './stripe-replay-sql.ts';

export type ReplayedEvent = { eventId: string; type: string; schoolId: string | null; attempts: number; lastError: string | null };

/**
 * `npm run stripe:replay`: the dead inbox rows named (one event, or every dead one) go back
 * to `received` for the scheduled sweep to enqueue, audited in operator_audit in the same
 * wrangler call. Returns what it put back (empty: nothing was dead).
 */
export async function replayDeadEvents(ctx: { d1: D1Gateway; actor: string; now?: number }, selection: ReplaySelection): Promise<ReplayedEvent[]> {
  const [rows = []] = await executePlatform(ctx.d1, [selectReplayCandidatesSql(selection)]).catch((error: unknown) => {
    if (error instanceof Error && /no such table: stripe_webhook_inbox/.test(error.message)) {
      throw new OperatorError('The platform database has no stripe_webhook_inbox table yet: run `npm run schools:migrate` with the same --local/--remote first.');
    }
    throw error;
  });
  if ('eventId' in selection) {
    const [row] = rows;
    if (!row) throw new OperatorError(`No Stripe event ${selection.eventId} is in the inbox (only events that passed the signature check are stored).`);
    if (row.status === 'received') throw new OperatorError(`Event ${selection.eventId} is already waiting to be processed (status received); nothing to replay.`);
    if (row.status !== 'dead') throw new OperatorError(`Event ${selection.eventId} is ${String(row.status)}, not dead; only dead events are replayed.`);
  }
  const dead = rows.filter((row) => row.status === 'dead');
  if (dead.length === 0) return [];
  const replayed = dead.map((row) => ({
    eventId: String(row.event_id),
    type: String(row.type),
    schoolId: (row.school_id as string | null) ?? null,
    attempts: Number(row.attempts ?? 0),
    lastError: (row.last_error as string | null) ?? null,
  }));
  const now = ctx.now ?? Date.now();
  const ids = replayed.map((event) => event.eventId);
  const schools = [...new Set(replayed.map((event) => event.schoolId))];
  await executePlatform(ctx.d1, [
    replaySql(ids, now),
    operatorAuditSql(
      {
        actor: ctx.actor,
        action: 'stripe.replay',
        schoolId: schools.length === 1 ? (schools[0] ?? null) : null,
        details: { selection: 'eventId' in selection ? { event: selection.eventId } : { allDead: true }, count: ids.length, eventIds: ids.slice(0, 200) },
      },
      now,
    ),
  ]);
  return replayed;
}
