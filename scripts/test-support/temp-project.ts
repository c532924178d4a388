import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../lib/wrangler.ts';

/** A throw-away copy of the project's wrangler.toml and migrations, with its own state dir. */
export type TempProject = { dir: string; config: string; persistTo: string; remove(): void };

export function tempProject(): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'lectern-scripts-'));
  cpSync(path.join(REPO_ROOT, 'wrangler.toml'), path.join(dir, 'wrangler.toml'));
  cpSync(path.join(REPO_ROOT, 'migrations'), path.join(dir, 'migrations'), { recursive: true });
  return {
    dir,
    config: path.join(dir, 'wrangler.toml'),
    persistTo: path.join(dir, 'state'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `node scripts/<script> ...args` the way npm run does; never rejects. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', script), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
