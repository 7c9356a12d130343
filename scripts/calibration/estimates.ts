/**
 * The estimates the calibration checks, each taken from the library function a view uses:
 * the run summary's pass rate (`estimateGroup` over the summary's case records), the gate
 * figures and rules (`measureGrader`, `gatesOnTables`) and the comparison (`compareTables`).
 */
import { tallyTrial, type CaseRecord } from '../../src/analysis/case-scores.js';
import { compareTables } from '../../src/analysis/compare/compare-runs.js';
import type { CaseTable } from '../../src/analysis/compare/case-table.js';
import type { Comparison } from '../../src/analysis/compare/types.js';
import { estimateGroup } from '../../src/analysis/estimate.js';
import { parseGates } from '../../src/analysis/gates/parse-gates.js';
import { gatesOnTables } from '../../src/analysis/gates/run-gates.js';
import { measureGrader } from '../../src/analysis/gates/run-metrics.js';
import type { GateResult } from '../../src/analysis/gates/types.js';
import { GRADER, trialsOf, tableOf, type CaseSpec } from './simulate.js';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** The pass rate and interval `assay run`/`show` print (the run summary). */
export function summaryRate(cases: readonly CaseSpec[]): Interval {
  const records = new Map<string, CaseRecord>();
  for (const trial of trialsOf('run', cases)) {
    let record = records.get(trial.caseId);
    if (!record) {
      record = { caseId: trial.caseId, slice: trial.slice, metadata: trial.metadata, weight: trial.weight, grades: new Map(), trials: 0, targetErrors: 0 };
      records.set(trial.caseId, record);
    }
    tallyTrial(record, trial, [GRADER], new Map());
  }
  return estimateGroup(records.values(), GRADER).passRate;
}

/** The pass rate and interval the gate reports and `minPassRateLower` use. */
export function gateRate(cases: readonly CaseSpec[]): Interval {
  return measureGrader(tableOf('run', cases), GRADER).passRate;
}

/** One gate rule on a candidate (and baseline) run, as `assay gate` evaluates it. */
export function gate(rule: Record<string, unknown>, candidate: CaseTable, baseline?: CaseTable): GateResult {
  const gates = parseGates([{ grader: GRADER, ...rule }], 'calibration');
  return gatesOnTables(candidate, baseline, { runId: 'candidate', baselineRunId: baseline && 'baseline', gates }).results[0];
}

/** `assay compare baseline candidate`. */
export function compare(baseline: readonly CaseSpec[], candidate: readonly CaseSpec[], seed: number): Comparison {
  const run = (runId: string) => ({ runId, eval: 'calibration', datasetVersion: 'v1', config: {} });
  return compareTables({ run: run('baseline'), table: tableOf('baseline', baseline) }, { run: run('candidate'), table: tableOf('candidate', candidate) }, { seed });
}
