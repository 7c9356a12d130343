/**
 * Intervals for a proportion (spec §3.1): Wilson (the default headline interval for 0/1
 * metrics) and Clopper–Pearson (the exact, conservative option), plus a Kish-weighted
 * Wilson interval for weighted accuracy.
 *
 * Why Wilson by default: the Wald interval p̂ ± z·SE collapses to [0, 0] at x = 0 and
 * undercovers for small n, which is exactly where eval sets live.
 */
import { inverseRegularizedBeta } from './distributions/beta.js';
import { normalQuantile } from './distributions/normal.js';
import { effectiveSampleSize, weightedMean } from './descriptive.js';
import { assertCount, assertOpenUnit, fail, toFiniteArray } from './validation.js';

/** A proportion with its interval. */
export interface ProportionInterval {
  /** x/n (NaN when n = 0). */
  value: number;
  lower: number;
  upper: number;
  reason?: string;
}

function checkCounts(fn: string, successes: number, n: number, alpha: number): void {
  assertCount(fn, 'n', n);
  assertCount(fn, 'successes', successes);
  if (successes > n) fail(fn, `successes must be ≤ n, got successes = ${successes} > n = ${n}; count each item once`);
  assertOpenUnit(fn, 'alpha', alpha);
}

/** Wilson score interval from a proportion p and a (possibly fractional) sample size n > 0. */
function wilsonFromProportion(p: number, n: number, alpha: number): { lower: number; upper: number } {
  const z = normalQuantile(1 - alpha / 2);
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact endpoints at p = 0 and p = 1 (the formula gives them up to rounding).
  const lower = p <= 0 ? 0 : Math.max(0, center - half);
  const upper = p >= 1 ? 1 : Math.min(1, center + half);
  return { lower, upper };
}

/**
 * Wilson score interval at a proportion `p` with a (possibly fractional) effective sample size
 * `n` > 0, e.g. a design-effect–adjusted n for clustered or weighted data.
 */
export function wilsonIntervalFromRate(p: number, n: number, alpha = 0.05): ProportionInterval {
  assertOpenUnit('wilsonIntervalFromRate', 'alpha', alpha);
  if (!(n > 0) || !(p >= 0 && p <= 1))
    return { value: p, lower: 0, upper: 1, reason: 'no effective sample: vacuous interval' };
  return { value: p, ...wilsonFromProportion(p, n, alpha) };
}

/** Wilson score interval for `successes` of `n`. n = 0 → value NaN, interval [0, 1]. */
export function wilsonInterval(successes: number, n: number, alpha = 0.05): ProportionInterval {
  checkCounts('wilsonInterval', successes, n, alpha);
  if (n === 0) return { value: NaN, lower: 0, upper: 1, reason: 'n = 0: no information, vacuous interval' };
  const p = successes / n;
  return { value: p, ...wilsonFromProportion(p, n, alpha) };
}

/**
 * Clopper–Pearson ("exact") interval: Beta quantiles, with closed forms at x = 0 and x = n.
 * It is conservative (coverage ≥ 1 − α); prefer Wilson for headline numbers.
 */
export function clopperPearsonInterval(successes: number, n: number, alpha = 0.05): ProportionInterval {
  checkCounts('clopperPearsonInterval', successes, n, alpha);
  if (n === 0) return { value: NaN, lower: 0, upper: 1, reason: 'n = 0: no information, vacuous interval' };
  const x = successes;
  const lower = x === 0 ? 0 : x === n ? Math.pow(alpha / 2, 1 / n) : inverseRegularizedBeta(alpha / 2, x, n - x + 1);
  const upper =
    x === n ? 1 : x === 0 ? 1 - Math.pow(alpha / 2, 1 / n) : inverseRegularizedBeta(1 - alpha / 2, x + 1, n - x);
  return { value: x / n, lower, upper };
}

/**
 * One-sided exact (Clopper–Pearson) lower confidence bound for a proportion at `confidence`
 * (e.g. 0.975): L = BetaInv(1 − confidence; x, n − x + 1), 0 at x = 0, (1 − confidence)^{1/n}
 * at x = n. For integer counts, L ≥ p₀ exactly when the one-sided binomial test of
 * H0: p ≤ p₀ rejects at 1 − confidence (P(X ≥ x | p₀) ≤ 1 − confidence), so a bar read off it
 * passes at the boundary at most 1 − confidence of the time, whatever n.
 *
 * `successes` and `n` may be fractional: an effective count p̂·n_eff and effective sample size
 * for clustered or weighted data (the Korn–Graubard form of the Clopper–Pearson bound).
 *
 * @example
 * clopperPearsonLowerBound(27, 30, 0.975); // 0.7347…, the 97.5% lower bound for 27 of 30
 */
export function clopperPearsonLowerBound(successes: number, n: number, confidence = 0.975): number {
  const fn = 'clopperPearsonLowerBound';
  assertOpenUnit(fn, 'confidence', confidence);
  if (!(Number.isFinite(n) && n >= 0)) fail(fn, `n must be a finite number ≥ 0, got ${n}`);
  if (!(Number.isFinite(successes) && successes >= 0 && successes <= n * (1 + 1e-12))) {
    fail(fn, `successes must be in [0, n], got successes = ${successes} with n = ${n}`);
  }
  if (n === 0 || successes <= 0) return 0;
  const tail = 1 - confidence;
  const x = Math.min(successes, n);
  if (x >= n) return Math.pow(tail, 1 / n);
  return inverseRegularizedBeta(tail, x, n - x + 1);
}

/** A weighted proportion with a Wilson interval on the Kish effective sample size. */
export interface WeightedProportionInterval {
  value: number;
  lower: number;
  upper: number;
  se: number;
  nEff: number;
  reason?: string;
}

/**
 * Weighted proportion: p = Σw·v/Σw over values in [0, 1], interval = Wilson with n = n_eff.
 * Why Kish: unequal weights carry less information than n equal ones; n_eff = (Σw)²/Σw².
 */
export function weightedProportionInterval(
  values01: ArrayLike<number>,
  weights: ArrayLike<number>,
  alpha = 0.05,
): WeightedProportionInterval {
  const fn = 'weightedProportionInterval';
  assertOpenUnit(fn, 'alpha', alpha);
  const v = toFiniteArray(fn, 'values01', values01);
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0 || v[i] > 1)
      fail(fn, `values01[${i}] must be in [0, 1], got ${v[i]}; use weightedMeanInterval for unbounded scores`);
  }
  const nEff = effectiveSampleSize(weights);
  const p = weightedMean(v, weights);
  if (!(nEff > 0) || Number.isNaN(p)) {
    return {
      value: NaN,
      lower: 0,
      upper: 1,
      se: NaN,
      nEff,
      reason: 'total weight is 0: no information, vacuous interval',
    };
  }
  return { value: p, ...wilsonFromProportion(p, nEff, alpha), se: Math.sqrt((p * (1 - p)) / nEff), nEff };
}
