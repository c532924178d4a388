import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { childEnv, projectBin } from './wrangler.ts';

/**
 * The built client is stale when client/dist/index.html is missing or older than anything
 * under client/ (outside dist) or the root vite.config.ts that builds it.
 */
export function clientBuildIsStale(repoRoot: string): boolean {
  const clientDir = path.join(repoRoot, 'client');
  let builtAt: number;
  try {
    builtAt = statSync(path.join(clientDir, 'dist/index.html')).mtimeMs;
  } catch {
    return true;
  }
  const sources = [path.join(repoRoot, 'vite.config.ts')];
  for (const entry of readdirSync(clientDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const [top, ...rest] = path.relative(clientDir, file).split(path.sep);
    if (top === 'dist' || top === 'node_modules' || rest.includes('node_modules')) continue;
    sources.push(file);
  }
  return sources.some((file) => {
    try {
      return statSync(file).mtimeMs > builtAt;
    } catch {
      return false;
    }
  });
}

/** `vite build` from the repository root, as `npm run build` does. */
export function buildClient(repoRoot: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [projectBin('vite'), 'build'], { cwd: repoRoot, env: childEnv(), stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build failed (exit code ${code}); fix the client build and run npm run dev again.`)),
    );
  });
}
