import {
  mcnemar, pairedBootstrapInterval, pairedTTest, signFlipPermutationTest, tIntervalMean, variance,
} from '../../stats/index.js';
import { detectableEffect } from '../metrics/mde.js';
import { meanInterval, rateInterval, type Estimate } from '../metrics/rate-interval.js';
import type { DeltaEstimate, GraderKind, PairedTestName, SideEstimate, Verdict } from './types.js';

/** Per-case values of the same cases on both sides (same order). */
export interface PairedValues {
  readonly baseline: readonly number[];
  readonly candidate: readonly number[];
  /**
   * Each side's estimate on the paired cases, from the metric registry's estimator (the
   * summary's). Without it, the estimate is made from the per-case values above.
   */
  readonly sides?: { readonly baseline: Estimate; readonly candidate: Estimate };
}

export interface PairedOptions {
  readonly kind: GraderKind;
  /** True when both sides ran one repeat and the grader is pass/fail: McNemar applies. */
  readonly singleBinary: boolean;
  readonly alpha: number;
  readonly power: number;
  readonly seed: number;
  readonly bootstrapSamples: number;
  /** A gate's non-inferiority margin: verdicts are `inconclusive` when it is below the MDE. */
  readonly margin?: number;
}

export interface PairedResult {
  readonly baseline: SideEstimate;
  readonly candidate: SideEstimate;
  readonly delta: DeltaEstimate;
  readonly test: PairedTestName;
  readonly pValue: number;
  readonly pExact?: number;
  readonly pPairedT?: number;
  readonly intervalMethod: 'paired-t' | 'paired-bootstrap';
  readonly mde: number;
  readonly verdict: Verdict;
  readonly discordant: { readonly baselineOnly: number; readonly candidateOnly: number };
}

/**
 * The paired comparison of one grader on the cases both runs scored. Pass/fail with one
 * repeat: exact McNemar (mid-p headline) and a paired-t interval on d ∈ {−1, 0, 1}.
 * Otherwise per-case means: sign-flip permutation p (paired t beside it) and a paired
 * bootstrap interval. The MDE is the Miller normal-approximation MDE at this n.
 */
export function comparePaired(values: PairedValues, options: PairedOptions): PairedResult {
  const a = values.baseline;
  const b = values.candidate;
  const n = a.length;
  const d = b.map((x, i) => x - a[i]);
  let baselineOnly = 0;
  let candidateOnly = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] > b[i]) baselineOnly += 1;
    else if (b[i] > a[i]) candidateOnly += 1;
  }
  const mde = mdeAt(d, options);
  const sides = values.sides ?? {
    baseline: sideOf(a, options.kind, options.alpha),
    candidate: sideOf(b, options.kind, options.alpha),
  };
  if (options.singleBinary) {
    const test = mcnemar(baselineOnly, candidateOnly);
    const delta = n >= 2 ? tIntervalMean(d, options.alpha) : { value: n === 1 ? d[0] : Number.NaN, lower: Number.NaN, upper: Number.NaN, se: Number.NaN };
    return {
      baseline: { ...side(n === 0 ? undefined : sides.baseline), n },
      candidate: { ...side(n === 0 ? undefined : sides.candidate), n },
      delta: { value: delta.value, lower: clampDiff(delta.lower), upper: clampDiff(delta.upper), se: delta.se },
      test: 'mcnemar-exact-midp',
      pValue: test.pMidP,
      pExact: test.pExact,
      intervalMethod: 'paired-t',
      mde,
      verdict: verdictOf(delta.value, test.pMidP, mde, options),
      discordant: { baselineOnly, candidateOnly },
    };
  }
  // From LARGE_N pairs the sign-flip null is taken as its normal limit and the interval as
  // paired t: at that size both agree with their resampled versions to well within the
  // Monte Carlo error, and they cost O(n) instead of O(n·B) (a 100,000-case comparison with
  // every segment drops from ~10 s to well under one).
  const large = n >= LARGE_N;
  const perm = n === 0 ? { pvalue: Number.NaN } : signFlipPermutationTest(d, { seed: options.seed, normalAbove: LARGE_N - 1 });
  const t = n >= 2 ? pairedTTest(b, a, { alpha: options.alpha }) : undefined;
  const interval = large && t
    ? { value: t.meanDiff, lower: t.lower, upper: t.upper, se: t.se }
    : pairedBootstrapInterval(b, a, { seed: options.seed, samples: options.bootstrapSamples, alpha: options.alpha });
  return {
    baseline: { ...side(n === 0 ? undefined : sides.baseline), n },
    candidate: { ...side(n === 0 ? undefined : sides.candidate), n },
    delta: { value: interval.value, lower: interval.lower, upper: interval.upper, se: interval.se },
    test: 'sign-flip-permutation',
    pValue: perm.pvalue,
    ...(t && { pPairedT: t.pvalue }),
    intervalMethod: large ? 'paired-t' : 'paired-bootstrap',
    mde,
    verdict: verdictOf(interval.value, perm.pvalue, mde, options),
    discordant: { baselineOnly, candidateOnly },
  };
}

/** Pairs from which the normal limits replace resampling (see `comparePaired`). */
export const LARGE_N = 5_000;

function mdeAt(d: readonly number[], options: PairedOptions): number {
  // With no disagreement at all the sample variance is 0 and the MDE would read as 0;
  // for pass/fail data one discordant case's worth of variance (1/n) is the honest floor.
  if (d.length < 2) return Number.NaN;
  return detectableEffect({ variance: variance(d), n: d.length, alpha: options.alpha, power: options.power, binary: options.kind === 'binary' });
}

/** A side's estimate from per-case values: the registry's rate or mean-score estimator, unweighted. */
function sideOf(xs: readonly number[], kind: GraderKind, alpha: number): Estimate {
  if (kind === 'continuous') return meanInterval(xs, xs.map(() => 1), alpha);
  const r = rateInterval(xs.map((x) => ({ passes: x, graded: 1, weight: 1 })), alpha);
  return { value: r.value, lower: r.lower, upper: r.upper };
}

/** improved / regressed when significant; else inconclusive if a gate's margin is below the MDE. */
export function verdictOf(delta: number, p: number, mde: number, options: { alpha: number; margin?: number }): Verdict {
  if (Number.isFinite(p) && p <= options.alpha && delta !== 0 && Number.isFinite(delta)) return delta > 0 ? 'improved' : 'regressed';
  if (options.margin !== undefined && !(options.margin >= mde)) return 'inconclusive';
  return 'no-detectable-change';
}

/** A difference of two shares cannot leave [−1, 1]; the t interval on small n can, so it is clamped. */
function clampDiff(x: number): number {
  return Number.isNaN(x) ? x : Math.max(-1, Math.min(1, x));
}

function side(e: { value: number; lower: number; upper: number } | undefined): { value: number; lower: number; upper: number } {
  return e ? { value: e.value, lower: e.lower, upper: e.upper } : { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
}
