import { quantile, tIntervalMean, weightedMeanInterval, wilsonInterval } from '../../stats/index.js';
import type { Estimate } from '../summary-types.js';
import { caseMean, segmentValue, type CaseRow, type CaseTable } from '../compare/case-table.js';
import type { GateSegment } from './types.js';

export interface GraderMetrics {
  readonly grader: string;
  readonly segment?: GateSegment;
  /** Cases with at least one usable score. */
  readonly n: number;
  /** Pass rate: Wilson with one repeat; a t interval on case pass shares with repeats; Kish-weighted when weights differ. */
  readonly passRate: Estimate;
  readonly mean: Estimate;
  /** Trials of these cases, and how many of them have an error score for this grader. */
  readonly trials: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly pending: number;
  readonly weighted: boolean;
}

export interface RunMetrics {
  readonly trials: number;
  readonly cases: number;
  readonly targetErrors: number;
  readonly errorRate: number;
  readonly latencyP95Ms: number | null;
  readonly costUsd: number | null;
  readonly unknownCostTrials: number;
}

/** The rows of a table inside a segment (all rows without one). */
export function rowsIn(table: CaseTable, segment?: GateSegment): CaseRow[] {
  const rows = [...table.cases.values()];
  return segment ? rows.filter((r) => segmentValue(r, segment.field) === segment.value) : rows;
}

/** Pass rate, mean score and error rate of one grader, over a run or one of its segments. */
export function measureGrader(table: CaseTable, grader: string, segment?: GateSegment, alpha = 0.05): GraderMetrics {
  const rows = rowsIn(table, segment);
  const passShares: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  let trials = 0;
  let errors = 0;
  let pending = 0;
  let passes = 0;
  let graded = 0;
  for (const row of rows) {
    const scores = row.graders.get(grader);
    trials += row.trials;
    if (!scores) continue;
    errors += scores.errors;
    pending += scores.pending;
    const share = caseMean(scores, 'binary');
    const m = caseMean(scores, 'continuous');
    if (share === undefined || m === undefined) continue;
    passShares.push(share);
    means.push(m);
    weights.push(row.weight);
    passes += scores.passes.filter(Boolean).length;
    graded += scores.passes.length;
  }
  const weighted = weights.some((w) => w !== weights[0]);
  const single = table.maxRepeats <= 1;
  const n = passShares.length;
  const passRate = n === 0 ? nanEstimate()
    : weighted ? pick(weightedMeanInterval(passShares, weights, alpha))
      : single ? pick(wilsonInterval(passes, graded, alpha))
        : pick(tIntervalMean(passShares, alpha));
  const mean = n === 0 ? nanEstimate() : weighted ? pick(weightedMeanInterval(means, weights, alpha)) : pick(tIntervalMean(means, alpha));
  return {
    grader, ...(segment && { segment }), n, passRate, mean, trials, errors,
    errorRate: trials === 0 ? Number.NaN : errors / trials, pending, weighted,
  };
}

/** Run-wide figures: target error rate, latency p95 and total cost (over a segment when given). */
export function measureRun(table: CaseTable, segment?: GateSegment): RunMetrics {
  if (!segment) {
    return {
      trials: table.trials, cases: table.cases.size, targetErrors: table.targetErrors,
      errorRate: table.trials === 0 ? Number.NaN : table.targetErrors / table.trials,
      latencyP95Ms: table.latenciesMs.length === 0 ? null : quantile(table.latenciesMs, 0.95),
      costUsd: table.cost.known === 0 ? null : table.cost.usd,
      unknownCostTrials: table.cost.unknown,
    };
  }
  const rows = rowsIn(table, segment);
  const trials = rows.reduce((s, r) => s + r.trials, 0);
  const targetErrors = rows.reduce((s, r) => s + r.targetErrors, 0);
  const latencies = rows.flatMap((r) => r.latenciesMs);
  const known = rows.reduce((s, r) => s + r.cost.known, 0);
  return {
    trials, cases: rows.length, targetErrors, errorRate: trials === 0 ? Number.NaN : targetErrors / trials,
    latencyP95Ms: latencies.length === 0 ? null : quantile(latencies, 0.95),
    costUsd: known === 0 ? null : rows.reduce((s, r) => s + r.cost.usd, 0),
    unknownCostTrials: rows.reduce((s, r) => s + r.cost.unknown, 0),
  };
}

function pick(e: { value: number; lower: number; upper: number }): Estimate {
  return { value: e.value, lower: e.lower, upper: e.upper };
}

function nanEstimate(): Estimate {
  return { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
}
