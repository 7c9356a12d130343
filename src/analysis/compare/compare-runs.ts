import { simpsonsParadoxCheck, weightedMeanInterval } from '../../stats/index.js';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { safeParseGates } from '../gates/parse-gates.js';
import { readCaseTable, segmentValue, type CaseRow, type CaseTable } from './case-table.js';
import { pairGrader } from './pair-grader.js';
import { comparePaired, type PairedOptions } from './compare-paired.js';
import { findFlaky, findFlips, varianceReport } from './flips.js';
import { compareSegments, compositionWarning, segmentFields, segmentTotals, type SegmentInput } from './segments.js';
import type { CompareOptions, Comparison, ComparisonWarning, GraderComparison } from './types.js';

export interface ComparedRun {
  readonly run: Pick<StoredRun, 'runId' | 'eval' | 'datasetVersion' | 'config'>;
  readonly table: CaseTable;
}

/**
 * Compares a candidate run with a baseline run on their shared cases: per grader, per
 * segment (adjusted across the family), flips, flaky cases and warnings.
 *
 * @example
 * const c = await compareRuns(store, 'run_A', 'run_B', { alpha: 0.05, correction: 'bh', seed: 1 });
 * for (const g of c.graders) console.log(g.name, g.verdict, g.delta.value, g.pValue);
 */
export async function compareRuns(store: Store, baselineRunId: string, candidateRunId: string, options: CompareOptions = {}): Promise<Comparison> {
  const [baseRun, candRun] = await Promise.all([store.runs.get(baselineRunId), store.runs.get(candidateRunId)]);
  for (const [id, run, role] of [[baselineRunId, baseRun, 'baseline'], [candidateRunId, candRun, 'candidate']] as const) {
    if (!run) throw new AssayError('RUN_NOT_FOUND', `No ${role} run '${id}' in the store at ${store.location}.`, { hint: 'List runs with `assay runs`.' });
  }
  const [baseTable, candTable] = await Promise.all([readCaseTable(store, baselineRunId), readCaseTable(store, candidateRunId)]);
  return compareTables({ run: baseRun!, table: baseTable }, { run: candRun!, table: candTable }, options);
}

/** The pure part of {@link compareRuns}: two case tables in, a comparison out. */
export function compareTables(baseline: ComparedRun, candidate: ComparedRun, options: CompareOptions = {}): Comparison {
  const alpha = options.alpha ?? 0.05;
  const correction = options.correction ?? 'bh';
  const seed = options.seed ?? 1;
  const power = options.power ?? 0.8;
  const bootstrapSamples = options.bootstrapSamples ?? 4000;
  if (!(alpha > 0 && alpha < 1)) throw new AssayError('BAD_ALPHA', `alpha must be between 0 and 1, got ${alpha}.`, { hint: 'Use e.g. --alpha 0.05.' });
  const b = baseline.table;
  const c = candidate.table;
  const shared = [...b.cases.keys()].filter((id) => c.cases.has(id)).sort();
  const onlyInBaselineIds = [...b.cases.keys()].filter((id) => !c.cases.has(id)).sort();
  const onlyInCandidateIds = [...c.cases.keys()].filter((id) => !b.cases.has(id)).sort();
  const graders = [...b.graders.filter((g) => c.graders.includes(g))];
  const warnings: ComparisonWarning[] = [];
  const margins = gateMargins(candidate.run.config, options.gateMargin);

  const graderResults: GraderComparison[] = [];
  const segmentInputs: SegmentInput[] = [];
  for (const grader of graders) {
    const { kind, singleBinary, paired, errored, pending } = pairGrader(b, c, grader);
    const pairedOptions: PairedOptions = { kind, singleBinary, alpha, power, seed, bootstrapSamples, margin: margins.get(grader) };
    const r = comparePaired({ baseline: paired.map((p) => p.baseline), candidate: paired.map((p) => p.candidate) }, pairedOptions);
    graderResults.push({
      name: grader, kind, ...r, repeats: { baseline: b.maxRepeats, candidate: c.maxRepeats }, excluded: { errored, pending },
      ...(pairedOptions.margin !== undefined && { margin: pairedOptions.margin }),
      ...weightedDelta(paired, alpha),
    });
    segmentInputs.push({ grader, paired, options: { ...pairedOptions, bootstrapSamples: Math.min(bootstrapSamples, 2000) } });
    if (errored + pending > 0) {
      warnings.push({ code: 'excluded-cases', message: `${grader}: ${errored + pending} shared case(s) left out of the pairing (${errored} with errored scores, ${pending} pending review).` });
    }
  }

  const { fields, skipped } = segmentFields(shared.map((id) => c.cases.get(id)!));
  const segments = compareSegments(segmentInputs, fields, correction, alpha);
  warnings.push(...coverageWarnings(baseline, candidate, onlyInBaselineIds, onlyInCandidateIds, b.graders, c.graders));
  for (const field of skipped) warnings.push({ code: 'segment-field-skipped', message: `Metadata field '${field}' has more than 50 distinct values; it was not compared as a segment.` });
  warnings.push(...compositionWarnings(b, c, fields, graderResults));

  const flipDetails = findFlips(b, c, shared, graders).sort((x, y) => (x.direction === y.direction ? 0 : x.direction === 'regressed' ? -1 : 1));
  const flakyDetails = findFlaky({ baseline: b, candidate: c }, graders);
  const variance = graderResults.flatMap((g) => [
    varianceReport(b, g.name, 'baseline', g.kind), varianceReport(c, g.name, 'candidate', g.kind),
  ]).filter((v) => v !== undefined);

  return {
    baseline: { runId: baseline.run.runId, eval: baseline.run.eval, datasetVersion: baseline.run.datasetVersion, cases: b.cases.size, errors: b.targetErrors },
    candidate: { runId: candidate.run.runId, eval: candidate.run.eval, datasetVersion: candidate.run.datasetVersion, cases: c.cases.size, errors: c.targetErrors },
    sharedCases: shared.length,
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
    warnings,
  };
}

/** The non-inferiority margin a grader is judged against: the override, else the candidate run's gates. */
function gateMargins(config: StoredRun['config'], override: number | undefined): { get(grader: string): number | undefined } {
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

function coverageWarnings(baseline: ComparedRun, candidate: ComparedRun, onlyB: readonly string[], onlyC: readonly string[], gradersB: readonly string[], gradersC: readonly string[]): ComparisonWarning[] {
  const w: ComparisonWarning[] = [];
  if (baseline.run.datasetVersion !== candidate.run.datasetVersion) {
    w.push({ code: 'dataset-changed', message: `The runs used different dataset versions (${baseline.run.datasetVersion} vs ${candidate.run.datasetVersion}); only shared cases are compared.` });
  }
  if (onlyB.length > 0) w.push({ code: 'only-in-baseline', message: `${onlyB.length} case(s) are only in the baseline and were not compared: ${preview(onlyB)}.` });
  if (onlyC.length > 0) w.push({ code: 'only-in-candidate', message: `${onlyC.length} case(s) are only in the candidate and were not compared: ${preview(onlyC)}.` });
  if (baseline.table.targetErrors + candidate.table.targetErrors > 0) {
    w.push({ code: 'errored-trials', message: `Errored trials: ${baseline.table.targetErrors} in the baseline, ${candidate.table.targetErrors} in the candidate; they count as neither pass nor fail.` });
  }
  const missing = [...gradersB.filter((g) => !gradersC.includes(g)), ...gradersC.filter((g) => !gradersB.includes(g))];
  if (missing.length > 0) w.push({ code: 'grader-not-shared', message: `Grader(s) scored on one side only, not compared: ${missing.join(', ')}.` });
  return w;
}

function compositionWarnings(b: CaseTable, c: CaseTable, fields: readonly string[], graders: readonly GraderComparison[]): ComparisonWarning[] {
  const w: ComparisonWarning[] = [];
  for (const field of fields) {
    const mismatch = compositionWarning(field, counts(b.cases.values(), field), counts(c.cases.values(), field));
    if (mismatch) w.push(mismatch);
    for (const g of graders) {
      const tb = segmentTotals(b.cases.values(), g.name, field);
      const tc = segmentTotals(c.cases.values(), g.name, field);
      const values = [...tb.keys()].filter((v) => tc.has(v));
      if (values.length < 2) continue;
      const check = simpsonsParadoxCheck(values.map((v) => ({ segment: v, nA: tb.get(v)!.n, correctA: tb.get(v)!.correct, nB: tc.get(v)!.n, correctB: tc.get(v)!.correct })));
      if (check.paradox) {
        const segDir = check.segmentDeltas.find((d) => Number.isFinite(d) && d !== 0)! > 0 ? 'up' : 'down';
        w.push({
          code: 'simpsons-paradox',
          message: `Simpson's paradox on ${g.name}: every '${field}' segment's pass rate moves ${segDir}, but the pooled rate moves ${check.aggregateDelta > 0 ? 'up' : 'down'} (${pts(check.aggregateDelta)}), because the runs' '${field}' compositions differ. On common weights the change is ${pts(check.standardizedDelta)}.`,
        });
      }
    }
  }
  return w;
}

function weightedDelta(paired: readonly { row: CaseRow; baseline: number; candidate: number }[], alpha: number): { weightedDelta?: GraderComparison['weightedDelta'] } {
  if (paired.length < 2 || paired.every((p) => p.row.weight === paired[0].row.weight)) return {};
  const w = weightedMeanInterval(paired.map((p) => p.candidate - p.baseline), paired.map((p) => p.row.weight), alpha);
  return { weightedDelta: { value: w.value, lower: w.lower, upper: w.upper, se: w.se, nEff: w.nEff } };
}

function pts(x: number): string {
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
}

function counts(rows: Iterable<CaseRow>, field: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const row of rows) {
    const v = segmentValue(row, field);
    if (v !== undefined) m.set(v, (m.get(v) ?? 0) + 1);
  }
  return m;
}

function preview(ids: readonly string[]): string {
  return ids.length > 5 ? `${ids.slice(0, 5).join(', ')}, …` : ids.join(', ');
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
