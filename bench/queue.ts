// Queued runs: trials spread over `assay worker` processes through pg-boss on Postgres.
// Every figure comes with the load average: the machine this was written on has 2 cores shared
// with other work, so wall times there are upper bounds; CPU times are the better guide.
//  1. overhead: 10,000 instant trials, 4 workers — CPU per trial across coordinator, workers and Postgres;
//  2. scaling: 20,000 trials (ASSAY_BENCH_SCALING_TRIALS; worker counts ASSAY_BENCH_SCALING_WORKERS=1,2,4) against a local 50 ms endpoint,
//     concurrency 50 per worker (ASSAY_BENCH_SCALING_CONCURRENCY), 1/2/4 workers; throughput over the executor's time and
//     over the trials' own span (first start to last end);
//  3. memory: 100,000 instant trials through the queue, 2 workers — each worker's peak RSS.
// Needs Postgres: ASSAY_BENCH_POSTGRES_URL (or ASSAY_TEST_POSTGRES_URL); each scenario uses a fresh schema.
// The workers are real `assay worker` processes of the built CLI (`npm run build` first), measured
// by bench/queue-worker-meter.mjs; the coordinator runs the library from this process.
// Run: npx tsx bench/queue.ts [overhead|scaling|memory ...]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEvalFile } from '../src/config/load-eval-file.js';
import { resolveEval } from '../src/config/resolve-eval.js';
import { queuedRunRecord } from '../src/cli/queued-eval.js';
import type { Executor } from '../src/runner/executor.js';
import { queueExecutor } from '../src/runner/queue/queue-executor.js';
import { runEval } from '../src/run-eval.js';
import { openStore } from '../src/store/open-store.js';
import { loadPg } from '../src/store/postgres/postgres-driver.js';
import { meterBackendCpu, processCpuMs } from './postgres-backend-cpu.js';

const base = process.env.ASSAY_BENCH_POSTGRES_URL ?? process.env.ASSAY_TEST_POSTGRES_URL;
if (!base) {
  console.log('skipped: set ASSAY_BENCH_POSTGRES_URL=postgres://user@127.0.0.1:5432/db');
  process.exit(0);
}
const workerMeter = new URL('./queue-worker-meter.mjs', import.meta.url).href;
const assayBin = fileURLToPath(new URL('../bin/assay.js', import.meta.url));
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
  /** CPU until the worker had joined the run: its start (the CLI loading) and the eval and dataset loaded and checked (paid once per run). */
  joinCpuMs: number;
  peakRssMb: number;
  /** Most heap still in use after a full collection (sampled every 2 s; memory scenario only). */
  liveHeapMb: number;
}

/**
 * Starts a real `assay worker` (the built CLI: run `npm run build` first) with the meter of
 * bench/queue-worker-meter.mjs preloaded; it exits once the queue has been idle for 2 s.
 */
function startWorker(
  store: string,
  concurrency: number,
  heap: boolean,
): { pid: number; ready: Promise<void>; done: Promise<WorkerReport> } {
  // ASSAY_BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each worker there (open it in Chrome's DevTools).
  const profile = process.env.ASSAY_BENCH_CPU_PROF
    ? ['--cpu-prof', '--cpu-prof-dir', process.env.ASSAY_BENCH_CPU_PROF]
    : [];
  const args = ['worker', '--store', store, '--concurrency', String(concurrency), '--exit-when-idle', '2'];
  const child = spawn(process.execPath, [...profile, '--expose-gc', '--import', workerMeter, assayBin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASSAY_BENCH_HEAP: heap ? '1' : '' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('taking queued trials')) resolve();
    }),
  );
  const done = new Promise<WorkerReport>((resolve, reject) =>
    child.on('close', (code) => {
      const stored = /stopped: (\d+) trials stored/.exec(err);
      if (code !== 0 || !stored) reject(new Error(`worker exited ${code}: ${err}`));
      else resolve({ ...(JSON.parse(out.trim().split('\n').pop()!) as WorkerReport), trials: Number(stored[1]) });
    }),
  );
  return { pid: child.pid!, ready, done };
}

/**
 * The executor's own time: enqueueing, the workers' trials, until the last one is stored; not
 * the run's creation before it, nor the summary after it (the same work whatever the workers).
 */
function timed(executor: Executor, report: (ms: number) => void): Executor {
  return {
    kind: executor.kind,
    async execute(context) {
      const t0 = performance.now();
      await executor.execute(context);
      report(performance.now() - t0);
    },
  };
}

/** Starts the workers, waits until they are ready, then runs the eval through the queue from this process. */
async function queuedRun(file: string, repeats: number, workers: number, concurrency: number, heap = false) {
  const location = freshStore();
  const store = await openStore({ location });
  const started = Array.from({ length: workers }, () => startWorker(location, concurrency, heap));
  await Promise.all(started.map((w) => w.ready));
  const ev = await resolveEval(await loadEvalFile(file), { repeats });
  const pids = [process.pid, ...started.map((w) => w.pid)];
  const pg = await meterBackendCpu(base!, () => pids);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let executeMs = 0;
  const result = await runEval({
    store,
    eval: ev,
    useCache: false,
    executor: timed(queueExecutor(), (ms) => (executeMs = ms)),
    extraConfig: { queue: queuedRunRecord(file, { repeats }, false) },
  });
  const wallMs = performance.now() - t0;
  const coordinatorCpu = process.cpuUsage(cpu);
  const pgCpuMs = await pg.stop();
  // The meter runs in this process: its reading of /proc is the benchmark's work, not the coordinator's.
  const meterCpuMs = pg.ownCpuMs();
  if (process.env.ASSAY_BENCH_VERBOSE) {
    const role = (pid: number) => (pid === process.pid ? 'coordinator' : 'worker');
    for (const [key, ms] of pg.byClient()) {
      const [pid, app] = key.split(' ');
      console.log(`  Postgres for ${role(Number(pid))} ${pid} (${app}): ${ms} ms`);
    }
  }
  const reports = await Promise.all(started.map((w) => w.done));
  // The mean time a trial held its slot: with the slots' count and the rate, it tells slots
  // left idle (waiting on the queue) apart from calls that took longer than the endpoint's delay.
  let latencySum = 0;
  // From the first trial's start to the last one's end: the steady part, without the workers'
  // joining the run (their poll for new runs, the eval's loading) or the last poll of progress.
  let firstStart = Infinity;
  let lastEnd = -Infinity;
  for await (const t of store.trials.iterate(result.runId, { pageSize: 5000, withOutput: false })) {
    latencySum += t.latencyMs;
    const start = Date.parse(t.startedAt);
    firstStart = Math.min(firstStart, start);
    lastEnd = Math.max(lastEnd, start + t.latencyMs);
  }
  await store.close();
  const trials = result.summary.counts.trials;
  const meanLatencyMs = latencySum / Math.max(1, trials);
  return {
    trials,
    wallMs,
    executeMs,
    coordinatorCpuMs: (coordinatorCpu.user + coordinatorCpu.system) / 1000 - meterCpuMs,
    meterCpuMs,
    pgCpuMs,
    reports,
    meanLatencyMs,
    trialsSpanMs: lastEnd - firstStart,
  };
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
  const joinCpu = r.reports.reduce((a, w) => a + w.joinCpuMs, 0);
  console.log(
    `  CPU per trial: workers ${perTrial(workerCpu)} ms + coordinator ${perTrial(r.coordinatorCpuMs)} ms + Postgres ${perTrial(r.pgCpuMs)} ms` +
      ` = ${perTrial(workerCpu + r.coordinatorCpuMs + r.pgCpuMs)} ms (Postgres: the backends serving this run's processes;` +
      ` the meter's own ${r.meterCpuMs.toFixed(0)} ms in the coordinator's process left out)`,
  );
  console.log(
    `  of the workers' CPU, ${perTrial(joinCpu)} ms per trial is each worker joining the run once (start, eval and ` +
      `dataset loaded and checked: ${(joinCpu / r.reports.length).toFixed(0)} ms a worker); ${perTrial(workerCpu - joinCpu)} ms is per trial; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
  );
}

async function startEndpointProcess(delayMs: number) {
  const script = fileURLToPath(new URL('./latency-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the endpoint exited ${code}`)));
  });
  return {
    url,
    cpuMs: () => processCpuMs(child.pid!) ?? 0,
    close: () => child.kill('SIGTERM'),
  };
}

async function scaling(): Promise<void> {
  // The endpoint runs in a process of its own, so that it does not share an event loop with the coordinator.
  const server = await startEndpointProcess(50);
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
  const columns = [
    ['workers', 7],
    ['run s', 6],
    ['queue s', 7],
    ['trials/s', 8],
    ['vs 1', 5],
    ['per added worker', 16],
    ['trials s', 8],
    ['trials/s in it', 14],
    ['per added', 9],
    ['trial ms', 8],
    ['slots busy', 10],
    ['CPU ms/trial: workers', 21],
    ['coordinator', 11],
    ['endpoint', 8],
    ['Postgres', 8],
    ['load 1 min', 10],
  ] as const;
  const row = (cells: readonly string[]) => cells.map((c, i) => c.padStart(columns[i][1])).join('  ');
  console.log(row(columns.map(([name]) => name)));
  let one = 0;
  let previous = 0;
  let previousSteady = 0;
  let previousWorkers = 0;
  // What each added worker contributed, as a share of what one worker did at the previous count.
  const gainOf = (now: number, before: number, workers: number) =>
    (now - before) / Math.max(1, workers - previousWorkers) / (before / Math.max(1, previousWorkers));
  const counts = (process.env.ASSAY_BENCH_SCALING_WORKERS ?? '1,2,4').split(',').map(Number);
  for (const workers of counts) {
    const endpointCpu = server.cpuMs();
    const r = await queuedRun(file, 1, workers, concurrency);
    const endpointCpuMs = server.cpuMs() - endpointCpu;
    // Throughput over the executor's time: enqueue, trials and writes (the run's summary is left out).
    const rate = r.trials / (r.executeMs / 1000);
    if (one === 0) one = rate;
    const steady = r.trials / (r.trialsSpanMs / 1000);
    // Little's law: the share of the slots holding a trial on average (the rest waited on the queue).
    const busy = (rate * r.meanLatencyMs) / 1000 / (workers * concurrency);
    const workerCpu = r.reports.reduce((a, w) => a + w.cpuMs, 0);
    console.log(
      row([
        String(workers),
        (r.wallMs / 1000).toFixed(2),
        (r.executeMs / 1000).toFixed(2),
        rate.toFixed(0),
        `${(rate / one).toFixed(2)}×`,
        previous === 0 ? '—' : `${gainOf(rate, previous, workers).toFixed(2)}×`,
        (r.trialsSpanMs / 1000).toFixed(2),
        steady.toFixed(0),
        previous === 0 ? '—' : `${gainOf(steady, previousSteady, workers).toFixed(2)}×`,
        r.meanLatencyMs.toFixed(0),
        `${(100 * busy).toFixed(0)}%`,
        (workerCpu / r.trials).toFixed(3),
        (r.coordinatorCpuMs / r.trials).toFixed(3),
        (endpointCpuMs / r.trials).toFixed(3),
        (r.pgCpuMs / r.trials).toFixed(3),
        loadavg()[0].toFixed(1),
      ]),
    );
    previous = rate;
    previousSteady = steady;
    previousWorkers = workers;
  }
  server.close();
}

async function memory(): Promise<void> {
  const file = writeEval('memory', 10_000, '{ type: mock }');
  for (const repeats of [1, 10]) {
    const r = await queuedRun(file, repeats, 2, 50, true);
    console.log(
      `memory: ${r.trials} instant trials, 2 workers: ${(r.wallMs / 1000).toFixed(1)} s, ` +
        `worker peak RSS ${r.reports.map((w) => `${w.peakRssMb.toFixed(0)} MB (${w.trials} trials)`).join(', ')}; ` +
        `heap in use after GC at most ${r.reports.map((w) => `${w.liveHeapMb.toFixed(0)} MB`).join(', ')}`,
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
