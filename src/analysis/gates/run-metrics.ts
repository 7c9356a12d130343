import type { CaseTable } from '../compare/case-table.js';
import { allCases, casesWhere, measureGraderOn } from '../metrics/measure.js';
import { measureRunOn } from '../metrics/run-measure.js';
import type { MdeMethod } from '../metrics/mde.js';
import type { RateLowerBound } from '../metrics/rate-interval.js';
import type { Estimate } from '../summary-types.js';
import type { GateSegment } from './types.js';

/** One grader's figures over a run or a segment, as gates and reports read them (the summary's numbers). */
export interface GraderMetrics {
  readonly grader: string;
  readonly segment?: GateSegment;
  /** Cases with at least one usable score. */
  readonly n: number;
  readonly nEff: number;
  /** The registry's pass-rate estimate (docs/metrics.md). */
  readonly passRate: Estimate;
  /** The exact one-sided lower bound `minPassRateLower` decides with (docs/metrics.md). */
  readonly passRateBound: RateLowerBound;
  readonly mean: Estimate;
  /** Trials of these cases, and how many of them have no usable score for this grader. */
  readonly trials: number;
  readonly errors: number;
  /** The grader's own errors among them (the rest are target errors). */
  readonly graderErrors: number;
  readonly targetErrors: number;
  readonly errorRate: number;
  readonly pending: number;
  readonly weighted: boolean;
  readonly mde: number;
  readonly mdeMethod: MdeMethod;
}

export interface RunMetrics {
  readonly trials: number;
  readonly cases: number;
  readonly targetErrors: number;
  /** Scores that are grader errors, over every grader. */
  readonly graderErrors: number;
  /** Trials with a target error or any grader's error. */
  readonly erroredTrials: number;
  /** erroredTrials / trials. */
  readonly errorRate: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  /** Known spend (target + judges); null when none is known. A lower bound when anything is unknown. */
  readonly costUsd: number | null;
  readonly unknownCostTrials: number;
  readonly unknownJudgeCalls: number;
}

/** The case indexes of a table inside a segment (all without one). */
export function rowsIn(table: CaseTable, segment?: GateSegment): number[] {
  return segment ? casesWhere(table, segment.field, segment.value) : allCases(table);
}

/** Pass rate, mean score and errors of one grader, over a run or one of its segments. */
export function measureGrader(table: CaseTable, grader: string, segment?: GateSegment, alpha = 0.05): GraderMetrics {
  const m = measureGraderOn(table, grader, rowsIn(table, segment), alpha);
  return {
    grader,
    ...(segment && { segment }),
    n: m.n,
    nEff: m.nEff,
    passRate: { value: m.passRate.value, lower: m.passRate.lower, upper: m.passRate.upper },
    passRateBound: m.passRateBound,
    mean: m.mean,
    trials: m.trials,
    errors: m.errors,
    graderErrors: m.graderErrors,
    targetErrors: m.targetErrors,
    errorRate: m.errorRate,
    pending: m.pending,
    weighted: m.weighted,
    mde: m.mde,
    mdeMethod: m.mdeMethod,
  };
}

/** Run-wide figures: errors, latency and cost (over a segment when given). */
export function measureRun(table: CaseTable, segment?: GateSegment): RunMetrics {
  const cases = rowsIn(table, segment);
  const m = measureRunOn(table, cases);
  let graderErrors = 0;
  for (const g of table.graders) for (const i of cases) graderErrors += g.graderErrors[i];
  return {
    trials: m.trials,
    cases: m.cases,
    targetErrors: m.targetErrors,
    graderErrors,
    erroredTrials: m.erroredTrials,
    errorRate: m.errorRate,
    latencyP50Ms: m.latencyMs.p50,
    latencyP95Ms: m.latencyMs.p95,
    costUsd: m.cost.usd,
    unknownCostTrials: m.cost.unknownTrials,
    unknownJudgeCalls: m.cost.unknownJudgeCalls,
  };
}
