/**
 * The matrix lines of the calibration suite alone: `npx tsx bench/matrix-calibration.ts [--reps 2000] [--seed 1]`.
 * 5 candidates equal to the baseline, compared through `compareMatrix` (what `assay compare <a> <b> …` and a
 * matrix `assay run` call) and gated by `evaluateMatrixGates`: the family-wise false alarm rate of "better than
 * the baseline" must stay ≤ α. Prints the table (the full suite, `bench/stats-calibration.ts`, includes these
 * lines too) and, for contrast, the same count without a correction.
 */
import { compareMatrix } from '../src/analysis/matrix/compare-matrix.js';
import { createRng } from '../src/stats/index.js';
import { matrixLines } from '../scripts/calibration/matrix-lines.js';
import { formatTable, runLine } from '../scripts/calibration/run-lines.js';
import { caseId, tableOf, bern, betaA1 } from '../scripts/calibration/simulate.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const reps = opt('--reps', 2000);
const seed = opt('--seed', 1);
const t0 = performance.now();
const lines = matrixLines([30, 100]);
const results = lines.map((line, i) => {
  const r = runLine(line, Math.round(reps * (line.weight ?? 1)), seed + i);
  process.stderr.write(`${r.what} · n=${r.n}: ${(r.rate * 100).toFixed(1)}%${r.met ? '' : ' (missed)'}\n`);
  return r;
});
console.log(formatTable(results));

// Contrast: the same 5 equal candidates with no correction over the pairs.
const rng = createRng(seed + 1000);
let uncorrected = 0;
for (let r = 0; r < reps; r++) {
  const runs = Array.from({ length: 6 }, () => [] as { id: string; outcomes: boolean[] }[]);
  for (let i = 0; i < 100; i++) {
    const pi = betaA1(rng, 7 / 3);
    for (const run of runs) run.push({ id: caseId(i), outcomes: [bern(rng, pi)] });
  }
  const inputs = runs.map((cases, k) => ({
    run: { runId: `r${k}`, eval: 'calibration', datasetVersion: 'v1', config: {} },
    columns: tableOf(`r${k}`, cases),
    label: `r${k}`,
  }));
  const m = compareMatrix(inputs, { correction: 'none', seed: rng.nextUint32(), bootstrapSamples: 500 });
  if (m.pairs.some((p) => p.verdict === 'improved')) uncorrected++;
}
console.log(
  `\nWithout correction (n=100, ${reps} reps): any of 5 equal candidates "better than baseline" in ${((uncorrected / reps) * 100).toFixed(1)}% of replications.`,
);
console.log(`Wall ${((performance.now() - t0) / 1000).toFixed(0)} s.`);
