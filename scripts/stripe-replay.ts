import { describeTarget, operatorActor, parseCommandArgs, runCommand, TARGET_USAGE, UsageError } from './lib/cli.ts';
import { replayDeadEvents, type ReplaySelection } from './lib/stripe-replay.ts';
import { wranglerD1 } from './lib/wrangler.ts';

// npm run stripe:replay -- --event evt_123 --local
// npm run stripe:replay -- --all-dead --remote

await runCommand(async () => {
  const usage = `npm run stripe:replay -- (--event <evt_id> | --all-dead) ${TARGET_USAGE}`;
  const { target, values } = parseCommandArgs(process.argv.slice(2), { event: { type: 'string' }, 'all-dead': { type: 'boolean' } }, usage);
  const eventId = typeof values.event === 'string' ? values.event.trim() : '';
  if (Boolean(eventId) === Boolean(values['all-dead'])) throw new UsageError('Pass exactly one of --event <evt_id> or --all-dead.', usage);
  const selection: ReplaySelection = eventId ? { eventId } : { allDead: true };
  console.log(`stripe:replay ${eventId || '--all-dead'} — ${describeTarget(target)}`);
  const replayed = await replayDeadEvents({ d1: wranglerD1(target), actor: operatorActor() }, selection);
  if (replayed.length === 0) {
    console.log('No dead Stripe events; nothing to replay.');
    return;
  }
  for (const event of replayed) {
    console.log(`  ${event.eventId}  ${event.type}  school ${event.schoolId ?? '?'}  (${event.attempts} attempt(s); last error: ${event.lastError ?? 'none'})`);
  }
  console.log(
    `${replayed.length} event(s) set back to received. The scheduled sweep re-queues them within 5 minutes (the cron runs every 5 minutes); ` +
      'each is applied at most once, so replaying an event that was already applied changes nothing.',
  );
});
