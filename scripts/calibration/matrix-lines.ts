/**
 * Matrix calibration: N runs equal in truth, compared the way `assay compare <a> <b> …` and
 * `assay run` over a matrix compare them (`compareMatrix`, `evaluateMatrixGates`). Each case
 * has its own difficulty π_i ~ Beta(7/3, 1) (mean 0.7) shared by every run, so the runs are
 * correlated as real candidates on one eval set are; each run passes case i with
 * probability π_i on each repeat. The family-wise false alarm rate must stay ≤ α.
 */
import { evaluateMatrixGates, parseMatrixGates } from '../../src/analysis/gates/matrix-gates.js';
import { compareMatrix, type MatrixInput } from '../../src/analysis/matrix/compare-matrix.js';
import type { MatrixComparison } from '../../src/analysis/matrix/types.js';
import type { Rng } from '../../src/stats/index.js';
import type { Line } from './run-lines.js';
import { bern, betaA1, caseId, GRADER, tableOf, type CaseSpec } from './simulate.js';

const ALPHA = 0.05;
const alarm = { max: ALPHA, nominal: ALPHA };
/** A baseline and 5 candidates. */
const RUNS = 6;

/** `runs` equal runs on n shared cases, with `repeats` trials per case and optional 4 segments. */
function equalRuns(rng: Rng, n: number, repeats: number, segments = false): CaseSpec[][] {
  const runs: CaseSpec[][] = Array.from({ length: RUNS }, () => []);
  for (let i = 0; i < n; i++) {
    const pi = betaA1(rng, 7 / 3);
    const metadata = segments ? { seg: 'abcd'[i % 4] } : undefined;
    for (const run of runs)
      run.push({
        id: caseId(i),
        outcomes: Array.from({ length: repeats }, () => bern(rng, pi)),
        ...(metadata && { metadata }),
      });
  }
  return runs;
}

function inputsOf(runs: readonly CaseSpec[][]): MatrixInput[] {
  return runs.map((cases, k) => {
    const runId = k === 0 ? 'baseline' : `candidate-${k}`;
    return {
      run: { runId, eval: 'calibration', datasetVersion: 'v1', config: {} },
      columns: tableOf(runId, cases),
      label: runId,
    };
  });
}

function matrix(runs: readonly CaseSpec[][], rng: Rng, alpha = ALPHA): MatrixComparison {
  return compareMatrix(inputsOf(runs), { alpha, seed: rng.nextUint32(), bootstrapSamples: 500 });
}

const improved = (m: MatrixComparison) => m.pairs.some((p) => p.verdict === 'improved');

/** Lines of the matrix family: 5 equal candidates against a baseline. */
export function matrixLines(ns: readonly number[]): Line[] {
  const rules = parseMatrixGates([{ grader: GRADER, bestBeatsBaseline: { alpha: ALPHA } }], 'calibration');
  const lines: Line[] = [];
  for (const n of ns.filter((x) => x >= 30)) {
    lines.push(
      {
        kind: 'false-alarm',
        what: 'matrix: any of 5 equal candidates better than baseline (Holm), pass/fail',
        n,
        target: alarm,
        replicate: (r) => improved(matrix(equalRuns(r, n, 1), r)),
      },
      {
        kind: 'false-alarm',
        what: 'matrix: any of 5 equal candidates better than baseline (Holm), 3 repeats',
        n,
        target: alarm,
        weight: 0.5,
        replicate: (r) => improved(matrix(equalRuns(r, n, 3), r)),
      },
      {
        kind: 'false-pass',
        what: 'matrix gate bestBeatsBaseline passes, 5 equal candidates',
        n,
        target: alarm,
        replicate: (r) => {
          const m = matrix(equalRuns(r, n, 1), r);
          return evaluateMatrixGates(rules, () => m).passed;
        },
      },
      {
        kind: 'false-alarm',
        what: "matrix: Cochran's Q / Friedman omnibus rejects, 6 equal runs",
        n,
        target: alarm,
        replicate: (r) => matrix(equalRuns(r, n, n >= 100 ? 1 : 3), r).omnibus[0].significant,
      },
    );
  }
  for (const n of ns.filter((x) => x >= 100))
    lines.push({
      kind: 'false-alarm',
      what: 'matrix: any segment winner (4 segments × 5 pairs, BH), equal runs',
      n,
      target: alarm,
      weight: 0.5,
      replicate: (r) => matrix(equalRuns(r, n, 1, true), r).segments.some((s) => s.winner !== null),
    });
  return lines;
}
