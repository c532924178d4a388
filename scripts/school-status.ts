import { describeTarget, operatorActor, parseCommandArgs, requiredString, runCommand, TARGET_USAGE, UsageError } from './lib/cli.ts';
import { changeSchoolStatus, type StatusChange } from './lib/school-status.ts';
import { wranglerD1 } from './lib/wrangler.ts';

// npm run school:suspend -- --slug acme --local     (node scripts/school-status.ts suspend ...)
// npm run school:activate -- --slug acme --local    (node scripts/school-status.ts activate ...)

await runCommand(async () => {
  const [change, ...argv] = process.argv.slice(2);
  if (change !== 'suspend' && change !== 'activate') {
    throw new UsageError(`The first argument must be "suspend" or "activate", not "${change ?? ''}".`, `node scripts/school-status.ts <suspend|activate> --slug <slug> ${TARGET_USAGE}`);
  }
  const usage = `npm run school:${change} -- --slug <slug> ${TARGET_USAGE}`;
  const { target, values } = parseCommandArgs(argv, { slug: { type: 'string' } }, usage);
  const slug = requiredString(values, 'slug', usage).trim();
  console.log(`school:${change} ${slug} — ${describeTarget(target)}`);
  const changed = await changeSchoolStatus({ d1: wranglerD1(target), actor: operatorActor() }, change satisfies StatusChange, slug);
  const state = change === 'suspend' ? 'suspended' : 'active';
  console.log(changed ? `"${slug}" is now ${state}. Running Workers notice within 30 seconds (their school cache).` : `"${slug}" was already ${state}; nothing changed.`);
});
