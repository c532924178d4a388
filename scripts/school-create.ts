import { describeTarget, operatorActor, parseCommandArgs, requiredString, runCommand, TARGET_USAGE } from './lib/cli.ts';
import { createSchool } from './lib/provision-school.ts';
import { parseCreateSchoolInput } from './lib/school-input.ts';
import { wranglerD1 } from './lib/wrangler.ts';

// npm run school:create -- --slug gamma --name "Gamma School" --local
// Re-running the same command after an interruption finishes the job.

const USAGE = `npm run school:create -- --slug <slug> --name <name> [--public] [--primary-color #rrggbb] [--accent-color #rrggbb] ${TARGET_USAGE}`;

await runCommand(async () => {
  const { target, values } = parseCommandArgs(
    process.argv.slice(2),
    {
      slug: { type: 'string' },
      name: { type: 'string' },
      public: { type: 'boolean' },
      'primary-color': { type: 'string' },
      'accent-color': { type: 'string' },
    },
    USAGE,
  );
  const input = parseCreateSchoolInput({
    slug: requiredString(values, 'slug', USAGE),
    name: requiredString(values, 'name', USAGE),
    isPublic: values.public === true,
    primaryColor: values['primary-color'] as string | undefined,
    accentColor: values['accent-color'] as string | undefined,
  });

  console.log(`school:create ${input.slug} — ${describeTarget(target)}`);
  const created = await createSchool(
    { mode: target.mode, configPath: target.config, d1: wranglerD1(target), actor: operatorActor(), log: (line) => console.log(line) },
    input,
  );

  console.log(`\n${created.resumed ? 'Finished provisioning' : 'Created'} "${created.school.name}": ${created.url}`);
  console.log(
    target.mode === 'local'
      ? `Restart \`npm run dev\` (or \`wrangler dev\`) so the Worker picks up the new ${created.school.d1Binding} binding.`
      : `Deploy (\`wrangler deploy\`) so the Worker picks up the new ${created.school.d1Binding} binding, and commit wrangler.toml.`,
  );
});
