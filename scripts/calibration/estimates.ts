/**
 * The estimates the calibration checks, each taken from the library function a view uses:
 * the run summary's pass rate (`measureGraderOn` over the one fold), the gate
 * figures and rules (`measureGrader`, `gatesOnTables`) and the comparison (`compareTables`).
 */
import { compareTables } from '../../src/analysis/compare/compare-runs.js';
import type { CaseTable } from '../../src/analysis/compare/case-table.js';
import type { Comparison } from '../../src/analysis/compare/types.js';
import { parseGates } from '../../src/analysis/gates/parse-gates.js';
import { gatesOnTables } from '../../src/analysis/gates/run-gates.js';
import { measureGrader } from '../../src/analysis/gates/run-metrics.js';
import { measureGraderOn } from '../../src/analysis/metrics/measure.js';
import type { GateResult } from '../../src/analysis/gates/types.js';
import { GRADER, tableOf, type CaseSpec } from './simulate.js';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** The pass rate and interval `assay run`/`show` print (the run summary's estimator on the one fold). */
export function summaryRate(cases: readonly CaseSpec[]): Interval {
  return measureGraderOn(tableOf('run', cases), GRADER).passRate;
}

/** The mean score and interval `assay run`/`show` print beside that pass rate. */
export function summaryMean(cases: readonly CaseSpec[]): Interval {
  return measureGraderOn(tableOf('run', cases), GRADER).mean;
}

/** The MDE `assay run`/`show` print beside that pass rate. */
export function summaryMde(cases: readonly CaseSpec[]): number {
  return measureGraderOn(tableOf('run', cases), GRADER).mde;
}

/** The pass rate and interval the gate reports and `minPassRateLower` use. */
export function gateRate(cases: readonly CaseSpec[]): Interval {
  return measureGrader(tableOf('run', cases), GRADER).passRate;
}

/** One gate rule on a candidate (and baseline) run, as `assay gate` evaluates it. */
export function gate(rule: Record<string, unknown>, candidate: CaseTable, baseline?: CaseTable): GateResult {
  const gates = parseGates([{ grader: GRADER, ...rule }], 'calibration');
  const options = { runId: 'candidate', baselineRunId: baseline && 'baseline', gates };
  return gatesOnTables(candidate, baseline, options).results[0];
}

/** `assay compare baseline candidate`. */
export function compare(baseline: readonly CaseSpec[], candidate: readonly CaseSpec[], seed: number): Comparison {
  const run = (runId: string) => ({ runId, eval: 'calibration', datasetVersion: 'v1', config: {} });
  return compareTables(
    { run: run('baseline'), table: tableOf('baseline', baseline) },
    { run: run('candidate'), table: tableOf('candidate', candidate) },
    { seed },
  );
}
