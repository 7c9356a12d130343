import { compareAttacks } from './redteam-compare.js';
import { boundedScoreInterval, weightedMeanInterval } from '../../stats/index.js';
import { compositionWarnings, coverageWarnings, directionWarnings } from './compare-warnings.js';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { readStoredFold } from '../fold-snapshot/stored-fold.js';
import { readRunFold } from '../store-run-summary.js';
import { safeParseGates } from '../gates/parse-gates.js';
import type { CaseTable } from './case-table.js';
import { passRuleDeclared } from '../metrics/pass-rule.js';
import { matchCases, pairScores, sideEstimates, type ScorePairs } from './pair-grader.js';
import { comparePaired, type PairedOptions } from './compare-paired.js';
import { findFlaky, findFlips, varianceReport } from './flips.js';
import { graded, type GraderPair, type ScoreColumns, type SharedCases } from './score-columns.js';
import { comparePassAtK } from '../pass-at-k.js';
import { configuredPassAtK } from '../pass-at-k-run.js';
import { compareSegments, segmentField, segmentFields, type SegmentInput } from './segments.js';
import type { CompareOptions, Comparison, ComparisonWarning, GraderComparison, GraderKind } from './types.js';

type RunInfo = Pick<StoredRun, 'runId' | 'eval' | 'datasetVersion' | 'config'>;

export interface ComparedRun {
  readonly run: RunInfo;
  readonly table: CaseTable;
}

/** A run to compare, folded into score columns. */
export interface ComparedColumns {
  readonly run: RunInfo;
  readonly columns: ScoreColumns;
}

/**
 * Compares a candidate run with a baseline run on their shared cases: per grader, per
 * segment (adjusted across the family), flips, flaky cases and warnings. Each run is an id, or
 * the run as read from the store.
 *
 * @example
 * const c = await compareRuns(store, 'run_A', 'run_B', { alpha: 0.05, correction: 'bh', seed: 1 });
 * for (const g of c.graders) console.log(g.name, g.verdict, g.delta.value, g.pValue);
 */
export async function compareRuns(
  store: Store,
  baseline: string | StoredRun,
  candidate: string | StoredRun,
  options: CompareOptions = {},
): Promise<Comparison> {
  // A run already read (the CLI and the dashboard resolve them first) is not read again.
  const runOf = (ref: string | StoredRun) => (typeof ref === 'string' ? store.runs.get(ref) : ref);
  const [baseRun, candRun] = await Promise.all([runOf(baseline), runOf(candidate)]);
  const idOf = (ref: string | StoredRun) => (typeof ref === 'string' ? ref : ref.runId);
  for (const [id, run, role] of [
    [idOf(baseline), baseRun, 'baseline'],
    [idOf(candidate), candRun, 'candidate'],
  ] as const) {
    if (!run)
      throw new AssayError('RUN_NOT_FOUND', `No ${role} run '${id}' in the store at ${store.location}.`, {
        hint: 'List runs with `assay runs`.',
      });
  }
  // A finished run's fold is stored with its summary; the others are folded from their trials,
  // and runs of the same dataset version share its case columns: read them once.
  const stored = await Promise.all([readStoredFold(store, baseRun!), readStoredFold(store, candRun!)]);
  const cases =
    baseRun!.datasetVersion === candRun!.datasetVersion && !(stored[0] && stored[1])
      ? await store.datasets.listCaseColumns(baseRun!.datasetVersion)
      : undefined;
  const [base, cand] = await Promise.all([
    stored[0] ?? readRunFold(store, baseRun!, cases),
    stored[1] ?? readRunFold(store, candRun!, cases),
  ]);
  return compareColumns({ run: baseRun!, columns: base }, { run: candRun!, columns: cand }, options);
}

/** The pure part of {@link compareRuns}: two case tables in, a comparison out. */
export function compareTables(baseline: ComparedRun, candidate: ComparedRun, options: CompareOptions = {}): Comparison {
  return compareColumns(
    { run: baseline.run, columns: baseline.table },
    { run: candidate.run, columns: candidate.table },
    options,
  );
}

/** The same as {@link compareTables} over score columns. */
export function compareColumns(
  baseline: ComparedColumns,
  candidate: ComparedColumns,
  options: CompareOptions = {},
): Comparison {
  const alpha = options.alpha ?? 0.05;
  const correction = options.correction ?? 'bh';
  const seed = options.seed ?? 1;
  const power = options.power ?? 0.8;
  const bootstrapSamples = options.bootstrapSamples ?? 4000;
  if (!(alpha > 0 && alpha < 1))
    throw new AssayError('BAD_ALPHA', `alpha must be between 0 and 1, got ${alpha}.`, {
      hint: 'Use e.g. --alpha 0.05.',
    });
  const b = baseline.columns;
  const c = candidate.columns;
  const { shared, onlyInBaselineIds, onlyInCandidateIds } = matchCases(b, c);
  const pairs: GraderPair[] = b.graders.flatMap((gb) => {
    const gc = c.graders.find((g) => g.name === gb.name);
    return gc ? [{ name: gb.name, baseline: gb, candidate: gc }] : [];
  });
  const warnings: ComparisonWarning[] = [];
  const margins = gateMargins(candidate.run.config, options.gateMargin);

  const graderResults: GraderComparison[] = [];
  const segmentInputs: SegmentInput[] = [];
  for (const pair of pairs) {
    const grader = pair.name;
    const kind = graderKind(pair, baseline.run.config, candidate.run.config);
    const singleBinary = kind === 'binary' && b.maxRepeats <= 1 && c.maxRepeats <= 1;
    const paired = pairScores(shared, pair, kind);
    const sides = sideEstimates(b, c, grader, kind, paired.baselineCases, paired.cases, alpha);
    const { errored, pending } = paired;
    const pairedOptions: PairedOptions = {
      kind,
      singleBinary,
      alpha,
      power,
      seed,
      bootstrapSamples,
      margin: margins.get(grader),
    };
    const r = comparePaired({ ...paired, sides }, pairedOptions);
    graderResults.push({
      name: grader,
      kind,
      ...r,
      repeats: { baseline: b.maxRepeats, candidate: c.maxRepeats },
      excluded: { errored, pending },
      ...(pairedOptions.margin !== undefined && { margin: pairedOptions.margin }),
      ...weightedDelta(paired, c.weights, alpha),
      ...passAtKDeltas(pair, shared, [baseline.run.config, candidate.run.config], alpha, seed),
    });
    segmentInputs.push({
      grader,
      ...paired,
      options: { ...pairedOptions, bootstrapSamples: Math.min(bootstrapSamples, 2000) },
      sides: (baseCases, candCases) => sideEstimates(b, c, grader, kind, baseCases, candCases, alpha),
    });
    if (errored + pending > 0) {
      warnings.push({
        code: 'excluded-cases',
        message: `${grader}: ${errored + pending} shared case(s) left out of the pairing (${errored} with errored scores, ${pending} pending review).`,
      });
    }
  }

  const { fields, skipped } = segmentFields(c, shared.candidate);
  const coded = fields.map((field) => segmentField(field, b, c));
  const segments = compareSegments(segmentInputs, coded, correction, alpha);
  const gradersB = b.graders.map((g) => g.name);
  const gradersC = c.graders.map((g) => g.name);
  warnings.push(...coverageWarnings(baseline, candidate, onlyInBaselineIds, onlyInCandidateIds, gradersB, gradersC));
  for (const field of skipped)
    warnings.push({
      code: 'segment-field-skipped',
      message: `Metadata field '${field}' has more than 50 distinct values; it was not compared as a segment.`,
    });
  warnings.push(...compositionWarnings(coded, pairs));
  warnings.push(...directionWarnings(graderResults, segments));

  const redteam = compareAttacks(b, c, segmentInputs, segments, alpha);
  const flips = findFlips(c, shared, pairs);
  const flipDetails = [
    ...flips.filter((f) => f.direction === 'regressed'),
    ...flips.filter((f) => f.direction === 'improved'),
  ];
  const flakyDetails = findFlaky({ baseline: b, candidate: c }, pairs);
  const variance = graderResults
    .flatMap((g, k) => [
      varianceReport(b, pairs[k].baseline, 'baseline', g.kind),
      varianceReport(c, pairs[k].candidate, 'candidate', g.kind),
    ])
    .filter((v) => v !== undefined);

  return {
    baseline: {
      runId: baseline.run.runId,
      eval: baseline.run.eval,
      datasetVersion: baseline.run.datasetVersion,
      cases: b.caseIds.length,
      errors: b.targetErrors,
    },
    candidate: {
      runId: candidate.run.runId,
      eval: candidate.run.eval,
      datasetVersion: candidate.run.datasetVersion,
      cases: c.caseIds.length,
      errors: c.targetErrors,
    },
    sharedCases: shared.ids.length,
    onlyInBaseline: onlyInBaselineIds.length,
    onlyInCandidate: onlyInCandidateIds.length,
    onlyInBaselineIds,
    onlyInCandidateIds,
    alpha,
    correction,
    seed,
    graders: graderResults,
    segments,
    segmentFamilySize: segments.length,
    flips: {
      regressed: unique(flipDetails.filter((f) => f.direction === 'regressed').map((f) => f.caseId)),
      improved: unique(flipDetails.filter((f) => f.direction === 'improved').map((f) => f.caseId)),
      details: flipDetails,
    },
    flaky: unique(flakyDetails.map((f) => f.caseId)).sort(),
    flakyDetails,
    variance,
    ...(redteam.length > 0 && { redteam }),
    warnings,
  };
}

/**
 * How a grader is compared: on pass/fail (its pass rate, as the summary and gates read it)
 * when its scores are 0/1 or its config declares a pass rule (`passLevel`, `threshold`);
 * on the mean score otherwise.
 */
export function graderKind(pair: GraderPair, ...configs: StoredRun['config'][]): GraderKind {
  if (pair.baseline.binary && pair.candidate.binary) return 'binary';
  return configs.some((config) => passRuleDeclared(config, pair.name)) ? 'binary' : 'continuous';
}

/** The non-inferiority margin a grader is judged against: the override, else the candidate run's gates. */
function gateMargins(
  config: StoredRun['config'],
  override: number | undefined,
): { get(grader: string): number | undefined } {
  const margins = new Map<string, number>();
  const { rules } = safeParseGates(config?.gates, 'run config');
  for (const rule of rules) {
    if (rule.condition.kind === 'nonInferiority' && rule.grader && !rule.segment) {
      const prev = margins.get(rule.grader);
      margins.set(rule.grader, prev === undefined ? rule.condition.margin : Math.min(prev, rule.condition.margin));
    }
  }
  return { get: (grader) => override ?? margins.get(grader) };
}

function weightedDelta(
  paired: ScorePairs,
  weights: ArrayLike<number>,
  alpha: number,
): { weightedDelta?: GraderComparison['weightedDelta'] } {
  const n = paired.cases.length;
  if (n < 2 || paired.cases.every((i) => weights[i] === weights[paired.cases[0]])) return {};
  const d = paired.candidate.map((x, k) => x - paired.baseline[k]);
  const w = weightedMeanInterval(
    d,
    paired.cases.map((i) => weights[i]),
    alpha,
  );
  // A difference stays in [−1, 1]; with no spread the t interval has zero width, so the score
  // interval (stats/paired-score.ts) gives the honest width instead.
  const ci =
    w.se > 1e-12 * Math.max(1, Math.abs(w.value))
      ? { lower: Math.max(-1, w.lower), upper: Math.min(1, w.upper) }
      : boundedScoreInterval(d, alpha);
  return { weightedDelta: { value: w.value, lower: ci.lower, upper: ci.upper, se: w.se, nEff: w.nEff } };
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** pass@k of a grader compared problem by problem, for each k either run configured on it. */
function passAtKDeltas(
  pair: GraderPair,
  shared: SharedCases,
  configs: readonly StoredRun['config'][],
  alpha: number,
  seed: number,
) {
  const ks = new Set(configs.flatMap((config) => configuredPassAtK(config, pair.name)));
  if (ks.size === 0) return {};
  const counts = shared.ids.map((_, j) => {
    const [bi, ci] = [shared.baseline[j]!, shared.candidate[j]!];
    return {
      baseline: { n: graded(pair.baseline, bi), c: pair.baseline.passCount[bi]! },
      candidate: { n: graded(pair.candidate, ci), c: pair.candidate.passCount[ci]! },
    };
  });
  return { passAtK: [...ks].sort((x, y) => x - y).map((k) => comparePassAtK(counts, k, { alpha, seed })) };
}
