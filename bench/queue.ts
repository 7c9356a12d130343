// Queued runs: trials spread over `assay worker` processes through pg-boss on Postgres.
//  1. overhead: 10,000 instant trials, 4 workers — CPU per trial across coordinator, workers and Postgres;
//  2. scaling: 20,000 trials (ASSAY_BENCH_SCALING_TRIALS) against a local 50 ms endpoint, concurrency 50 per worker, 1/2/4 workers;
//  3. memory: 100,000 instant trials through the queue, 2 workers — each worker's peak RSS.
// Needs Postgres: ASSAY_BENCH_POSTGRES_URL (or ASSAY_TEST_POSTGRES_URL); each scenario uses a fresh schema.
// Run: npx tsx bench/queue.ts [overhead|scaling|memory ...]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEvalFile } from '../src/config/load-eval-file.js';
import { resolveEval } from '../src/config/resolve-eval.js';
import { queuedRunRecord } from '../src/cli/queued-eval.js';
import { queueExecutor } from '../src/runner/queue/queue-executor.js';
import { runEval } from '../src/run-eval.js';
import { openStore } from '../src/store/open-store.js';
import { loadPg } from '../src/store/postgres/postgres-driver.js';
import { startLatencyServer } from './latency-server.js';

const base = process.env.ASSAY_BENCH_POSTGRES_URL ?? process.env.ASSAY_TEST_POSTGRES_URL;
if (!base) {
  console.log('skipped: set ASSAY_BENCH_POSTGRES_URL=postgres://user@127.0.0.1:5432/db');
  process.exit(0);
}
const workerScript = fileURLToPath(new URL('./queue-worker-process.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'assay-queue-bench-'));
const schemas: string[] = [];

function freshStore(): string {
  const schema = `assay_bench_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  const url = new URL(base!);
  url.searchParams.set('schema', schema);
  return url.toString();
}

function writeEval(name: string, cases: number, target: string): string {
  writeFileSync(
    join(dir, `${name}.jsonl`),
    Array.from({ length: cases }, (_, i) => `{"id":"c${i}","input":"q${i}","expected":"q"}`).join('\n'),
  );
  const file = join(dir, `${name}.eval.yaml`);
  writeFileSync(
    file,
    `name: ${name}\ndataset: ./${name}.jsonl\ntarget: ${target}\ngraders:\n  - type: includes\n    name: ok\ntimeoutMs: 30000\n`,
  );
  return file;
}

interface WorkerReport {
  trials: number;
  cpuMs: number;
  peakRssMb: number;
}

function startWorker(store: string, concurrency: number): { ready: Promise<void>; done: Promise<WorkerReport> } {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, store, String(concurrency)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('ready')) resolve();
    }),
  );
  const done = new Promise<WorkerReport>((resolve, reject) =>
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`worker exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as WorkerReport);
    }),
  );
  return { ready, done };
}

/** CPU time (ms) of every Postgres server process on this machine, from /proc. */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we read /proc.
    }
  }
  return ticks * 10;
}

/** Starts the workers, waits until they are ready, then runs the eval through the queue from this process. */
async function queuedRun(file: string, repeats: number, workers: number, concurrency: number) {
  const location = freshStore();
  const store = await openStore({ location });
  const started = Array.from({ length: workers }, () => startWorker(location, concurrency));
  await Promise.all(started.map((w) => w.ready));
  const ev = await resolveEval(await loadEvalFile(file), { repeats });
  const pgBefore = postgresCpuMs();
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = await runEval({
    store,
    eval: ev,
    useCache: false,
    executor: queueExecutor({ pollMs: 100 }),
    extraConfig: { queue: queuedRunRecord(file, { repeats }, false) },
  });
  const wallMs = performance.now() - t0;
  const coordinatorCpu = process.cpuUsage(cpu);
  const pgCpuMs = postgresCpuMs() - pgBefore;
  const reports = await Promise.all(started.map((w) => w.done));
  await store.close();
  const trials = result.summary.counts.trials;
  return { trials, wallMs, coordinatorCpuMs: (coordinatorCpu.user + coordinatorCpu.system) / 1000, pgCpuMs, reports };
}

async function overhead(): Promise<void> {
  const file = writeEval('overhead', 10_000, '{ type: mock }');
  const r = await queuedRun(file, 1, 4, 50);
  const workerCpu = r.reports.reduce((a, w) => a + w.cpuMs, 0);
  const perTrial = (ms: number) => (ms / r.trials).toFixed(3);
  console.log(
    `overhead: ${r.trials} instant trials, 4 workers × concurrency 50: ${(r.wallMs / 1000).toFixed(1)} s wall, ` +
      `${Math.round(r.trials / (r.wallMs / 1000))} trials/s`,
  );
  console.log(
    `  CPU per trial: workers ${perTrial(workerCpu)} ms + coordinator ${perTrial(r.coordinatorCpuMs)} ms + Postgres ${perTrial(r.pgCpuMs)} ms` +
      ` = ${perTrial(workerCpu + r.coordinatorCpuMs + r.pgCpuMs)} ms (Postgres: every server process on the machine)`,
  );
}

async function scaling(): Promise<void> {
  const server = await startLatencyServer({ delayMs: 50 });
  const count = Number(process.env.ASSAY_BENCH_SCALING_TRIALS ?? 20_000);
  const concurrency = Number(process.env.ASSAY_BENCH_SCALING_CONCURRENCY ?? 50);
  const file = writeEval(
    'scaling',
    count,
    `{ type: openai, model: bench, baseUrl: '${server.url}', prompt: '{{input}}', cache: false }`,
  );
  console.log(
    `scaling: ${count} trials against a 50 ms endpoint, each worker at concurrency ${concurrency} ` +
      `(ideal ${concurrency * 20} trials/s per worker while the endpoint is the bottleneck)`,
  );
  console.log('workers  wall (s)  trials/s  vs 1 worker  per added worker');
  let one = 0;
  let previous = 0;
  let previousWorkers = 0;
  for (const workers of [1, 2, 4]) {
    const r = await queuedRun(file, 1, workers, concurrency);
    const rate = r.trials / (r.wallMs / 1000);
    if (workers === 1) one = rate;
    // What each added worker contributed, as a share of what one worker did at the previous count.
    const perWorkerBefore = previous / Math.max(1, previousWorkers);
    const gain = (rate - previous) / Math.max(1, workers - previousWorkers) / perWorkerBefore;
    const added = previous === 0 ? '—' : `${gain.toFixed(2)}×`;
    console.log(
      `${String(workers).padStart(7)}  ${(r.wallMs / 1000).toFixed(2).padStart(8)}  ${rate.toFixed(0).padStart(8)}  ` +
        `${(rate / one).toFixed(2).padStart(10)}×  ${added.padStart(16)}`,
    );
    previous = rate;
    previousWorkers = workers;
  }
  await server.close();
}

async function memory(): Promise<void> {
  const file = writeEval('memory', 10_000, '{ type: mock }');
  for (const repeats of [1, 10]) {
    const r = await queuedRun(file, repeats, 2, 50);
    console.log(
      `memory: ${r.trials} instant trials, 2 workers: ${(r.wallMs / 1000).toFixed(1)} s, ` +
        `worker peak RSS ${r.reports.map((w) => `${w.peakRssMb.toFixed(0)} MB (${w.trials} trials)`).join(', ')}`,
    );
  }
}

const chosen = process.argv.slice(2);
const scenarios: Record<string, () => Promise<void>> = { overhead, scaling, memory };
try {
  for (const [name, run] of Object.entries(scenarios)) if (chosen.length === 0 || chosen.includes(name)) await run();
} finally {
  const { Pool } = await loadPg();
  const pool = new Pool({ connectionString: base, max: 1 });
  for (const schema of schemas) {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}_sql" CASCADE`);
  }
  await pool.end();
  rmSync(dir, { recursive: true, force: true });
}
