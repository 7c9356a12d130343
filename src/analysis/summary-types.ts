import type { RedteamSummary } from './redteam-summary.js';
import type { PairwiseGraderSummary } from './pairwise-tally.js';
import type { RunStatus } from '../core/types.js';
import type { StoredRun } from '../store/types.js';
import type { Estimate } from './metrics/rate-interval.js';
import type { MdeMethod } from './metrics/mde.js';
import type { MetricValue } from './metrics/registry.js';

export type { Estimate } from './metrics/rate-interval.js';

/** Bumped whenever a summary's numbers or fields change (5: counts.cached, redteam; 6: mdeMethod, the mid-p MDE; 7: the MDE where no change within the discordance is detectable, e.g. an all-pass run, was 100 points; 8: the mean score of 0/1 values gets the pass-rate interval); older cached summaries are recomputed. */
export const SUMMARY_VERSION = 8;

/**
 * The summary stored with a finished run when this version of the metrics made it; null when
 * there is none, it is older, or the run is still running (then it must be computed afresh).
 */
export function currentSummary(run: Pick<StoredRun, 'summary' | 'status'>): RunSummary | null {
  const cached = run.summary as { summaryVersion?: unknown } | null;
  if (!cached || cached.summaryVersion !== SUMMARY_VERSION || run.status === 'running') return null;
  return cached as unknown as RunSummary;
}

export interface GraderSummary {
  readonly name: string;
  /** Share of graded (non-error, non-pending) units that passed, Wilson 95% interval. */
  readonly passRate: Estimate;
  /** Mean score with a t interval (case means as the unit when there are repeats). */
  readonly mean: Estimate;
  /** Units behind the estimate: cases (per-case means) — trials only when repeats = 1. */
  readonly n: number;
  /** Trials without a usable or pending score for this grader (grader error or target error). */
  readonly errors: number;
  /** The grader's own errors (it threw, timed out, refused or returned no number). */
  readonly graderErrors: number;
  readonly targetErrors: number;
  /** errors / trials. */
  readonly errorRate: number;
  readonly trials: number;
  /** Usable scores: the pass rate's denominator. */
  readonly graded: number;
  readonly pending: number;
  /** How the pass rate's interval was made (docs/metrics.md). */
  readonly intervalMethod: string;
  /** Every registered grader metric, keyed by id (built-ins and those added with `registerMetric`). */
  readonly metrics: { readonly [id: string]: MetricValue };
  /** Kish effective sample size when cases carry unequal weights; equals n otherwise. */
  readonly nEff: number;
  readonly weighted: boolean;
  /**
   * Minimum detectable effect: the smallest change in pass rate (absolute) that a paired
   * comparison over these cases would detect with 80% power at α = 0.05, taking the two
   * runs' outcomes as independent given the rate (correlated runs detect smaller changes).
   */
  readonly mde: number;
  /** The test the MDE is for: `mcnemar-midp` (one repeat of pass/fail, exact power) or `normal`. */
  readonly mdeMethod: MdeMethod;
}

export interface SegmentSummary {
  /** `slice`, or a metadata field name. */
  readonly field: string;
  readonly value: string;
  readonly grader: string;
  readonly n: number;
  readonly passRate: Estimate;
  readonly mean: Estimate;
  readonly errors: number;
  readonly pending: number;
  readonly mde: number;
  readonly mdeMethod: MdeMethod;
}

export interface RunSummary {
  readonly summaryVersion: number;
  readonly runId: string;
  readonly status: RunStatus;
  readonly eval: string;
  readonly datasetVersion: string;
  readonly target: { readonly [key: string]: unknown };
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly repeats: number;
  readonly counts: {
    readonly cases: number;
    readonly trials: number;
    /** Trials with a target error. */
    readonly errors: number;
    /** Scores that are grader errors, over every grader. */
    readonly graderErrors: number;
    readonly plannedTrials: number;
    /** Outputs served from the response cache (the target was not called for them). */
    readonly cached: number;
  };
  readonly graders: readonly GraderSummary[];
  readonly segments: readonly SegmentSummary[];
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly mean: number | null };
  /** Target tokens, plus `judge`: tokens spent by model-graded scores. */
  readonly tokens: { readonly input: number; readonly output: number; readonly total: number; readonly judge: number };
  /**
   * `usd` is known target plus judge spend; null when no cost is known at all. `unknownTrials`
   * and `unknownJudgeCalls` count what has no known price: `usd` is then a lower bound
   * (`complete` false), never a silent 0.
   */
  readonly cost: {
    readonly usd: number | null;
    readonly unknownTrials: number;
    readonly unknownJudgeCalls: number;
    readonly complete: boolean;
    readonly targetUsd: number | null;
    readonly judgeUsd: number | null;
  };
  /** Every registered run metric, keyed by id. */
  readonly metrics: { readonly [id: string]: MetricValue };
  /** Attack success per family and technique, when the run has attack cases (`metadata.attack`). */
  readonly redteam?: RedteamSummary;
  /** Pairwise judges: position consistency, tie share, and whether their verdicts can be trusted. */
  readonly pairwise?: readonly PairwiseGraderSummary[];
  readonly warnings: readonly string[];
}
