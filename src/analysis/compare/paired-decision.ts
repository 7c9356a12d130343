import {
  boundedScoreInterval,
  boundedScorePValue,
  mcnemar,
  normalSf,
  pairedTTest,
  signFlipPermutationTest,
  tangoScoreInterval,
  variance,
} from '../../stats/index.js';

/** How the interval of a paired difference was made (see docs/metrics.md). */
export type DeltaIntervalMethod = 'tango-score' | 'bounded-score' | 'paired-t';

/** The test that decides a paired comparison, with the interval that agrees with it. */
export interface PairedDecision {
  readonly delta: { readonly value: number; readonly lower: number; readonly upper: number };
  readonly intervalMethod: DeltaIntervalMethod;
  /** The headline p-value: McNemar mid-p, or the sign-flip permutation p (two-sided). */
  readonly pValue: number;
  readonly pExact?: number;
  readonly pPairedT?: number;
  /** Two-sided p of the score test at Δ = 0 (the test the interval inverts). */
  readonly pScore: number;
  /** Significant at α: the deciding test rejects *and* the interval excludes 0. */
  readonly significant: boolean;
}

/**
 * Pass/fail outcomes with one repeat. Verdict: two-sided McNemar mid-p. Interval: Tango's
 * score interval, which inverts the score test (at Δ = 0 the uncorrected McNemar z). Mid-p
 * rejection implies score rejection (checked for every discordant count up to 3000), so the
 * rule "significant = mid-p ≤ α and the interval excludes 0" is the mid-p test; when mid-p does
 * not reject and the score interval misses 0 by a hair, the interval is extended to 0 so the
 * two never contradict (it only gets wider, so coverage cannot drop).
 */
export function decideBinary(candidateOnly: number, baselineOnly: number, n: number, alpha: number): PairedDecision {
  const test = mcnemar(baselineOnly, candidateOnly);
  const ci = tangoScoreInterval(candidateOnly, baselineOnly, n, alpha);
  const m = candidateOnly + baselineOnly;
  const z = m === 0 ? 0 : (candidateOnly - baselineOnly) / Math.sqrt(m);
  const pScore = m === 0 ? 1 : 2 * normalSf(Math.abs(z));
  return agree({ value: ci.value, lower: ci.lower, upper: ci.upper }, test.pMidP, pScore, alpha, {
    intervalMethod: 'tango-score',
    pExact: test.pExact,
  });
}

/**
 * Per-case means (repeats, or continuous scores) in [0, 1]. Verdict: sign-flip permutation
 * test of d = candidate − baseline (normal limit from `largeN` pairs). Interval:
 * - pass shares with repeats: the score interval with the restricted variance
 *   (stats/paired-score.ts), whose support includes the possible extremes ±1 as Tango's does;
 * - continuous scores with spread: the paired t interval (the restricted variance is needlessly
 *   wide when the differences lie far inside [−1, 1]);
 * - equal differences (no spread): the score interval, never zero-width.
 * Significant only when the permutation test rejects and the interval excludes 0; when the
 * test does not reject, the interval is extended to reach 0.
 */
export function decideScores(
  baseline: readonly number[],
  candidate: readonly number[],
  options: { alpha: number; seed: number; largeN: number; kind: 'binary' | 'continuous' },
): PairedDecision {
  const n = baseline.length;
  const d = candidate.map((x, i) => x - baseline[i]);
  const perm = signFlipPermutationTest(d, { seed: options.seed, normalAbove: options.largeN - 1 });
  const t = n >= 2 ? pairedTTest(candidate, baseline, { alpha: options.alpha }) : undefined;
  const spread = n >= 2 && variance(d) > 0;
  const useT = t !== undefined && spread && (options.kind === 'continuous' || n >= options.largeN);
  const ci = useT
    ? { value: t.meanDiff, lower: Math.max(-1, t.lower), upper: Math.min(1, t.upper) }
    : boundedScoreInterval(d, options.alpha);
  const pScore = useT ? t.pvalue : boundedScorePValue(d);
  return agree({ value: ci.value, lower: ci.lower, upper: ci.upper }, perm.pvalue, pScore, options.alpha, {
    intervalMethod: useT ? 'paired-t' : 'bounded-score',
    ...(t && { pPairedT: t.pvalue }),
  });
}

function agree(
  ci: PairedDecision['delta'],
  p: number,
  pScore: number,
  alpha: number,
  extra: { intervalMethod: DeltaIntervalMethod; pExact?: number; pPairedT?: number },
): PairedDecision {
  const excludesZero = ci.lower > 0 || ci.upper < 0;
  const significant = Number.isFinite(p) && p <= alpha && excludesZero;
  const delta = significant ? ci : { value: ci.value, lower: Math.min(ci.lower, 0), upper: Math.max(ci.upper, 0) };
  return { delta, pValue: p, pScore, significant, ...extra };
}
