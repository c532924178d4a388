/**
 * npm run bench — what tenancy costs on the hot path, measured against the real local
 * runtime (wrangler dev + workerd + local D1). Compares `GET /api/school` on a school host
 * with the apex `GET /api/health`, which skips school resolution and touches no database.
 * Rounds alternate between the two so machine noise hits both alike. Bounded: about
 * BENCH_SECONDS (default 12) of load plus start-up. Also reports D1 queries per request
 * and the built client's size. A benchmark, not a test: it prints, it does not judge.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLocalRuntime } from './lib/local-runtime.ts';

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = 3;

type Target = { label: string; host: string; path: string };
const TARGETS: Target[] = [
  { label: 'baseline  apex /api/health (no tenancy)', host: 'localhost', path: '/api/health' },
  { label: 'school    breslov /api/school', host: 'breslov.localhost', path: '/api/school' },
];

type Sample = { latenciesMs: number[]; errors: number; d1Queries: Set<string>; elapsedMs: number };

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function once(target: Target): Promise<{ ms: number; ok: boolean; d1: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: PORT, path: target.path, agent, headers: { host: `${target.host}:${PORT}` } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ ms: performance.now() - started, ok: res.statusCode === 200, d1: String(res.headers['x-d1-queries'] ?? '?') }),
      );
    });
    req.on('error', () => resolve({ ms: performance.now() - started, ok: false, d1: '?' }));
    req.end();
  });
}

async function load(target: Target, seconds: number, sample: Sample): Promise<void> {
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const r = await once(target);
        if (r.ok) sample.latenciesMs.push(r.ms);
        else sample.errors += 1;
        sample.d1Queries.add(r.d1);
      }
    }),
  );
  sample.elapsedMs += performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function clientBundle(): Promise<string> {
  const dir = path.resolve(import.meta.dirname, '../client/dist/assets');
  try {
    const files = await readdir(dir);
    const rows = await Promise.all(
      files.filter((f) => /\.(js|css)$/.test(f)).map(async (f) => {
        const bytes = await readFile(path.join(dir, f));
        return `  ${f.padEnd(32)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KiB  (${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzip)`;
      }),
    );
    return rows.join('\n');
  } catch {
    return '  (client not built: run npm run build)';
  }
}

async function main(): Promise<void> {
  await stat(path.resolve(import.meta.dirname, '../client/dist/index.html')).catch(() => {
    throw new Error('Build the client first: npm run build');
  });
  console.log(`Starting the local runtime on port ${PORT} …`);
  const runtime = await startLocalRuntime({ port: PORT });
  try {
    const samples = new Map<Target, Sample>(TARGETS.map((t) => [t, { latenciesMs: [], errors: 0, d1Queries: new Set(), elapsedMs: 0 }]));
    const warm: Sample = { latenciesMs: [], errors: 0, d1Queries: new Set(), elapsedMs: 0 };
    for (const target of TARGETS) await load(target, 1, warm);
    const perRound = SECONDS / ROUNDS / TARGETS.length;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of TARGETS) await load(target, perRound, samples.get(target)!);
      process.stdout.write(`  round ${round}/${ROUNDS} done\n`);
    }
    const results = TARGETS.map((target) => {
      const s = samples.get(target)!;
      const sorted = [...s.latenciesMs].sort((a, b) => a - b);
      return { target, rps: (sorted.length / s.elapsedMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length, errors: s.errors, d1: [...s.d1Queries].join('/') };
    });
    console.log(`\nconcurrency ${CONCURRENCY}, ${SECONDS}s of load in ${ROUNDS} alternating rounds\n`);
    console.log(`${'route'.padEnd(42)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'n'.padStart(7)} ${'errors'.padStart(7)}  D1 queries/req`);
    for (const r of results) {
      console.log(`${r.target.label.padEnd(42)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.n).padStart(7)} ${String(r.errors).padStart(7)}  ${r.d1}`);
    }
    const [base, school] = results as [(typeof results)[number], (typeof results)[number]];
    console.log(`\nschool / baseline: throughput ${(school.rps / base.rps).toFixed(2)}x, p50 ${(school.p50 / base.p50).toFixed(2)}x, p99 ${(school.p99 / base.p99).toFixed(2)}x`);
    console.log(`\nclient bundle (client/dist/assets):\n${await clientBundle()}`);
  } finally {
    agent.destroy();
    await runtime.stop();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
