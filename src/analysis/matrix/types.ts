import type { Correction, DeltaEstimate, GraderKind, PairedTestName, Verdict } from '../compare/types.js';
import type { Estimate } from '../summary-types.js';

/** One run of an N-way comparison (a matrix cell, or a run named on the command line). */
export interface MatrixRun {
  readonly runId: string;
  /** The cell label, or the run id for a run that is not a cell. */
  readonly label: string;
  readonly eval: string;
  readonly datasetVersion: string;
  readonly cases: number;
  readonly errors: number;
  readonly baseline: boolean;
  readonly matrixId: string | null;
}

/** The omnibus test of one grader: do the runs differ at all? */
export interface MatrixOmnibus {
  readonly grader: string;
  readonly kind: GraderKind;
  /** Cochran's Q for pass/fail with one repeat; Friedman on per-case values otherwise. */
  readonly test: 'cochran-q' | 'friedman';
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
  /** Cases every run scored (the blocks of the test). */
  readonly n: number;
  /** Kendall's W (0: no difference between runs, 1: every case orders them the same way). */
  readonly effectSize: number;
  readonly significant: boolean;
  readonly reason?: string;
}

/** One paired comparison of two runs on one grader, corrected over the family of pairs. */
export interface MatrixPair {
  readonly grader: string;
  readonly kind: GraderKind;
  readonly baseline: string;
  readonly candidate: string;
  readonly baselineLabel: string;
  readonly candidateLabel: string;
  readonly baselineValue: Estimate;
  readonly candidateValue: Estimate;
  /** candidate − baseline on their shared cases (interval unadjusted, at 1 − α). */
  readonly delta: DeltaEstimate;
  readonly test: PairedTestName;
  readonly n: number;
  readonly pValue: number;
  /** Adjusted over this grader's family of pairs with `correction`. */
  readonly pAdjusted: number;
  /** After the correction: improved or regressed only when the adjusted p and the paired test agree. */
  readonly verdict: Verdict;
  readonly significant: boolean;
  readonly mde: number;
}

/** One segment of one grader across the runs, its tests corrected with BH over every segment test of every pair. */
export interface MatrixSegment {
  readonly field: string;
  readonly value: string;
  readonly grader: string;
  /** Paired cases of the segment (the smallest over its pairs). */
  readonly n: number;
  readonly values: readonly { readonly runId: string; readonly label: string; readonly value: number }[];
  /** The run with the highest observed value. */
  readonly leader: string;
  /**
   * The run that significantly beats the others after correction: with `pairs: all`, every
   * other run; with `pairs: baseline`, the only candidate to beat the baseline (or the
   * baseline when it beats every candidate). Null when none does.
   */
  readonly winner: string | null;
  readonly pairs: readonly {
    readonly baseline: string;
    readonly candidate: string;
    readonly delta: number;
    readonly pValue: number;
    readonly pAdjusted: number;
    readonly verdict: Verdict;
  }[];
}

export interface MatrixRankingEntry {
  readonly rank: number;
  readonly runId: string;
  readonly label: string;
  /** Pass rate (pass/fail graders) or mean score, with its interval, on the cases every run scored. */
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
  /** Runs this one significantly beats after correction (only among the pairs tested). */
  readonly beats: readonly string[];
}

export interface MatrixRanking {
  readonly grader: string;
  readonly kind: GraderKind;
  readonly entries: readonly MatrixRankingEntry[];
}

/** A case on which the runs disagree: its per-run values and their spread. */
export interface MatrixDisagreement {
  readonly caseId: string;
  readonly grader: string;
  readonly spread: number;
  readonly values: readonly { readonly runId: string; readonly value: number }[];
}

export interface MatrixComparison {
  readonly matrixId: string | null;
  readonly runs: readonly MatrixRun[];
  /** Cases every run holds. */
  readonly sharedCases: number;
  readonly alpha: number;
  readonly pairsMode: 'baseline' | 'all';
  /** Correction over each grader's family of pair tests. */
  readonly correction: Correction;
  /** Correction over every segment test of every pair and grader (one family). */
  readonly segmentCorrection: Correction;
  readonly seed: number;
  readonly omnibus: readonly MatrixOmnibus[];
  readonly pairs: readonly MatrixPair[];
  readonly segments: readonly MatrixSegment[];
  readonly ranking: readonly MatrixRanking[];
  /** Per grader, the cases with the largest spread between runs (at most 20 per grader). */
  readonly disagreements: readonly MatrixDisagreement[];
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}

export interface MatrixCompareOptions {
  readonly alpha?: number;
  /** `baseline` (default): every candidate against the baseline; `all`: every pair. */
  readonly pairs?: 'baseline' | 'all';
  /** Over the pair family; default `holm`. */
  readonly correction?: Correction;
  /** Over the segment family; default `bh`. */
  readonly segmentCorrection?: Correction;
  readonly seed?: number;
  /** Index of the baseline run (default 0). */
  readonly baseline?: number;
  /** Bootstrap resamples of each pair comparison (default 4000). */
  readonly bootstrapSamples?: number;
}
