import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareLocalState } from './local-state.ts';

const root = path.resolve(import.meta.dirname, '../..');

export type LocalRuntime = {
  port: number;
  /** `http://<host>:<port>`, e.g. origin('breslov.localhost'). */
  origin(host: string): string;
  stop(): Promise<void>;
};

/**
 * `wrangler dev` on a fresh, seeded local state in a temporary directory: what the browser
 * journeys and the benchmark run against. The real runtime, not a simulation; stopped
 * and removed by `stop()`.
 */
export async function startLocalRuntime({ port, log = false, vars = {} }: { port: number; log?: boolean; /** Extra Worker variables (`wrangler dev --var`), e.g. a fake Stripe's address. */ vars?: Record<string, string> }): Promise<LocalRuntime> {
  const persistTo = await mkdtemp(path.join(tmpdir(), 'lectern-runtime-'));
  const config = path.join(root, 'wrangler.toml');
  await cp(await seededStateTemplate(config), persistTo, { recursive: true });
  // Run wrangler's JS with this process's Node (≥ 22.12), whatever `node` is first on PATH.
  const child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--config', config, '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo, '--log-level', log ? 'info' : 'warn', ...Object.entries(vars).flatMap(([key, value]) => ['--var', `${key}:${value}`])],
    {
      cwd: root,
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    await stopChild(child);
    await rm(persistTo, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(port, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, origin: (host) => `http://${host}:${port}`, stop };
}

/**
 * A migrated, seeded local state to copy from. Preparing one takes six wrangler runs
 * (~20 s); every journey file needs the same one, so it is built once per content of the
 * migrations, the seeding code and wrangler.toml, and copied (a few milliseconds) after that.
 */
async function seededStateTemplate(config: string): Promise<string> {
  const template = path.join(tmpdir(), `lectern-seeded-state-${stateInputsHash(config)}`);
  if (existsSync(path.join(template, '.ready'))) return template;
  const building = await mkdtemp(`${template}-building-`);
  await prepareLocalState({ config, persistTo: building });
  await writeFile(path.join(building, '.ready'), '');
  try {
    await rename(building, template);
  } catch {
    await rm(building, { recursive: true, force: true }); // built concurrently by another process: theirs is the same
  }
  return template;
}

function stateInputsHash(config: string): string {
  const hash = createHash('sha256');
  const add = (file: string) => hash.update(file).update(readFileSync(file));
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (!name.endsWith('.test.ts')) add(file);
    }
  };
  add(config);
  walk(path.join(root, 'migrations'));
  walk(path.join(root, 'scripts/lib'));
  return hash.digest('hex').slice(0, 16);
}

/** GET with an explicit Host header against 127.0.0.1 (no DNS for *.localhost needed). */
export type LoopbackResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One HTTP request to the local runtime by Host header (Node cannot resolve *.localhost). */
export function requestViaLoopback(
  port: number,
  host: string,
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<LoopbackResponse> {
  return new Promise((resolve, reject) => {
    const headers = { host: `${host}:${port}`, accept: 'application/json', ...options.headers };
    const req = httpRequest({ host: '127.0.0.1', port, path: pathname, method: options.method ?? 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function getViaLoopback(port: number, host: string, pathname: string): Promise<LoopbackResponse> {
  return requestViaLoopback(port, host, pathname);
}

async function waitUntilServing(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await getViaLoopback(port, 'localhost', '/api/health');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer on port ${port} within 60 s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
