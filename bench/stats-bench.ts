/**
 * Speed check for the resampling hot loops: `npx tsx bench/stats-bench.ts`.
 * Paired bootstrap (10,000 resamples) and sign-flip Monte Carlo (10,000 flips) over 100,000
 * paired items; each should finish in under 2 s. Prints wall time and peak RSS.
 */
import { createRng, pairedBootstrapInterval, signFlipPermutationTest } from '../src/stats/index.js';

const N = 100_000;
const B = 10_000;

const rng = createRng(7);
const a = new Float64Array(N);
const b = new Float64Array(N);
for (let i = 0; i < N; i++) {
  a[i] = rng.next() < 0.72 ? 1 : 0;
  b[i] = rng.next() < 0.7 ? 1 : 0;
}
const d = new Float64Array(N);
for (let i = 0; i < N; i++) d[i] = a[i] - b[i];

/** Wall time and this process's CPU time (the latter is what matters on a shared, loaded machine). */
function time<T>(label: string, f: () => T): T {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = f();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const verdict =
    ms < 2000 ? 'ok, < 2 s' : cpuMs < 2000 ? 'wall ≥ 2 s but CPU < 2 s: machine is loaded' : 'SLOW, ≥ 2 s';
  console.log(`${label}: wall ${(ms / 1000).toFixed(3)} s, cpu ${(cpuMs / 1000).toFixed(3)} s (${verdict})`);
  return out;
}

const boot = time(`paired bootstrap, B = ${B}, n = ${N}`, () => pairedBootstrapInterval(a, b, { seed: 1, samples: B }));
console.log(
  `  mean diff ${boot.value.toFixed(5)}, 95% CI [${boot.lower.toFixed(5)}, ${boot.upper.toFixed(5)}], seed ${boot.seed}`,
);
const flip = time(`sign-flip Monte Carlo, B = ${B}, n = ${N}`, () =>
  signFlipPermutationTest(d, { seed: 1, samples: B, maxExactN: 20 }),
);
console.log(`  statistic ${flip.statistic.toFixed(5)}, p = ${flip.pvalue.toPrecision(4)}, exact = ${flip.exact}`);
const exact = time('sign-flip exact, n = 20', () =>
  signFlipPermutationTest(Array.from(d.subarray(0, 20), (x, i) => x + i * 1e-3)),
);
console.log(`  p = ${exact.pvalue.toPrecision(4)} over ${exact.nSignPatterns} patterns`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
