import { parseCommandArgs, runCommand, TARGET_USAGE } from './lib/cli.ts';
import { formatSchoolTable, listSchools } from './lib/fleet.ts';
import { wranglerD1 } from './lib/wrangler.ts';
import { readConfigFile, readD1Bindings } from './lib/wrangler-config.ts';

// npm run schools:list -- --local [--json]

const USAGE = `npm run schools:list -- [--json] ${TARGET_USAGE}`;

await runCommand(async () => {
  const { target, values } = parseCommandArgs(process.argv.slice(2), { json: { type: 'boolean' } }, USAGE);
  const configured = readD1Bindings(readConfigFile(target.config));
  const schools = await listSchools(wranglerD1(target), configured);
  if (values.json) {
    console.log(JSON.stringify(schools, null, 2));
    return;
  }
  console.log(schools.length === 0 ? 'No schools yet: npm run school:create -- --slug <slug> --name <name> --local' : formatSchoolTable(schools));
  const listed = new Set(schools.map((school) => school.binding));
  const unclaimed = configured.filter((entry) => entry.binding.startsWith('SCHOOL_') && !listed.has(entry.binding));
  if (unclaimed.length > 0) console.log(`\nIn wrangler.toml but not in the platform database: ${unclaimed.map((entry) => entry.binding).join(', ')}`);
});
