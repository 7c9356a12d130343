// One `assay worker` for bench/queue.ts: the same library calls as the CLI command, plus its
// own CPU time and peak memory printed as JSON when the queue has been idle for a moment.
// Run by bench/queue.ts: npx tsx bench/queue-worker-process.ts <store-url> <concurrency>
import { loadQueuedEval } from '../src/cli/queued-eval.js';
import { runQueueWorker } from '../src/runner/queue/queue-worker.js';
import { openStore } from '../src/store/open-store.js';

const [location, concurrency] = process.argv.slice(2);
const store = await openStore({ location });
const cpu = process.cpuUsage();
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
// What the worker keeps alive, apart from garbage V8 has not collected yet: the heap after a
// full collection every 2 s (with --expose-gc, as bench/queue.ts starts it).
const gc = (globalThis as { gc?: () => void }).gc;
let liveHeap = 0;
const collector = setInterval(() => {
  gc?.();
  liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
}, 2000);
let joinedCpu: NodeJS.CpuUsage | undefined;
const result = await runQueueWorker({
  store,
  concurrency: Number(concurrency),
  signal: new AbortController().signal,
  exitWhenIdleMs: 1500,
  accepts: () => true,
  loadEval: (run, options) => loadQueuedEval(run, store, options),
  onEvent: (event) => {
    if (event.kind === 'ready') process.stderr.write('ready\n');
    // The worker's own start and the eval's loading (its dataset read and checked), paid once per run.
    if (event.kind === 'run-joined') joinedCpu = process.cpuUsage(cpu);
  },
});
clearInterval(sampler);
clearInterval(collector);
const used = process.cpuUsage(cpu);
await store.close();
process.stdout.write(
  `${JSON.stringify({
    trials: result.trials,
    cpuMs: (used.user + used.system) / 1000,
    joinCpuMs: joinedCpu ? (joinedCpu.user + joinedCpu.system) / 1000 : 0,
    liveHeapMb: liveHeap / 2 ** 20,
    peakRssMb: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20,
  })}\n`,
);
