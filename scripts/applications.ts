import { describeTarget, operatorActor, parseCommandArgs, requiredString, runCommand, TARGET_USAGE, UsageError } from './lib/cli.ts';
import { approveApplication, formatApplicationTable, listApplications, parseStatusFilter, rejectApplication } from './lib/applications.ts';
import { wranglerD1 } from './lib/wrangler.ts';

// npm run applications:list -- [--status pending|approved|rejected|all] [--json] --local
// npm run applications:approve -- --id <id> --local
// npm run applications:reject -- --id <id> --reason "..." --local

const USAGES = {
  list: `npm run applications:list -- [--status pending|approved|rejected|all] [--json] ${TARGET_USAGE}`,
  approve: `npm run applications:approve -- --id <application id> ${TARGET_USAGE}`,
  reject: `npm run applications:reject -- --id <application id> --reason <why> ${TARGET_USAGE}`,
} as const;

await runCommand(async () => {
  const [command, ...argv]: string[] = process.argv.slice(2);
  if (command !== 'list' && command !== 'approve' && command !== 'reject') {
    throw new UsageError(`The first argument must be "list", "approve" or "reject", not "${command ?? ''}".`, `node scripts/applications.ts <list|approve|reject> ... ${TARGET_USAGE}`);
  }
  const usage = USAGES[command];

  if (command === 'list') {
    const { target, values } = parseCommandArgs(argv, { status: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const status = parseStatusFilter(values.status as string | undefined);
    const rows = await listApplications(wranglerD1(target), status);
    if (values.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    console.log(`applications:list (${status}) — ${describeTarget(target)}`);
    console.log(rows.length === 0 ? `No ${status === 'all' ? '' : `${status} `}applications.` : formatApplicationTable(rows));
    return;
  }

  if (command === 'approve') {
    const { target, values } = parseCommandArgs(argv, { id: { type: 'string' } }, usage);
    const id = requiredString(values, 'id', usage);
    console.log(`applications:approve ${id.trim()} — ${describeTarget(target)}`);
    const approved = await approveApplication(
      { mode: target.mode, configPath: target.config, d1: wranglerD1(target), actor: operatorActor(), log: (line) => console.log(line) },
      id,
    );
    console.log(`\nApproved "${approved.application.school_name}": ${approved.url}`);
    console.log(`Invited ${approved.invitedEmail} as owner; the mail is in the outbox and goes out with the Worker's next mail sweep.`);
    console.log(
      target.mode === 'local'
        ? `Restart \`npm run dev\` (or \`wrangler dev\`) so the Worker picks up the new ${approved.binding} binding.`
        : `Deploy (\`wrangler deploy\`) so the Worker picks up the new ${approved.binding} binding, and commit wrangler.toml.`,
    );
    return;
  }

  const { target, values } = parseCommandArgs(argv, { id: { type: 'string' }, reason: { type: 'string' } }, usage);
  const id = requiredString(values, 'id', usage);
  const reason = requiredString(values, 'reason', usage);
  console.log(`applications:reject ${id.trim()} — ${describeTarget(target)}`);
  const { application } = await rejectApplication({ d1: wranglerD1(target), actor: operatorActor() }, id, reason);
  console.log(`Rejected the application for "${application.desired_slug}" (${application.school_name}); the slug is free again.`);
});
