import type { RunStatus } from '../core/types.js';

export interface Estimate {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

export interface GraderSummary {
  readonly name: string;
  /** Share of graded (non-error, non-pending) units that passed, Wilson 95% interval. */
  readonly passRate: Estimate;
  /** Mean score with a t interval (case means as the unit when there are repeats). */
  readonly mean: Estimate;
  /** Units behind the estimate: cases (per-case means) — trials only when repeats = 1. */
  readonly n: number;
  /** Trials whose score for this grader is an error (grader error or target error). */
  readonly errors: number;
  readonly pending: number;
  /** Kish effective sample size when cases carry unequal weights; equals n otherwise. */
  readonly nEff: number;
  readonly weighted: boolean;
  /**
   * Minimum detectable effect: the smallest change in pass rate (absolute) that a paired
   * comparison over these cases would detect with 80% power at α = 0.05, taking the two
   * runs' outcomes as independent given the rate (correlated runs detect smaller changes).
   */
  readonly mde: number;
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
}

export interface RunSummary {
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
    readonly errors: number;
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
   * `usd` is target plus judge spend; null when no cost is known at all. `unknownTrials`
   * counts trials whose target price is unknown.
   */
  readonly cost: { readonly usd: number | null; readonly unknownTrials: number; readonly targetUsd: number | null; readonly judgeUsd: number | null };
  readonly warnings: readonly string[];
}
