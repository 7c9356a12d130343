// The store's trial write path alone, as a latency-bound run uses it: N trials of the
// side-by-side shape (echo output, three scores) written in batches of B to a fresh SQLite
// store. Prints CPU per trial written and the wall time of each batch: the runner writes a
// batch synchronously on the event loop (better-sqlite3), so a slow batch (a WAL checkpoint
// and its fsync, or disk contention) holds every response in flight for its whole duration.
// Wall figures hold only on a quiet machine (the load average is printed).
// Run: npx tsx bench/trial-write.ts [trials=20000] [batch=50]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WriteTrialInput } from '../src/store/types.js';
import { openStore } from '../src/store/open-store.js';

const trials = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'assay-trial-write-'));

const trial = (i: number): WriteTrialInput => ({
  runId: 'r',
  caseId: `case-${String(i).padStart(6, '0')}`,
  repeat: 0,
  startedAt: new Date().toISOString(),
  error: null,
  latencyMs: 51.2,
  output: {
    text: `Hello User ${i}, your id is ${i}.`,
    usage: { inputTokens: 10, outputTokens: 1 },
    costUsd: null,
    latencyMs: 51.2,
    cached: false,
    model: 'bench',
    meta: { attempts: 1, finishReason: 'stop' },
  },
  scores: [
    { grader: 'contains', value: 1, pass: true },
    { grader: 'regex', value: 1, pass: true },
    { grader: 'js', value: 1, pass: true },
  ],
});

try {
  const load = loadavg()[0];
  const store = await openStore({ location: join(dir, 'assay.db') });
  await store.runs.create({
    runId: 'r',
    eval: 'e',
    datasetName: 'd',
    datasetVersion: 'v',
    target: { kind: 'bench' },
    gitCommit: null,
    startedAt: new Date().toISOString(),
    config: {},
    plannedTrials: trials,
  });
  const batches = Array.from({ length: Math.ceil(trials / batchSize) }, (_, b) =>
    Array.from({ length: Math.min(batchSize, trials - b * batchSize) }, (_, k) => trial(b * batchSize + k)),
  );
  const walls: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const batch of batches) {
    const started = performance.now();
    await store.trials.write(batch);
    walls.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpu0);
  const closing = performance.now();
  await store.close();
  const close = performance.now() - closing;
  walls.sort((a, b) => a - b);
  const at = (q: number) => walls[Math.min(walls.length - 1, Math.floor(q * walls.length))].toFixed(2);
  console.log(
    `${trials} trials in batches of ${batchSize}: ${((cpu.user + cpu.system) / trials).toFixed(1)} µs CPU per trial written; ` +
      `batch wall p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms, ${walls.filter((w) => w > 5).length} batches over 5 ms, ` +
      `sum ${walls.reduce((a, b) => a + b, 0).toFixed(0)} ms; close ${close.toFixed(1)} ms; load average ${load.toFixed(1)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
