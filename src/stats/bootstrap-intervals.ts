/**
 * Bootstrap intervals from replicates (spec §3.4): percentile and BCa, and the ideal
 * (B → ∞) bootstrap SE of a mean. The resamplers that produce replicates live in
 * `bootstrap.ts`; these functions also accept replicates computed elsewhere.
 *
 * Why BCa falls back instead of returning NaN: when θ̂ lies outside the replicates, z0 is
 * infinite and BCa is undefined (scipy warns and returns NaN). A percentile interval with a
 * `reason` is more useful to a report than a blank, and the flag keeps it honest.
 */
import { normalCdf, normalQuantile } from './distributions/normal.js';
import { mean, pairwiseSum, quantileSorted, variance } from './descriptive.js';
import { assertOpenUnit, fail, toFiniteArray } from './validation.js';

/** Percentile interval [Q(α/2), Q(1−α/2)] of the replicates (type-7 quantiles). */
export function bootstrapPercentileInterval(
  replicates: ArrayLike<number>,
  alpha = 0.05,
): { lower: number; upper: number; samples: number } {
  assertOpenUnit('bootstrapPercentileInterval', 'alpha', alpha);
  const sorted = Float64Array.from(replicates as ArrayLike<number>).sort();
  return {
    lower: quantileSorted(sorted, alpha / 2),
    upper: quantileSorted(sorted, 1 - alpha / 2),
    samples: sorted.length,
  };
}

/** Result of {@link bcaIntervalFromReplicates}. */
export interface BcaInterval {
  thetaHat: number;
  z0: number;
  acceleration: number;
  alpha1: number;
  alpha2: number;
  lower: number;
  upper: number;
  /** 'percentile' when BCa was undefined and the percentile interval was returned instead. */
  method: 'bca' | 'percentile';
  reason?: string;
}

/**
 * BCa interval (Efron & Tibshirani ch. 14, as scipy) from the data and its replicates.
 * `statistic` is 'mean' or a function of a Float64Array (jackknife is then O(n²)).
 * θ̂ outside the replicate range → z0 = ±∞ → percentile interval, flagged in `reason`.
 */
export function bcaIntervalFromReplicates(
  data: ArrayLike<number>,
  replicates: ArrayLike<number>,
  options: { alpha?: number; statistic?: 'mean' | ((x: Float64Array) => number) } = {},
): BcaInterval {
  const fn = 'bcaIntervalFromReplicates';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  const x = toFiniteArray(fn, 'data', data);
  const n = x.length;
  if (n < 2) fail(fn, `data needs at least 2 values for the jackknife, got ${n}`);
  const stat = options.statistic ?? 'mean';
  const statFn = stat === 'mean' ? mean : stat;
  const thetaHat = statFn(x);
  const sorted = Float64Array.from(replicates as ArrayLike<number>).sort();
  const b = sorted.length;
  if (b === 0) fail(fn, 'replicates must not be empty; draw B ≥ 10,000 resamples for BCa');
  if (sorted[0] === sorted[b - 1]) {
    const v = sorted[0];
    return {
      thetaHat,
      z0: NaN,
      acceleration: NaN,
      alpha1: NaN,
      alpha2: NaN,
      lower: v,
      upper: v,
      method: 'percentile',
      reason: 'all replicates are equal: the interval is the point',
    };
  }
  let less = 0;
  let lessEq = 0;
  for (let i = 0; i < b; i++) {
    if (sorted[i] < thetaHat) less++;
    if (sorted[i] <= thetaHat) lessEq++;
  }
  const z0 = normalQuantile((less + lessEq) / (2 * b));
  // Jackknife acceleration.
  const jack = new Float64Array(n);
  if (stat === 'mean') {
    const total = pairwiseSum(x);
    for (let i = 0; i < n; i++) jack[i] = (total - x[i]) / (n - 1);
  } else {
    const loo = new Float64Array(n - 1);
    for (let i = 0; i < n; i++) {
      for (let j = 0, k = 0; j < n; j++) if (j !== i) loo[k++] = x[j];
      jack[i] = statFn(loo);
    }
  }
  const jm = mean(jack);
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const u = jm - jack[i];
    num += u * u * u;
    den += u * u;
  }
  const acceleration = den === 0 ? 0 : num / (6 * Math.pow(den, 1.5));
  if (!Number.isFinite(z0)) {
    const p = bootstrapPercentileInterval(sorted, alpha);
    return {
      thetaHat,
      z0,
      acceleration,
      alpha1: alpha / 2,
      alpha2: 1 - alpha / 2,
      lower: p.lower,
      upper: p.upper,
      method: 'percentile',
      reason: 'θ̂ lies outside the replicate range (z0 infinite): BCa undefined, percentile interval returned',
    };
  }
  const zl = normalQuantile(alpha / 2);
  const zu = normalQuantile(1 - alpha / 2);
  const alpha1 = normalCdf(z0 + (z0 + zl) / (1 - acceleration * (z0 + zl)));
  const alpha2 = normalCdf(z0 + (z0 + zu) / (1 - acceleration * (z0 + zu)));
  return {
    thetaHat,
    z0,
    acceleration,
    alpha1,
    alpha2,
    lower: quantileSorted(sorted, alpha1),
    upper: quantileSorted(sorted, alpha2),
    method: 'bca',
  };
}

/** The ideal (B → ∞) bootstrap SE of a mean: SD_ddof0/√n (NaN for n = 0). */
export function bootstrapIdealSeMean(values: ArrayLike<number>): number {
  const x = toFiniteArray('bootstrapIdealSeMean', 'values', values);
  const n = x.length;
  if (n === 0) return NaN;
  if (n === 1) return 0;
  return Math.sqrt(variance(x, 0) / n);
}
