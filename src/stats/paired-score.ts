/**
 * Score tests and intervals for a paired difference Δ = E[d] of bounded per-case differences
 * d ∈ [−1, 1] (candidate − baseline), at any null value δ0, not only 0.
 *
 * Why a score test: the Wald/t statistic uses the observed variance, which is 0 (p = 0,
 * "proof") when every observed difference is equal, and far too small when discordant cases
 * are rare. A score test takes the variance from the distribution fitted *under the null*,
 * which can never be 0 away from the data.
 *
 * - Binary outcomes, one repeat (d ∈ {−1, 0, 1}): Tango's (1998) score test for paired
 *   proportions, with its closed-form restricted maximum-likelihood estimate.
 * - Any bounded d: the same construction as a nonparametric likelihood: the restricted MLE
 *   puts weights on the observed values plus the bounds −1 and +1 (values that were possible
 *   but not seen). On {−1, 0, 1} data it equals Tango's estimate exactly.
 */
import { normalQuantile, normalSf } from './distributions/normal.js';
import { assertCount, assertOpenUnit, fail, toFiniteArray } from './validation.js';

/** A one-sided score test of a paired difference against a bound. */
export interface PairedScoreTest {
  /** The observed mean difference. */
  readonly delta: number;
  readonly statistic: number;
  /** One-sided p-value for H1: Δ > δ0. */
  readonly pvalue: number;
  readonly n: number;
  readonly reason?: string;
}

/** An interval for the paired difference that inverts a two-sided score test. */
export interface PairedScoreInterval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
  readonly reason?: string;
}

/**
 * Tango's score statistic for H0: p01 − p10 = δ0 on n pairs, with `candidateOnly` = #(baseline
 * fails, candidate passes) and `baselineOnly` the other discordant count. `cc` is a continuity
 * correction on the count scale, subtracted from the numerator.
 */
export function tangoScoreStatistic(
  candidateOnly: number,
  baselineOnly: number,
  n: number,
  delta0: number,
  cc = 0,
): number {
  const n12 = candidateOnly;
  const n21 = baselineOnly;
  const w = -n12 - n21 + (2 * n - n12 + n21) * delta0;
  // Restricted MLE of p10 (the baseline-only share) under the null: the root of
  // 2n·q² + W·q − n21·δ0(1 − δ0) = 0 that keeps p01 = q + δ0 ≥ 0.
  const q = (-w + Math.sqrt(Math.max(0, w * w + 8 * n * n21 * delta0 * (1 - delta0)))) / (4 * n);
  const v = n * (2 * q + delta0 * (1 - delta0));
  const num = n12 - n21 - n * delta0 - cc;
  if (!(v > 0)) return num === 0 ? 0 : num > 0 ? Infinity : -Infinity;
  return num / Math.sqrt(v);
}

function checkPairCounts(fn: string, candidateOnly: number, baselineOnly: number, n: number): void {
  assertCount(fn, 'candidateOnly', candidateOnly);
  assertCount(fn, 'baselineOnly', baselineOnly);
  assertCount(fn, 'n', n);
  if (candidateOnly + baselineOnly > n) {
    fail(fn, `discordant pairs (${candidateOnly + baselineOnly}) exceed the ${n} pairs`);
  }
}

/**
 * Non-inferiority of paired proportions: H0 Δ ≤ −margin against H1 Δ > −margin, Tango's
 * score test with a continuity correction of ½ (count scale). Computed exactly over the
 * nuisance discordance rate, its size stays at or below α (see the tests and docs/metrics.md),
 * which the uncorrected statistic does not (up to 6.9% at α = 5%).
 */
export function tangoNonInferiorityTest(
  candidateOnly: number,
  baselineOnly: number,
  n: number,
  margin: number,
): PairedScoreTest {
  const fn = 'tangoNonInferiorityTest';
  checkPairCounts(fn, candidateOnly, baselineOnly, n);
  if (!(margin >= 0 && margin < 1)) fail(fn, `margin must be in [0, 1), got ${margin}`);
  if (n === 0) return { delta: NaN, statistic: NaN, pvalue: 1, n, reason: 'no pairs: nothing can be shown (p = 1)' };
  const z = tangoScoreStatistic(candidateOnly, baselineOnly, n, -margin, 0.5);
  return { delta: (candidateOnly - baselineOnly) / n, statistic: z, pvalue: normalSf(z), n };
}

/** Tango's score interval for Δ = p01 − p10 (two-sided, no correction); never zero width for n ≥ 1. */
export function tangoScoreInterval(
  candidateOnly: number,
  baselineOnly: number,
  n: number,
  alpha = 0.05,
): PairedScoreInterval {
  const fn = 'tangoScoreInterval';
  checkPairCounts(fn, candidateOnly, baselineOnly, n);
  assertOpenUnit(fn, 'alpha', alpha);
  if (n === 0) return { value: NaN, lower: -1, upper: 1, n, reason: 'no pairs: vacuous interval' };
  const z = normalQuantile(1 - alpha / 2);
  const value = (candidateOnly - baselineOnly) / n;
  const stat = (d0: number) => tangoScoreStatistic(candidateOnly, baselineOnly, n, d0);
  return { value, ...invert(stat, value, z), n };
}

/**
 * The statistic is decreasing in δ0; the interval is {δ0 : −crit < Z(δ0) < crit}, found by
 * bisection on each side of the estimate and kept inside [−1, 1].
 */
function invert(stat: (d0: number) => number, value: number, crit: number): { lower: number; upper: number } {
  const lo = -1 + 1e-12;
  const hi = 1 - 1e-12;
  const start = Math.min(hi, Math.max(lo, value));
  const lower = stat(lo) <= crit ? -1 : bisect((x) => stat(x) - crit, lo, start);
  const upper = stat(hi) >= -crit ? 1 : bisect((x) => stat(x) + crit, start, hi);
  return { lower, upper };
}

/** Root of a decreasing function with f(a) > 0 ≥ f(b). */
function bisect(f: (x: number) => number, a: number, b: number): number {
  let x0 = a;
  let x1 = b;
  for (let i = 0; i < 200 && x1 - x0 > 1e-13; i++) {
    const mid = (x0 + x1) / 2;
    if (f(mid) > 0) x0 = mid;
    else x1 = mid;
  }
  return (x0 + x1) / 2;
}

/** Distinct values of d with their counts: the restricted MLE only depends on these. */
interface Grouped {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  readonly n: number;
  readonly mean: number;
}

function group(fn: string, differences: ArrayLike<number>): Grouped {
  const d = toFiniteArray(fn, 'differences', differences);
  const counts = new Map<number, number>();
  let sum = 0;
  for (const x of d) {
    if (x < -1 - 1e-12 || x > 1 + 1e-12) fail(fn, `differences must lie in [−1, 1] (scores in [0, 1]), got ${x}`);
    // Differences of scores in [0, 1] below 1e-12 are rounding noise, not evidence.
    const v = Math.abs(x) < 1e-12 ? 0 : Math.max(-1, Math.min(1, x));
    counts.set(v, (counts.get(v) ?? 0) + 1);
    sum += v;
  }
  const keys = [...counts.keys()];
  const values = Float64Array.from(keys);
  return { values, counts: Float64Array.from(keys.map((k) => counts.get(k)!)), n: d.length, mean: sum / d.length };
}

/**
 * Restricted MLE variance of d under H0: E[d] = μ0, with the support the observed values plus
 * the bounds ±1 (Owen's empirical likelihood, weights n_v/(n(1 + λ(v − μ0)))). When the
 * constraint cannot be met on the observed values, the Lagrange multiplier stops where a bound
 * takes the remaining mass, as Tango's estimate does for an empty discordant cell.
 */
function restrictedVariance(g: Grouped, mu0: number): number {
  const { values, counts, n } = g;
  const gAt = (lambda: number) => {
    let s = 0;
    for (let k = 0; k < values.length; k++) {
      const u = values[k] - mu0;
      s += (counts[k] * u) / (1 + lambda * u);
    }
    return s;
  };
  const lamMax = 1 / (mu0 + 1); // a point mass at −1 becomes feasible
  const lamMin = -1 / (1 - mu0); // a point mass at +1 becomes feasible
  const eps = 1e-12;
  let lambda: number;
  const gHi = gAt(lamMax * (1 - eps));
  const gLo = gAt(lamMin * (1 - eps));
  if (gHi >= 0) lambda = lamMax;
  else if (gLo <= 0) lambda = lamMin;
  else {
    let a = lamMin * (1 - eps);
    let b = lamMax * (1 - eps);
    for (let i = 0; i < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a), Math.abs(b)); i++) {
      const mid = (a + b) / 2;
      if (gAt(mid) > 0) a = mid;
      else b = mid;
    }
    lambda = (a + b) / 2;
  }
  let mass = 0;
  let second = 0;
  for (let k = 0; k < values.length; k++) {
    const denom = 1 + lambda * (values[k] - mu0);
    if (!(denom > 0)) continue; // an observed bound coinciding with the stopping point
    const w = counts[k] / (n * denom);
    mass += w;
    second += w * values[k] * values[k];
  }
  // The remaining mass sits on the bound that stopped the multiplier (value² = 1).
  second += Math.max(0, 1 - mass);
  return Math.max(0, second - mu0 * mu0);
}

/** Score statistic (d̄ − μ0 − cc/n)/sqrt(V0/n) with V0 the restricted variance. */
function boundedStatistic(g: Grouped, mu0: number, cc: number): number {
  const v0 = restrictedVariance(g, mu0);
  const num = g.mean - mu0 - cc / g.n;
  if (!(v0 > 0)) return num === 0 ? 0 : num > 0 ? Infinity : -Infinity;
  return num / Math.sqrt(v0 / g.n);
}

/**
 * Non-inferiority for bounded per-case differences (repeat-averaged pass shares, scores in
 * [0, 1]): H0 Δ ≤ −margin vs H1 Δ > −margin, score statistic with the restricted variance
 * and a ½-case continuity correction, referred to the normal distribution. On {−1, 0, 1}
 * data it is exactly {@link tangoNonInferiorityTest}.
 */
export function boundedNonInferiorityTest(differences: ArrayLike<number>, margin: number): PairedScoreTest {
  const fn = 'boundedNonInferiorityTest';
  if (!(margin >= 0 && margin < 1)) fail(fn, `margin must be in [0, 1), got ${margin}`);
  if (differences.length === 0) {
    return { delta: NaN, statistic: NaN, pvalue: 1, n: 0, reason: 'no pairs: nothing can be shown (p = 1)' };
  }
  const g = group(fn, differences);
  const z = boundedStatistic(g, -margin, 0.5);
  const pvalue = g.n < 2 ? 1 : upperTail(z);
  const reason = g.n < 2 ? { reason: 'one pair: nothing can be shown (p = 1)' } : {};
  return { delta: g.mean, statistic: z, pvalue, n: g.n, ...reason };
}

/**
 * Two-sided interval for Δ from bounded per-case differences: the score interval with the
 * restricted variance, critical value z_{1−α/2} (n ≥ 2). Bounded in [−1, 1]; never zero
 * width, also when every observed difference is equal. On {−1, 0, 1} data it is Tango's interval.
 */
export function boundedScoreInterval(differences: ArrayLike<number>, alpha = 0.05): PairedScoreInterval {
  const fn = 'boundedScoreInterval';
  assertOpenUnit(fn, 'alpha', alpha);
  if (differences.length < 2) {
    const value = differences.length === 1 ? Math.max(-1, Math.min(1, differences[0])) : NaN;
    return { value, lower: -1, upper: 1, n: differences.length, reason: 'fewer than 2 pairs: vacuous interval' };
  }
  const g = group(fn, differences);
  const crit = normalQuantile(1 - alpha / 2);
  return { value: g.mean, ...invert((d0) => boundedStatistic(g, d0, 0), g.mean, crit), n: g.n };
}

/** One-sided upper tail of Student t, exact at ±∞. */
/**
 * Two-sided p of the score test of H0: Δ = μ0 behind {@link boundedScoreInterval}: μ0 lies
 * outside that interval exactly when this p is ≤ its α. Fewer than 2 pairs → 1.
 */
export function boundedScorePValue(differences: ArrayLike<number>, mu0 = 0): number {
  const fn = 'boundedScorePValue';
  if (!(mu0 > -1 && mu0 < 1)) fail(fn, `mu0 must lie in (−1, 1), got ${mu0}`);
  if (differences.length < 2) return 1;
  const g = group(fn, differences);
  const z = boundedStatistic(g, mu0, 0);
  if (Number.isNaN(z)) return 1;
  return Math.min(1, 2 * upperTail(Math.abs(z)));
}

/** One-sided upper normal tail, exact at ±∞. */
function upperTail(z: number): number {
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  return normalSf(z);
}
