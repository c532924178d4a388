import { userInfo } from 'node:os';
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { WranglerTarget } from './wrangler.ts';

/**
 * Argument parsing and error reporting shared by every operator command: each one is
 * `--local` or `--remote` (exactly one), takes `--config`, and in local mode `--persist-to`.
 * Errors reach the operator as one line and exit code 1.
 */

/** An error the operator can act on; printed as its message alone, without a stack. */
export class OperatorError extends Error {
  override name = 'OperatorError';
}

export class UsageError extends OperatorError {
  override name = 'UsageError';
  readonly usage: string;
  constructor(message: string, usage: string) {
    super(message);
    this.usage = usage;
  }
}

/** `--help`: not an error; runCommand prints the usage and exits 0. */
export class HelpRequested extends Error {
  readonly usage: string;
  constructor(usage: string) {
    super('help requested');
    this.usage = usage;
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

const TARGET_OPTIONS = {
  local: { type: 'boolean' },
  remote: { type: 'boolean' },
  config: { type: 'string' },
  'persist-to': { type: 'string' },
} as const satisfies Options;

export const TARGET_USAGE = '(--local | --remote) [--config <path>] [--persist-to <dir>]';

/**
 * Parses `argv` (without node and the script) against the command's own options plus the
 * target options. Unknown flags, stray positionals, and anything but exactly one mode are
 * usage errors.
 */
export type ArgValues = Record<string, string | boolean | undefined>;

export function parseCommandArgs(argv: string[], options: Options, usage: string, cwd = process.cwd()): { target: WranglerTarget; values: ArgValues } {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested(usage);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, ...TARGET_OPTIONS }, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  const values = parsed.values as ArgValues;
  if (Boolean(values.local) === Boolean(values.remote)) {
    throw new UsageError('Pass exactly one of --local (offline, miniflare state) or --remote (your Cloudflare account).', usage);
  }
  const config = path.resolve(cwd, typeof values.config === 'string' ? values.config : 'wrangler.toml');
  let target: WranglerTarget;
  if (values.local) {
    // Wrangler's own default, so these commands and `wrangler dev` share one state.
    const persistTo = typeof values['persist-to'] === 'string' ? path.resolve(cwd, values['persist-to']) : path.join(path.dirname(config), '.wrangler/state');
    target = { mode: 'local', config, persistTo };
  } else {
    if (values['persist-to'] !== undefined) throw new UsageError('--persist-to only applies with --local.', usage);
    target = { mode: 'remote', config };
  }
  return { target, values };
}

/** Who ran the command, for operator_audit: $LECTERN_OPERATOR, else the OS user. */
export function operatorActor(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.LECTERN_OPERATOR?.trim();
  if (named) return named;
  try {
    return userInfo().username;
  } catch {
    return env.USER || env.USERNAME || 'unknown';
  }
}

/** Runs a command's main: operator errors print one line, anything else its message; exit 1. */
export async function runCommand(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof HelpRequested) {
      console.log(`usage: ${error.usage}`);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError ? ` Usage: ${error.usage}` : '';
    console.error(`error: ${message.replace(/\s*\n\s*/g, ' ').trim()}${usage}`);
    if (process.env.LECTERN_DEBUG && error instanceof Error) console.error(error.stack);
    process.exitCode = 1;
  }
}

/** "local (wrangler.toml, state .wrangler/state)": printed first so the operator sees where a command acts. */
export function describeTarget(target: WranglerTarget): string {
  const shown = (file: string) => {
    const relative = path.relative(process.cwd(), file);
    return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
  };
  return target.mode === 'local' ? `local (${shown(target.config)}, state ${shown(target.persistTo)})` : `remote (${shown(target.config)})`;
}

/** A required `--name <value>` option, or a usage error naming it. */
export function requiredString(values: ArgValues, name: string, usage: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required.`, usage);
  return value;
}
