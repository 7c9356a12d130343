import type { AttackComparison } from './redteam-compare.js';
import type { PassAtKComparison } from '../pass-at-k.js';
import type { Estimate } from '../summary-types.js';
import type { MdeMethod } from '../metrics/mde.js';

/**
 * `not-comparable`: fewer than two paired cases (nothing to test; never read as "no change").
 */
export type Verdict = 'improved' | 'regressed' | 'no-detectable-change' | 'inconclusive' | 'not-comparable';
export type Correction = 'bh' | 'holm' | 'by' | 'none';
export type GraderKind = 'binary' | 'continuous';

export interface SideEstimate extends Estimate {
  /** Cases behind the estimate (the paired cases this grader could be scored on). */
  readonly n: number;
}

export interface DeltaEstimate extends Estimate {
  readonly se?: number;
}

/** How the paired difference was tested. */
export type PairedTestName = 'mcnemar-exact-midp' | 'sign-flip-permutation';

export interface GraderComparison {
  readonly name: string;
  readonly kind: GraderKind;
  readonly baseline: SideEstimate;
  readonly candidate: SideEstimate;
  /** candidate − baseline on the paired cases. */
  readonly delta: DeltaEstimate;
  readonly test: PairedTestName;
  /** The headline p-value: McNemar mid-p, or the sign-flip permutation p. */
  readonly pValue: number;
  readonly verdict: Verdict;
  /** Minimum detectable effect (absolute, two-sided, 80% power) at the current number of cases. */
  readonly mde: number;
  /** The test the MDE is for: `mcnemar-midp` (one repeat of pass/fail, exact power) or `normal`. */
  readonly mdeMethod: MdeMethod;
  readonly discordant: { readonly baselineOnly: number; readonly candidateOnly: number };
  /** McNemar exact p (binary, one repeat). */
  readonly pExact?: number;
  /** Paired t p-value (repeats or continuous scores), given beside the permutation p. */
  readonly pPairedT?: number;
  /**
   * How the delta's interval was made: `tango-score` (pass/fail, one repeat), `bounded-score`
   * (per-case means), `paired-t` (from 5,000 pairs). `paired-bootstrap` is no longer produced.
   */
  readonly intervalMethod: 'paired-t' | 'paired-bootstrap' | 'tango-score' | 'bounded-score';
  /** Two-sided p of the score test the interval inverts, at Δ = 0; the verdict needs it ≤ α too. */
  readonly pScore?: number;
  /** The deciding test rejects and the interval excludes 0: the verdict is improved or regressed. */
  readonly significant?: boolean;
  readonly repeats: { readonly baseline: number; readonly candidate: number };
  /** Shared cases left out of this grader's pairing because a side had no usable score. */
  readonly excluded: { readonly errored: number; readonly pending: number };
  /** The gate margin this verdict was judged against, when one applies. */
  readonly margin?: number;
  /**
   * When cases carry unequal importance weights: the weighted paired difference with a t
   * interval on the Kish effective sample size (the tests above stay unweighted).
   */
  readonly weightedDelta?: DeltaEstimate & { readonly nEff: number };
  /** pass@k per k configured on the grader (`passAtK`), paired problem by problem. */
  readonly passAtK?: readonly PassAtKComparison[];
}

export interface SegmentComparison {
  /** `slice`, or a metadata field name. */
  readonly field: string;
  readonly value: string;
  readonly grader: string;
  readonly n: number;
  readonly delta: DeltaEstimate;
  readonly pValue: number;
  /** Adjusted across the whole family of segment tests (every field value × grader). */
  readonly pAdjusted: number;
  readonly verdict: Verdict;
  readonly baseline: { readonly value: number; readonly n: number };
  readonly candidate: { readonly value: number; readonly n: number };
  readonly mde: number;
  readonly mdeMethod: MdeMethod;
}

export interface FlipDetail {
  readonly caseId: string;
  readonly grader: string;
  readonly direction: 'regressed' | 'improved';
  readonly slice: string;
  readonly metadata: { readonly [field: string]: string | number | boolean | null };
}

export interface FlakyDetail {
  readonly caseId: string;
  readonly grader: string;
  readonly side: 'baseline' | 'candidate';
  /** Passes out of repeats. */
  readonly passes: number;
  readonly repeats: number;
}

export interface VarianceReport {
  readonly grader: string;
  readonly side: 'baseline' | 'candidate';
  readonly repeats: number;
  readonly withinVariance: number;
  readonly betweenVariance: number;
  /** Share of the variance of case means that is repeat noise (mean σ²/K over var(x̄)). */
  readonly noiseShare: number;
  readonly recommendation: string;
}

export interface ComparisonWarning {
  readonly code: string;
  readonly message: string;
}

export interface Comparison {
  readonly baseline: {
    readonly runId: string;
    readonly eval: string;
    readonly datasetVersion: string;
    readonly cases: number;
    readonly errors: number;
  };
  readonly candidate: {
    readonly runId: string;
    readonly eval: string;
    readonly datasetVersion: string;
    readonly cases: number;
    readonly errors: number;
  };
  readonly sharedCases: number;
  readonly onlyInBaseline: number;
  readonly onlyInCandidate: number;
  readonly onlyInBaselineIds: readonly string[];
  readonly onlyInCandidateIds: readonly string[];
  readonly alpha: number;
  readonly correction: Correction;
  readonly seed: number;
  readonly graders: readonly GraderComparison[];
  readonly segments: readonly SegmentComparison[];
  /** Number of segment tests adjusted together. */
  readonly segmentFamilySize: number;
  readonly flips: {
    readonly regressed: readonly string[];
    readonly improved: readonly string[];
    readonly details: readonly FlipDetail[];
  };
  readonly flaky: readonly string[];
  readonly flakyDetails: readonly FlakyDetail[];
  readonly variance: readonly VarianceReport[];
  /** Attack success rates, when the runs share attack cases (`metadata.attack`). */
  readonly redteam?: readonly AttackComparison[];
  readonly warnings: readonly ComparisonWarning[];
}

export interface CompareOptions {
  /** Significance level, default 0.05. */
  readonly alpha?: number;
  /** Multiple-comparison correction across segments, default `bh`. */
  readonly correction?: Correction;
  /** Seed for the permutation test and the bootstrap, default 1. */
  readonly seed?: number;
  /** Non-inferiority margin to judge `inconclusive` against; default: the candidate run's gates. */
  readonly gateMargin?: number;
  /** Bootstrap resamples, default 4000. */
  readonly bootstrapSamples?: number;
  /** Power used for the MDE, default 0.8. */
  readonly power?: number;
}
