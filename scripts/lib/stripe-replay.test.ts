import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSql } from './sql.ts';
import { wranglerD1, type WranglerTarget } from './wrangler.ts';
import { PLATFORM_BINDING } from './wrangler-config.ts';
import { queryLocalD1 } from '../test-support/local-d1-files.ts';
import { runScript, tempProject, type TempProject } from '../test-support/temp-project.ts';

/**
 * `npm run stripe:replay` end to end against local D1 through the real wrangler: a temporary
 * copy of wrangler.toml and the migrations, the platform database migrated, dead inbox rows
 * inserted, then the command run the way npm runs it.
 */

let project: TempProject;
let flags: string[];

const inboxRow = (eventId: string, status: string) =>
  insertSql(
    'stripe_webhook_inbox',
    { event_id: eventId, type: 'invoice.paid', account: 'acct_1', school_id: null, payload: JSON.stringify({ id: eventId }), event_created: 1_700_000_000, status, attempts: 9, last_error: 'Error: boom', received_at: Date.now() - 3_600_000, enqueued_at: Date.now() - 3_000_000 },
    null,
  );

beforeAll(async () => {
  project = tempProject();
  const target: WranglerTarget = { mode: 'local', config: project.config, persistTo: project.persistTo };
  flags = ['--local', '--config', project.config, '--persist-to', project.persistTo];
  const d1 = wranglerD1(target);
  await d1.applyMigrations(PLATFORM_BINDING);
  await d1.execute(PLATFORM_BINDING, [inboxRow('evt_dead_1', 'dead'), inboxRow('evt_dead_2', 'dead'), inboxRow('evt_dead_3', 'dead'), inboxRow('evt_done', 'processed')]);
});
afterAll(() => project?.remove());

const row = (eventId: string) => queryLocalD1(project.persistTo, 'SELECT status, attempts, enqueued_at, replay_requested_at FROM stripe_webhook_inbox WHERE event_id = ?', [eventId])[0];

describe('stripe:replay against local D1', () => {
  it('puts one dead event back to received for the sweep, and audits it', async () => {
    const result = await runScript('stripe-replay.ts', ['--event', 'evt_dead_1', ...flags], { LECTERN_OPERATOR: 'replay-operator' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('evt_dead_1  invoice.paid');
    expect(result.stdout).toMatch(/1 event\(s\) set back to received\. The scheduled sweep re-queues them within 5 minutes/);
    expect(row('evt_dead_1')).toMatchObject({ status: 'received', attempts: 0, enqueued_at: null, replay_requested_at: expect.any(Number) });
    expect(row('evt_dead_2')).toMatchObject({ status: 'dead' });
    const audit = queryLocalD1(project.persistTo, "SELECT actor, details FROM operator_audit WHERE action = 'stripe.replay'");
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('replay-operator');
    expect(JSON.parse(String(audit[0]!.details))).toMatchObject({ count: 1, eventIds: ['evt_dead_1'] });
  });

  it('refuses events that are not dead or not there, changing nothing', async () => {
    const done = await runScript('stripe-replay.ts', ['--event', 'evt_done', ...flags]);
    expect(done.code).toBe(1);
    expect(done.stderr).toMatch(/evt_done is processed, not dead/);
    const missing = await runScript('stripe-replay.ts', ['--event', 'evt_nope', ...flags]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No Stripe event evt_nope/);
    const usage = await runScript('stripe-replay.ts', flags);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/exactly one of --event <evt_id> or --all-dead/);
    expect(row('evt_done')).toMatchObject({ status: 'processed' });
  });

  it('--all-dead replays every dead event; a second run has nothing to do', async () => {
    const result = await runScript('stripe-replay.ts', ['--all-dead', ...flags]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 event\(s\) set back to received/);
    expect([row('evt_dead_2')!.status, row('evt_dead_3')!.status]).toEqual(['received', 'received']);
    const again = await runScript('stripe-replay.ts', ['--all-dead', ...flags]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No dead Stripe events; nothing to replay.');
    expect(queryLocalD1(project.persistTo, "SELECT id FROM operator_audit WHERE action = 'stripe.replay'")).toHaveLength(2);
  });
});
