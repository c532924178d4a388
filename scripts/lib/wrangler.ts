import { type ChildProcess, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The only door to wrangler. Every operator command drives D1 through the project's own
 * wrangler, run by the Node running this script (never whatever `node` is first on PATH),
 * offline-safe, non-interactive, and with its failures turned into one readable Error.
 */

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

export type WranglerTarget =
  | { mode: 'local'; config: string; persistTo: string }
  | { mode: 'remote'; config: string };

/** Set for every wrangler (and vite) child: no metrics, no cf-object fetch, no colours to strip. */
export const OFFLINE_ENV = {
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
} as const;

export class WranglerError extends Error {
  readonly args: string[];
  readonly stderr: string;
  constructor(message: string, args: string[], stderr: string) {
    super(message);
    this.name = 'WranglerError';
    this.args = args;
    this.stderr = stderr;
  }
}

/** A package's bin as the script it links to, so it runs under process.execPath. */
export function projectBin(name: string): string {
  return realpathSync(path.join(REPO_ROOT, 'node_modules/.bin', name));
}

export function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...OFFLINE_ENV,
    FORCE_COLOR: '0',
    PATH: `${path.join(REPO_ROOT, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  };
}

/** Flags that say where a command acts: the config file, then local state or the account. */
export function targetFlags(target: WranglerTarget): string[] {
  const flags = ['--config', target.config];
  if (target.mode === 'local') flags.push('--local', '--persist-to', target.persistTo);
  else flags.push('--remote');
  return flags;
}

/** Spawns the project's wrangler with inherited stdio (for `wrangler dev`). */
export function spawnWranglerInteractive(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [projectBin('wrangler'), ...args], { cwd, env: childEnv(), stdio: 'inherit' });
}

/** Runs wrangler to completion; resolves with stdout, rejects with a WranglerError. */
export function runWrangler(args: string[], options: { cwd: string; json?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [projectBin('wrangler'), ...args], {
      cwd: options.cwd,
      env: childEnv(),
      // No stdin: wrangler then takes the non-interactive answer to every prompt.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => reject(new WranglerError(`could not start wrangler: ${error.message}`, args, '')));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(stdout);
      const reason = wranglerFailureText(stdout, stderr, options.json === true) ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
      reject(new WranglerError(`wrangler ${commandName(args)} failed: ${reason}`, args, stderr));
    });
  });
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** What went wrong, in wrangler's own words: the JSON error, the ✘ [ERROR] lines, or the stderr tail. */
export function wranglerFailureText(stdout: string, stderr: string, json: boolean): string | null {
  if (json) {
    try {
      const parsed = JSON.parse(stdout.trim()) as { error?: { text?: string } };
      if (parsed.error?.text) return parsed.error.text;
    } catch {
      // Not JSON: fall through to stderr.
    }
  }
  const lines = stderr.replace(ANSI, '').split('\n').map((line) => line.trim());
  const errors = lines.filter((line) => line.startsWith('✘')).map((line) => line.replace(/^✘\s*\[ERROR\]\s*/, ''));
  if (errors.length > 0) return errors.join(' ');
  const tail = lines.filter((line) => line && !line.startsWith('🪵')).slice(-3);
  return tail.length > 0 ? tail.join(' ') : null;
}

function commandName(args: string[]): string {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  return words.join(' ');
}

// ---- D1 ------------------------------------------------------------------------------

export type Row = Record<string, unknown>;

/**
 * What the operator commands need from D1, by binding name. The wrangler implementation
 * below is the real one; tests substitute an in-memory one to interrupt and resume freely.
 */
export type D1Gateway = {
  /** Runs the statements in order; one array of rows per statement. */
  execute(binding: string, statements: string[]): Promise<Row[][]>;
  /** Applies pending migrations from the binding's migrations_dir; names of those applied. */
  applyMigrations(binding: string): Promise<string[]>;
  /** Remote only: the account's databases. */
  listDatabases(): Promise<Array<{ name: string; uuid: string }>>;
  /** Remote only: creates a database and returns its id. */
  createDatabase(name: string): Promise<string>;
};

const ExecuteOutput = z.array(z.object({ results: z.array(z.record(z.string(), z.unknown())).default([]) }));
const ListOutput = z.array(z.looseObject({ name: z.string(), uuid: z.string() }));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function wranglerD1(target: WranglerTarget): D1Gateway {
  const cwd = path.dirname(target.config);
  const json = <T>(schema: z.ZodType<T>, stdout: string, what: string): T => {
    try {
      return schema.parse(JSON.parse(stdout.trim()));
    } catch {
      throw new WranglerError(`wrangler ${what} printed output this script does not understand`, [], stdout.slice(0, 500));
    }
  };
  async function listDatabases(): Promise<Array<{ name: string; uuid: string }>> {
    const stdout = await runWrangler(['d1', 'list', '--json', '--config', target.config], { cwd, json: true });
    return json(ListOutput, stdout, 'd1 list');
  }
  return {
    async execute(binding, statements) {
      const args = ['d1', 'execute', binding, ...targetFlags(target), '--json', '--yes', '--command', statements.join('\n')];
      const stdout = await runWrangler(args, { cwd, json: true });
      return json(ExecuteOutput, stdout, 'd1 execute').map((statement) => statement.results);
    },
    async applyMigrations(binding) {
      const stdout = await runWrangler(['d1', 'migrations', 'apply', binding, ...targetFlags(target)], { cwd });
      return parseAppliedMigrations(stdout);
    },
    listDatabases,
    async createDatabase(name) {
      const stdout = await runWrangler(['d1', 'create', name, '--config', target.config], { cwd });
      const printed = /database_id["\s]*[=:]\s*"([^"]+)"/.exec(stdout)?.[1];
      if (printed && UUID.test(printed)) return printed;
      const listed = (await listDatabases()).find((db) => db.name === name);
      if (!listed) throw new WranglerError(`wrangler d1 create ${name} succeeded but the database is not listed`, [], stdout);
      return listed.uuid;
    },
  };
}

/** `migrations apply` has no --json; its closing table marks each applied file with ✅. */
export function parseAppliedMigrations(stdout: string): string[] {
  return [...stdout.matchAll(/│\s*(\S+\.sql)\s*│\s*✅/g)].map((match) => match[1]!);
}
