import { AssayError } from '../../core/errors.js';
import { cochransQ, friedmanTest } from '../../stats/index.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { compareColumns, type ComparedColumns } from '../compare/compare-runs.js';
import { pairedVerdict } from '../compare/compare-paired.js';
import { caseMeanAt, readScoreColumns } from '../compare/score-columns.js';
import { adjust } from '../compare/segments.js';
import type { Comparison, GraderKind } from '../compare/types.js';
import { measureGraderOn } from '../metrics/measure.js';
import { passRuleDeclared } from '../metrics/pass-rule.js';
import { matrixCellOf } from './matrix-cell.js';
import { matrixSegments } from './matrix-segments.js';
import type {
  MatrixCompareOptions,
  MatrixComparison,
  MatrixDisagreement,
  MatrixOmnibus,
  MatrixPair,
  MatrixRanking,
  MatrixRun,
} from './types.js';

/** A run of an N-way comparison with its folded scores and its label. */
export interface MatrixInput extends ComparedColumns {
  readonly label: string;
}

/** Cases with the largest spread kept per grader. */
const DISAGREEMENTS_PER_GRADER = 20;

/**
 * Compares N runs on their shared cases: per grader an omnibus test (Cochran's Q for
 * pass/fail with one repeat, Friedman otherwise), then each candidate against the baseline
 * (or every pair) through the two-run paired comparison, corrected over the family of pairs
 * (Holm by default); per-segment winners with one BH family over every segment test; a
 * ranking with intervals; and the cases where the runs disagree most.
 *
 * @example
 * const m = await compareMatrixRuns(store, ['run_a', 'run_b', 'run_c'], { pairs: 'all' });
 * for (const p of m.pairs) console.log(p.candidateLabel, p.verdict, p.pAdjusted);
 */
export async function compareMatrixRuns(
  store: Store,
  runIds: readonly string[],
  options: MatrixCompareOptions = {},
): Promise<MatrixComparison> {
  const runs = await Promise.all(runIds.map((id) => store.runs.get(id)));
  runs.forEach((run, k) => {
    if (!run)
      throw new AssayError('RUN_NOT_FOUND', `No run '${runIds[k]}' in the store at ${store.location}.`, {
        hint: 'List runs with `assay runs`.',
      });
  });
  const stored = runs as StoredRun[];
  const sameVersion = stored.every((r) => r.datasetVersion === stored[0].datasetVersion);
  const cases = sameVersion ? await store.datasets.listCaseColumns(stored[0].datasetVersion) : undefined;
  const columns = await Promise.all(stored.map((run) => readScoreColumns(store, run, cases)));
  const inputs = stored.map((run, k) => ({ run, columns: columns[k], label: matrixCellOf(run)?.label ?? run.runId }));
  const matrixIds = new Set(stored.map((r) => r.matrixId));
  const matrixId = matrixIds.size === 1 ? [...matrixIds][0] : null;
  return compareMatrix(inputs, options, matrixId ?? null);
}

/** The pure part of {@link compareMatrixRuns}: folded runs in, the N-way comparison out. */
export function compareMatrix(
  inputs: readonly MatrixInput[],
  options: MatrixCompareOptions = {},
  matrixId: string | null = null,
): MatrixComparison {
  const alpha = options.alpha ?? 0.05;
  const pairsMode = options.pairs ?? 'baseline';
  const correction = options.correction ?? 'holm';
  const segmentCorrection = options.segmentCorrection ?? 'bh';
  const seed = options.seed ?? 1;
  const base = options.baseline ?? 0;
  if (inputs.length < 2)
    throw new AssayError('TOO_FEW_RUNS', `An N-way comparison needs at least 2 runs, got ${inputs.length}.`, {
      hint: 'Name two or more runs (`assay compare <a> <b> <c>`) or a matrix (`assay compare --matrix <id>`).',
    });
  if (!(base >= 0 && base < inputs.length))
    throw new AssayError('BAD_BASELINE', `Baseline index ${base} is not one of the ${inputs.length} runs.`, {
      hint: 'Pass --baseline with a run id or cell label of the comparison.',
    });
  const labels = uniqueLabels(inputs);
  const shared = sharedCaseIndexes(inputs);
  const graders = sharedGraders(inputs);
  const warnings: { code: string; message: string }[] = [];
  const kinds = new Map(graders.map((g) => [g, kindOf(inputs, g)]));

  const pairList = pairIndexes(inputs.length, base, pairsMode);
  const comparisons = pairList.map(([b, c]) =>
    compareColumns(inputs[b], inputs[c], {
      alpha,
      correction: 'none',
      seed,
      ...(options.bootstrapSamples !== undefined && { bootstrapSamples: options.bootstrapSamples }),
    }),
  );
  const pairs = correctPairs(comparisons, pairList, inputs, labels, graders, correction, alpha);
  const omnibus = graders.map((g) => omnibusOf(inputs, shared, g, kinds.get(g)!, alpha));
  const ranking = graders.map((g) => rankingOf(inputs, labels, shared, g, kinds.get(g)!, alpha, pairs));
  const segments = matrixSegments(comparisons, pairList, inputs, labels, segmentCorrection, alpha, pairsMode, base);
  const disagreements = graders.flatMap((g) => disagreementsOf(inputs, shared, g, kinds.get(g)!));
  for (const c of comparisons) warnings.push(...c.warnings.filter((w) => w.code === 'dataset-changed'));
  const sizes = new Set(inputs.map((x) => x.columns.caseIds.length));
  if (sizes.size > 1 || shared.ids.length < Math.max(...sizes))
    warnings.push({
      code: 'cases-not-shared',
      message: `The runs share ${shared.ids.length} case(s); the omnibus tests and the ranking use those, each pair its own shared cases.`,
    });
  const missing = [...new Set(inputs.flatMap((x) => x.columns.graders.map((g) => g.name)))].filter(
    (g) => !graders.includes(g),
  );
  if (missing.length > 0)
    warnings.push({
      code: 'grader-not-shared',
      message: `Grader(s) not scored in every run, left out: ${missing.join(', ')}.`,
    });
  return {
    matrixId,
    runs: inputs.map((x, k): MatrixRun => ({
      runId: x.run.runId,
      label: labels[k],
      eval: x.run.eval,
      datasetVersion: x.run.datasetVersion,
      cases: x.columns.caseIds.length,
      errors: x.columns.targetErrors,
      baseline: k === base,
      matrixId: (x.run as Partial<StoredRun>).matrixId ?? null,
    })),
    sharedCases: shared.ids.length,
    alpha,
    pairsMode,
    correction,
    segmentCorrection,
    seed,
    omnibus,
    pairs,
    segments,
    ranking,
    disagreements,
    warnings: dedupe(warnings),
  };
}

function uniqueLabels(inputs: readonly MatrixInput[]): string[] {
  const seen = new Map<string, number>();
  return inputs.map((x) => {
    const n = (seen.get(x.label) ?? 0) + 1;
    seen.set(x.label, n);
    return n === 1 ? x.label : `${x.label} (${x.run.runId})`;
  });
}

/** Per run, the index of each case every run holds (in ascending id order). */
interface Shared {
  readonly ids: readonly string[];
  readonly at: readonly (readonly number[])[];
}

function sharedCaseIndexes(inputs: readonly MatrixInput[]): Shared {
  const maps = inputs.map((x) => new Map(x.columns.caseIds.map((id, i) => [id, i])));
  const ids = [...maps[0].keys()].filter((id) => maps.every((m) => m.has(id))).sort();
  return { ids, at: maps.map((m) => ids.map((id) => m.get(id)!)) };
}

function sharedGraders(inputs: readonly MatrixInput[]): string[] {
  return inputs[0].columns.graders
    .map((g) => g.name)
    .filter((name) => inputs.every((x) => x.columns.graders.some((g) => g.name === name)));
}

function scoresOf(x: MatrixInput, grader: string) {
  return x.columns.graders.find((g) => g.name === grader)!;
}

function kindOf(inputs: readonly MatrixInput[], grader: string): GraderKind {
  // As the two-run comparison decides it (`graderKind`): 0/1 scores everywhere, or a declared pass rule.
  if (inputs.every((x) => scoresOf(x, grader).binary)) return 'binary';
  return inputs.some((x) => passRuleDeclared(x.run.config, grader)) ? 'binary' : 'continuous';
}

function pairIndexes(n: number, base: number, mode: 'baseline' | 'all'): [number, number][] {
  const out: [number, number][] = [];
  if (mode === 'baseline') {
    for (let k = 0; k < n; k++) if (k !== base) out.push([base, k]);
    return out;
  }
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) out.push([a, b]);
  return out;
}

function correctPairs(
  comparisons: readonly Comparison[],
  pairList: readonly [number, number][],
  inputs: readonly MatrixInput[],
  labels: readonly string[],
  graders: readonly string[],
  correction: MatrixCompareOptions['correction'] & string,
  alpha: number,
): MatrixPair[] {
  const out: MatrixPair[] = [];
  for (const grader of graders) {
    const found = comparisons.map((c) => c.graders.find((g) => g.name === grader));
    const ps = found.map((g) => (g && Number.isFinite(g.pValue) ? g.pValue : 1));
    const adjusted = adjust(ps, correction);
    found.forEach((g, k) => {
      if (!g) return;
      const [b, c] = pairList[k];
      const significant = g.significant === true && adjusted[k] <= alpha;
      out.push({
        grader,
        kind: g.kind,
        baseline: inputs[b].run.runId,
        candidate: inputs[c].run.runId,
        baselineLabel: labels[b],
        candidateLabel: labels[c],
        baselineValue: { value: g.baseline.value, lower: g.baseline.lower, upper: g.baseline.upper },
        candidateValue: { value: g.candidate.value, lower: g.candidate.lower, upper: g.candidate.upper },
        delta: g.delta,
        test: g.test,
        n: g.candidate.n,
        pValue: g.pValue,
        pAdjusted: adjusted[k],
        verdict: pairedVerdict(g.candidate.n, significant, g.delta.value, g.mde, {}),
        significant,
        mde: g.mde,
      });
    });
  }
  return out;
}

/** The per-case values of one grader on the cases every run scored: rows are cases, columns runs. */
function blockTable(inputs: readonly MatrixInput[], shared: Shared, grader: string, kind: GraderKind) {
  const rows: number[][] = [];
  const ids: string[] = [];
  const scores = inputs.map((x) => scoresOf(x, grader));
  shared.ids.forEach((id, j) => {
    const row = scores.map((g, k) => caseMeanAt(g, shared.at[k][j], kind));
    if (row.every((v) => v !== undefined)) {
      rows.push(row as number[]);
      ids.push(id);
    }
  });
  return { rows, ids };
}

function omnibusOf(
  inputs: readonly MatrixInput[],
  shared: Shared,
  grader: string,
  kind: GraderKind,
  alpha: number,
): MatrixOmnibus {
  const { rows } = blockTable(inputs, shared, grader, kind);
  const oneRepeat = inputs.every((x) => x.columns.maxRepeats <= 1);
  const cochran = kind === 'binary' && oneRepeat && rows.every((r) => r.every((v) => v === 0 || v === 1));
  const r = cochran ? cochransQ(rows) : friedmanTest(rows);
  return {
    grader,
    kind,
    test: cochran ? 'cochran-q' : 'friedman',
    statistic: r.statistic,
    df: r.df,
    pValue: r.pValue,
    n: r.n,
    effectSize: r.effectSize,
    significant: r.pValue <= alpha,
    ...(r.reason !== undefined && { reason: r.reason }),
  };
}

function rankingOf(
  inputs: readonly MatrixInput[],
  labels: readonly string[],
  shared: Shared,
  grader: string,
  kind: GraderKind,
  alpha: number,
  pairs: readonly MatrixPair[],
): MatrixRanking {
  const rows = inputs.map((x, k) => {
    const m = measureGraderOn(x.columns, grader, [...shared.at[k]], alpha);
    const e = kind === 'binary' ? m.passRate : m.mean;
    const beats = pairs
      .filter((p) => p.grader === grader && p.significant)
      .flatMap((p) =>
        p.candidate === x.run.runId && p.delta.value > 0
          ? [p.baseline]
          : p.baseline === x.run.runId && p.delta.value < 0
            ? [p.candidate]
            : [],
      );
    return { runId: x.run.runId, label: labels[k], value: e.value, lower: e.lower, upper: e.upper, n: m.n, beats };
  });
  const sorted = [...rows].sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : b.value - a.value));
  const entries = sorted.map((r) => ({ rank: 1 + sorted.filter((s) => s.value > r.value).length, ...r }));
  return { grader, kind, entries };
}

function disagreementsOf(
  inputs: readonly MatrixInput[],
  shared: Shared,
  grader: string,
  kind: GraderKind,
): MatrixDisagreement[] {
  const { rows, ids } = blockTable(inputs, shared, grader, kind);
  return rows
    .map((row, j) => ({
      caseId: ids[j],
      grader,
      spread: Math.max(...row) - Math.min(...row),
      values: row.map((value, k) => ({ runId: inputs[k].run.runId, value })),
    }))
    .filter((d) => d.spread > 0)
    .sort((a, b) => b.spread - a.spread || a.caseId.localeCompare(b.caseId))
    .slice(0, DISAGREEMENTS_PER_GRADER);
}

function dedupe<T extends { code: string; message: string }>(ws: readonly T[]): T[] {
  const seen = new Set<string>();
  return ws.filter((w) => !seen.has(w.message) && seen.add(w.message) !== undefined);
}
