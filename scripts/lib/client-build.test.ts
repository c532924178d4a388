import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { clientBuildIsStale } from './client-build.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function file(relative: string, secondsAgo: number) {
  const full = path.join(root, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  const when = Date.now() / 1000 - secondsAgo;
  utimesSync(full, when, when);
}

it('rebuilds when the build is missing or older than a client source, not for dist or node_modules', () => {
  root = mkdtempSync(path.join(tmpdir(), 'lectern-client-'));
  file('client/main.tsx', 100);
  expect(clientBuildIsStale(root)).toBe(true);
  file('client/dist/index.html', 50);
  file('client/dist/assets/app.js', 10);
  file('client/node_modules/x/index.js', 10);
  expect(clientBuildIsStale(root)).toBe(false);
  file('client/features/home/page.tsx', 10);
  expect(clientBuildIsStale(root)).toBe(true);
  file('client/dist/index.html', 0);
  file('vite.config.ts', -5);
  expect(clientBuildIsStale(root)).toBe(true);
});
