import { variance } from '../../stats/index.js';
import { detectableEffect, pairedBinaryMde, type Mde, type MdeMethod } from '../metrics/mde.js';
import { meanInterval, rateInterval, type Estimate } from '../metrics/rate-interval.js';
import { decideBinary, decideScores, type DeltaIntervalMethod, type PairedDecision } from './paired-decision.js';
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
  /** Two-sided p of the score test the interval inverts, at Δ = 0. */
  readonly pScore: number;
  readonly intervalMethod: DeltaIntervalMethod;
  readonly mde: number;
  /** The test the MDE is for: the one that decides (`mcnemar-midp` for one repeat of pass/fail). */
  readonly mdeMethod: MdeMethod;
  readonly verdict: Verdict;
  /** The deciding test rejects and the interval excludes 0 (before any segment adjustment). */
  readonly significant: boolean;
  readonly discordant: { readonly baselineOnly: number; readonly candidateOnly: number };
}

/**
 * The paired comparison of one grader on the cases both runs scored. Pass/fail with one
 * repeat: McNemar mid-p decides, Tango's score interval. Otherwise per-case means: the
 * sign-flip permutation test decides (paired t beside it); the interval is the bounded score
 * interval for pass shares and paired t for continuous scores with spread. The interval and
 * the verdict never contradict (see `paired-decision.ts`). Fewer than two paired cases:
 * `not-comparable`. The MDE is the one MDE (`metrics/mde.ts`) at this n.
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
  const { value: mde, method: mdeMethod } = mdeAt(d, baselineOnly + candidateOnly, options);
  const sides = values.sides ?? {
    baseline: sideOf(a, options.kind, options.alpha),
    candidate: sideOf(b, options.kind, options.alpha),
  };
  const decision: PairedDecision = options.singleBinary
    ? decideBinary(candidateOnly, baselineOnly, n, options.alpha)
    : decideScores(a, b, { alpha: options.alpha, seed: options.seed, largeN: LARGE_N, kind: options.kind });
  return {
    baseline: { ...side(n === 0 ? undefined : sides.baseline), n },
    candidate: { ...side(n === 0 ? undefined : sides.candidate), n },
    delta: { ...decision.delta, se: n >= 2 ? Math.sqrt(variance(d) / n) : Number.NaN },
    test: options.singleBinary ? 'mcnemar-exact-midp' : 'sign-flip-permutation',
    pValue: decision.pValue,
    ...(decision.pExact !== undefined && { pExact: decision.pExact }),
    ...(decision.pPairedT !== undefined && { pPairedT: decision.pPairedT }),
    pScore: decision.pScore,
    intervalMethod: decision.intervalMethod,
    mde,
    mdeMethod,
    verdict: pairedVerdict(n, decision.significant, decision.delta.value, mde, options),
    significant: n >= 2 && decision.significant,
    discordant: { baselineOnly, candidateOnly },
  };
}

/** Pairs from which the permutation test takes its normal limit and the interval is paired t. */
export const LARGE_N = 5_000;

function mdeAt(d: readonly number[], discordant: number, options: PairedOptions): Mde {
  const n = d.length;
  if (options.singleBinary) {
    // The test that decides is mid-p McNemar: its exact MDE at the observed discordance
    // (floored at one discordant case, so no disagreement does not read as an MDE of 0).
    const value = pairedBinaryMde({
      n,
      discordance: n > 0 ? discordant / n : Number.NaN,
      alpha: options.alpha,
      power: options.power,
    });
    return { value, method: 'mcnemar-midp' };
  }
  // Per-case means: the variance of the differences; for pass shares floored at one
  // discordant case's worth (1/n), as a sample variance of 0 would read as an MDE of 0.
  if (n < 2) return { value: Number.NaN, method: 'normal' };
  const value = detectableEffect({
    variance: variance(d),
    n,
    alpha: options.alpha,
    power: options.power,
    binary: options.kind === 'binary',
  });
  return { value, method: 'normal' };
}

/** A side's estimate from per-case values: the registry's rate or mean-score estimator, unweighted. */
function sideOf(xs: readonly number[], kind: GraderKind, alpha: number): Estimate {
  if (kind === 'continuous')
    return meanInterval(
      xs,
      xs.map(() => 1),
      alpha,
    );
  const r = rateInterval(
    xs.map((x) => ({ passes: x, graded: 1, weight: 1 })),
    alpha,
  );
  return { value: r.value, lower: r.lower, upper: r.upper };
}

/**
 * `not-comparable` below two paired cases; improved / regressed when significant; else
 * inconclusive if a gate's margin is below the MDE, otherwise no detectable change.
 */
export function pairedVerdict(
  n: number,
  significant: boolean,
  delta: number,
  mde: number,
  options: { margin?: number },
): Verdict {
  if (n < 2) return 'not-comparable';
  if (significant && Number.isFinite(delta) && delta !== 0) return delta > 0 ? 'improved' : 'regressed';
  if (options.margin !== undefined && !(options.margin >= mde)) return 'inconclusive';
  return 'no-detectable-change';
}

/** The verdict of a segment: its adjusted p and its own (unadjusted) test must both reject. */
export function verdictOf(
  delta: number,
  p: number,
  mde: number,
  options: { alpha: number; n: number; significant: boolean },
): Verdict {
  const significant = options.significant && Number.isFinite(p) && p <= options.alpha;
  return pairedVerdict(options.n, significant, delta, mde, {});
}

function side(e: { value: number; lower: number; upper: number } | undefined): {
  value: number;
  lower: number;
  upper: number;
} {
  return e
    ? { value: e.value, lower: e.lower, upper: e.upper }
    : { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };
}
