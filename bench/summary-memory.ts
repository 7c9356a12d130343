// Where a large run's summary spends memory and CPU: reads a stored run's case columns, folds
// its trials page by page and summarises the fold, printing heap, RSS and CPU after each step.
// Run on a store that `BENCH_KEEP=1 npx tsx bench/million.ts` kept:
//   node --expose-gc --import tsx bench/summary-memory.ts <store.db> [runId]   (the latest run by default)
import { encodeStoredFold, foldKeyOf } from '../src/analysis/fold-snapshot/stored-fold.js';
import { readFold } from '../src/analysis/metrics/read-fold.js';
import { summarizeFold } from '../src/analysis/summarize-run.js';
import { openStore } from '../src/store/open-store.js';

const [location, wanted] = process.argv.slice(2);
if (!location) throw new Error('Usage: bench/summary-memory.ts <store> [runId]');
const store = await openStore({ location });
const runs = await store.runs.list();
const run = wanted ? await store.runs.get(wanted) : runs[runs.length - 1];
if (!run) throw new Error(`no run ${wanted ?? ''} in the store`);
const gc = process.env.NO_GC ? undefined : (globalThis as { gc?: () => void }).gc;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0).padStart(5)} MB`;
let cpu = process.cpuUsage();
function step(label: string): void {
  const used = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const before = process.memoryUsage();
  gc?.();
  const after = process.memoryUsage();
  console.log(
    `${label.padEnd(28)} CPU ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms   heap ${mb(before.heapUsed)}` +
      ` (live ${mb(after.heapUsed)}, arrays ${mb(after.arrayBuffers)})   RSS ${mb(before.rss)}   peak RSS ${mb(peakRss)}`,
  );
  cpu = process.cpuUsage();
}
console.log(`run ${run.runId}: ${run.trials} trials`);
step('opened');
const cases = await store.datasets.listCaseColumns(run.datasetVersion);
step('listCaseColumns');
const pageSize = process.env.PAGE_SIZE ? Number(process.env.PAGE_SIZE) : undefined;
const fold = await readFold(store, run, { cases, ...(pageSize !== undefined && { pageSize }) });
step('readFold (scan + fold)');
const summary = summarizeFold(run, fold);
step('summarizeFold');
const snapshot = encodeStoredFold(fold, foldKeyOf(run, fold.trials, 0));
step(`encode the fold (${(snapshot.byteLength / 2 ** 20).toFixed(0)} MB)`);
clearInterval(sampler);
console.log(
  `summary: ${summary.counts.cases} cases, ${summary.segments.length} segments; ${fold.caseIds.length} folded`,
);
await store.close();
