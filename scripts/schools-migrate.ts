import { describeTarget, operatorActor, parseCommandArgs, runCommand, TARGET_USAGE } from './lib/cli.ts';
import { migrateFleet } from './lib/fleet.ts';
import { wranglerD1 } from './lib/wrangler.ts';
import { readConfigFile, schoolBindings } from './lib/wrangler-config.ts';

// npm run schools:migrate -- --local
// Platform database first, then every SCHOOL_* database in wrangler.toml; safe to re-run.

const USAGE = `npm run schools:migrate -- ${TARGET_USAGE}`;

await runCommand(async () => {
  const { target } = parseCommandArgs(process.argv.slice(2), {}, USAGE);
  const bindings = schoolBindings(readConfigFile(target.config)).map((entry) => entry.binding);
  console.log(`schools:migrate — ${describeTarget(target)}`);
  const run = await migrateFleet({ d1: wranglerD1(target), actor: operatorActor(), log: (line) => console.log(line) }, bindings);
  const applied = run.reduce((sum, db) => sum + db.applied.length, 0);
  console.log(applied === 0 ? 'Every database was already up to date.' : `Applied ${applied} migration(s) across ${run.length} database(s).`);
});
