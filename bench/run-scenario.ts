// One benchmark scenario in its own process, so peak RSS belongs to it alone.
// Usage: npx tsx bench/run-scenario.ts <cases> [instant|http] [concurrency] [baseUrl] [repeats]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedEval } from '../src/config/resolve-eval.js';
import type { Case } from '../src/core/types.js';
import { caseList } from '../src/datasets/dataset.js';
import { datasetVersion } from '../src/datasets/version.js';
import { createGrader } from '../src/graders/registry.js';
import { runEval } from '../src/run-eval.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { functionTarget } from '../src/targets/function/function-target.js';
import { createTarget } from '../src/targets/registry.js';

const count = Number(process.argv[2] ?? 10_000);
const mode = process.argv[3] ?? 'instant';
const concurrency = Number(process.argv[4] ?? 8);
const baseUrl = process.argv[5];
const repeats = Number(process.argv[6] ?? 1);

const cases: Case[] = Array.from({ length: count }, (_, i) => ({
  id: `case-${String(i).padStart(7, '0')}`,
  input: `Question number ${i}: what is ${i} + 1?`,
  expected: String(i + 1),
  slice: ['typical', 'edge', 'adversarial'][i % 3],
  metadata: { lang: ['en', 'es', 'de', 'fr'][i % 4], tier: ['free', 'pro'][i % 2] },
  weight: 1,
}));

const env = { baseDir: process.cwd(), env: process.env };
const target =
  mode === 'http'
    ? await createTarget(
        {
          type: 'openai',
          baseUrl,
          model: 'bench-model',
          prompt: '{{input}}',
          temperature: 0,
          cache: false,
          retries: 0,
        },
        env,
      )
    : functionTarget((c) => (Number(c.id.slice(5)) % 5 === 0 ? 'no idea' : `It is ${String(c.expected)}.`), {
        name: 'instant',
      });
const graders = await Promise.all([
  createGrader({ type: 'includes', name: 'correct' }, env),
  createGrader({ type: 'regex', name: 'sentence', pattern: '\\.$' }, env),
  createGrader({ type: 'length', name: 'short', max: 200 }, env),
]);
const evalToRun: ResolvedEval = {
  name: `bench-${mode}`,
  dataset: { name: 'bench', version: datasetVersion(cases), cases: caseList(cases) },
  cases: caseList(cases),
  target,
  graders,
  skippedGraders: [],
  repeats,
  concurrency,
  timeoutMs: 30_000,
  gates: [],
  snapshot: { repeats, concurrency, graders: graders.map((g) => ({ name: g.name, kind: g.kind })) },
};

const dir = mkdtempSync(join(tmpdir(), 'assay-bench-'));
const store = new SqliteStore({ path: join(dir, 'bench.db') });
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const started = performance.now();
let trialsMs = 0;
let trialPhasePeak = 0;
let rssAtFirstThousand = 0;
const liveHeap: number[] = [];
const result = await runEval({
  store,
  eval: evalToRun,
  gitCommit: null,
  onEvent: (e) => {
    if (e.kind !== 'trial') return;
    if (e.done % 1000 === 0) trialPhasePeak = Math.max(trialPhasePeak, process.memoryUsage().rss);
    if (e.done === 1000) rssAtFirstThousand = process.memoryUsage().rss;
    // With --expose-gc: live JS heap after a full collection, early and at the end of the
    // trials. Equal figures mean the runner keeps nothing per trial once it is stored.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc && (e.done === 1000 || e.done === e.total)) {
      gc();
      liveHeap.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
    if (e.done === e.total) trialsMs = performance.now() - started;
  },
});
const runMs = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await store.close();
if (process.env.KEEP_BENCH_DB) console.error(join(dir, 'bench.db'));
else rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    cases: count,
    mode,
    concurrency,
    status: result.status,
    trials: result.summary.counts.trials,
    errors: result.summary.counts.errors,
    runMs,
    trialsMs,
    trialPhaseRssMb: trialPhasePeak / 2 ** 20,
    rssAtFirstThousandMb: rssAtFirstThousand / 2 ** 20,
    liveHeapMb: liveHeap,
    peakRssMb: peak / 2 ** 20,
  }),
);
