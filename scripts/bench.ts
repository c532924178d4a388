/**
 * npm run bench — what the hot paths cost, measured against the real local runtime
 * (wrangler dev + workerd + local D1). Compares `GET /api/school` on a school host with the
 * apex `GET /api/health`, which skips school resolution and touches no database, and
 * measures the learner's screens: the catalog (anonymous), and the course page and lesson
 * player for a signed-in, enrolled student. Rounds alternate between routes so machine
 * noise hits all alike. Bounded: about BENCH_SECONDS (default 20) of load plus start-up.
 * Also reports D1 round trips per request (all databases / the school's) and the built
 * client's size. A benchmark, not a test: it prints, it does not judge.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { signInViaDevMailbox } from './lib/dev-sign-in.ts';
import { requestViaLoopback, startLocalRuntime } from './lib/local-runtime.ts';

const PORT = Number(process.env.BENCH_PORT ?? 8795);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = 3;

type Target = { label: string; host: string; path: string; cookie?: string };

/** The routes measured; the learner ones need a signed-in, enrolled student and real ids. */
async function targets(): Promise<Target[]> {
  const host = 'breslov.localhost';
  const cookie = await signInViaDevMailbox(PORT, host, 'student@breslov.test');
  const origin = `http://${host}:${PORT}`;
  const enrolled = await requestViaLoopback(PORT, host, '/api/courses/foundations/enroll', { method: 'POST', headers: { cookie, origin, 'content-type': 'application/json' }, body: '{}' });
  if (enrolled.status !== 200) throw new Error(`enrolling the bench student answered ${enrolled.status}: ${enrolled.body}`);
  const page = JSON.parse((await requestViaLoopback(PORT, host, '/api/courses/foundations', { headers: { cookie } })).body) as { chapters: { lessons: { id: string }[] }[] };
  const lessonId = page.chapters[0]!.lessons[0]!.id; // the preview lesson: it carries the demo transcript
  return [
    { label: 'baseline  apex /api/health (no tenancy)', host: 'localhost', path: '/api/health' },
    { label: 'school    breslov /api/school', host, path: '/api/school' },
    { label: 'catalog   /api/courses (anonymous)', host, path: '/api/courses' },
    { label: 'course    /api/courses/foundations (student)', host, path: '/api/courses/foundations', cookie },
    { label: 'lesson    …/lessons/:id (student)', host, path: `/api/courses/foundations/lessons/${lessonId}`, cookie },
  ];
}

type Sample = { latenciesMs: number[]; errors: number; d1Queries: Set<string>; elapsedMs: number };

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function once(target: Target): Promise<{ ms: number; ok: boolean; d1: string }> {
  const started = performance.now();
  const headers: Record<string, string> = { host: `${target.host}:${PORT}`, accept: 'application/json' };
  if (target.cookie) headers.cookie = target.cookie;
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: PORT, path: target.path, agent, headers }, (res) => {
      res.resume();
      const d1 = `${res.headers['x-d1-queries'] ?? '?'} (school ${res.headers['x-d1-school-queries'] ?? '?'})`;
      res.on('end', () => resolve({ ms: performance.now() - started, ok: res.statusCode === 200, d1 }));
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
    const routes = await targets();
    const samples = new Map<Target, Sample>(routes.map((t) => [t, { latenciesMs: [], errors: 0, d1Queries: new Set(), elapsedMs: 0 }]));
    const warm: Sample = { latenciesMs: [], errors: 0, d1Queries: new Set(), elapsedMs: 0 };
    for (const target of routes) await load(target, 1, warm);
    const perRound = SECONDS / ROUNDS / routes.length;
    for (let round = 1; round <= ROUNDS; round++) {
      for (const target of routes) await load(target, perRound, samples.get(target)!);
      process.stdout.write(`  round ${round}/${ROUNDS} done\n`);
    }
    const results = routes.map((target) => {
      const s = samples.get(target)!;
      const sorted = [...s.latenciesMs].sort((a, b) => a - b);
      return { target, rps: (sorted.length / s.elapsedMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length, errors: s.errors, d1: [...s.d1Queries].join('/') };
    });
    console.log(`\nconcurrency ${CONCURRENCY}, ${SECONDS}s of load in ${ROUNDS} alternating rounds\n`);
    console.log(`${'route'.padEnd(48)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'n'.padStart(7)} ${'errors'.padStart(7)}  D1 round trips/req`);
    for (const r of results) {
      console.log(`${r.target.label.padEnd(48)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.n).padStart(7)} ${String(r.errors).padStart(7)}  ${r.d1}`);
    }
    const [base, school] = results as [(typeof results)[number], (typeof results)[number], ...(typeof results)[number][]];
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
