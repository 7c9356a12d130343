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
  };
  readonly graders: readonly GraderSummary[];
  readonly segments: readonly SegmentSummary[];
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly mean: number | null };
  readonly tokens: { readonly input: number; readonly output: number; readonly total: number };
  /** `usd` is null when any trial's cost is unknown and none is known. */
  readonly cost: { readonly usd: number | null; readonly unknownTrials: number };
  readonly warnings: readonly string[];
}
