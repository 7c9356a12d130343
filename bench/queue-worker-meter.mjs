// Preloaded into a real `assay worker` by bench/queue.ts
// (node --import ./bench/queue-worker-meter.mjs bin/assay.js worker …): at exit it prints, as one
// JSON line on stdout, the process's CPU time, its peak RSS, the CPU spent until it joined the
// run (its start, the eval and dataset loaded and checked: paid once per run), and with
// ASSAY_BENCH_HEAP=1 (and --expose-gc) the most heap still in use after a full collection,
// sampled every 2 s. The forced collections cost CPU, so only the memory scenario asks for them.
import { writeSync } from 'node:fs';

const total = (usage) => (usage.user + usage.system) / 1000;
let joinCpuMs = 0;
const write = process.stderr.write.bind(process.stderr);
process.stderr.write = (chunk, ...rest) => {
  if (joinCpuMs === 0 && String(chunk).startsWith('Joined run')) joinCpuMs = total(process.cpuUsage());
  return write(chunk, ...rest);
};
let liveHeap = 0;
if (process.env.ASSAY_BENCH_HEAP === '1' && typeof globalThis.gc === 'function') {
  setInterval(() => {
    globalThis.gc();
    liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
  }, 2000).unref();
}
process.on('exit', () => {
  const report = {
    cpuMs: total(process.cpuUsage()),
    joinCpuMs,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
    liveHeapMb: liveHeap / 2 ** 20,
  };
  writeSync(1, `${JSON.stringify(report)}\n`);
});
