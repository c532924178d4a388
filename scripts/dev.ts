import { constants } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCommand } from './lib/cli.ts';
import { buildClient, clientBuildIsStale } from './lib/client-build.ts';
import { prepareLocalState } from './lib/local-state.ts';
import { OFFLINE_ENV, REPO_ROOT, spawnWranglerInteractive } from './lib/wrangler.ts';

// npm run dev [-- <extra wrangler dev args>]
// Builds the client if needed, migrates and seeds local D1, then runs `wrangler dev` on :8787.

Object.assign(process.env, OFFLINE_ENV);

await runCommand(async () => {
  const extra = process.argv.slice(2);
  // Read (but do not consume) the flags that decide which config and state wrangler uses,
  // so the state prepared here is the state `wrangler dev` serves.
  const { values } = parseArgs({
    args: extra,
    options: { config: { type: 'string', short: 'c' }, 'persist-to': { type: 'string' }, port: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const config = path.resolve(typeof values.config === 'string' ? values.config : path.join(REPO_ROOT, 'wrangler.toml'));
  const persistTo = typeof values['persist-to'] === 'string' ? path.resolve(values['persist-to']) : path.join(path.dirname(config), '.wrangler/state');

  if (clientBuildIsStale(REPO_ROOT)) {
    console.log('client: building (client/dist is missing or older than client/) ...');
    await buildClient(REPO_ROOT);
  }
  console.log('local state: applying migrations and seeding demo schools ...');
  await prepareLocalState({ config, persistTo, log: (line) => console.log(`  ${line}`) });

  const args = ['dev', ...(values.config === undefined ? ['--config', config] : []), ...(values.port === undefined ? ['--port', '8787'] : []), ...extra];
  const child = spawnWranglerInteractive(args, path.dirname(config));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      console.error(`error: could not start wrangler dev: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + constants.signals[signal] : 1)));
  });
  process.exit(code);
});

