/**
 * Means, standard errors and t intervals for continuous scores (spec §3.2), the type-7
 * quantile, and Kish-weighted means.
 *
 * Why explicit NaN + reason: other eval tools return 0 for the SE of a single sample,
 * which reads as "perfectly certain". Here an undefined quantity is NaN and `reason`
 * says why, so reporters can print "not estimable (n = 1)".
 */
import { tQuantile } from './distributions/student-t.js';
import { assertOpenUnit, fail, finiteForReading, toFiniteArray } from './validation.js';

/**
 * Pairwise (cascade) sum in numpy's exact order: blocks of 128 split in halves, eight
 * running partial sums inside a block. Why mirror numpy: it is more accurate than a plain
 * loop, and BCa's z0 compares replicates with θ̂ exactly, so θ̂ must round the way the
 * reference implementation rounds it.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, count = values.length - start): number {
  if (count < 8) {
    let s = 0;
    for (let i = 0; i < count; i++) s += values[start + i];
    return s;
  }
  if (count <= 128) {
    let r0 = values[start],
      r1 = values[start + 1],
      r2 = values[start + 2],
      r3 = values[start + 3];
    let r4 = values[start + 4],
      r5 = values[start + 5],
      r6 = values[start + 6],
      r7 = values[start + 7];
    const end = count - (count % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const k = start + i;
      r0 += values[k];
      r1 += values[k + 1];
      r2 += values[k + 2];
      r3 += values[k + 3];
      r4 += values[k + 4];
      r5 += values[k + 5];
      r6 += values[k + 6];
      r7 += values[k + 7];
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < count; i++) s += values[start + i];
    return s;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** Arithmetic mean (NaN for an empty input), summed pairwise. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  return pairwiseSum(values) / n;
}

/** Sample variance with `ddof` (1 = unbiased). NaN when n ≤ ddof. Two-pass for accuracy. */
export function variance(values: ArrayLike<number>, ddof = 1): number {
  const n = values.length;
  if (n <= ddof) return NaN;
  return varianceAbout(values, mean(values), ddof);
}

/** {@link variance} around `m`, the values' mean already computed (n > ddof). */
function varianceAbout(values: ArrayLike<number>, m: number, ddof: number): number {
  const n = values.length;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return ss / (n - ddof);
}

/**
 * Type-7 quantile (numpy 'linear'): h = (n−1)p, interpolate between order statistics.
 * NaN for an empty input or when any value is NaN.
 */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) fail('quantile', `p must be in [0, 1], got ${p}; pass 0.5 for the median`);
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return quantileSorted(sorted, p);
}

/** Type-7 quantile of already-sorted values (no copy). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(sorted[n - 1]) || Number.isNaN(p)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  if (lo < 0) return sorted[0];
  const frac = h - lo;
  const a = sorted[lo];
  const b = sorted[lo + 1];
  return frac === 0 ? a : a + frac * (b - a);
}

/** Result of {@link cltStandardError}. */
export interface CltStandardErrorResult {
  n: number;
  mean: number;
  /** Sample SD with n − 1 in the denominator. */
  sdDdof1: number;
  /** SD/√n with the ddof = 1 SD: the standard error of the mean. */
  se: number;
  /** SD_ddof0/√n; equals sqrt(p̂(1−p̂)/n) for 0/1 data and the ideal bootstrap SE. */
  seDdof0: number;
  reason?: string;
}

/**
 * CLT standard error of the mean (spec §3.2). n < 2 → `se` is NaN with a reason, never 0. `seDdof0`
 * follows its formula SD_ddof0/√n, which is 0 at n = 1 (one value has no spread around itself).
 */
export function cltStandardError(values: ArrayLike<number>): CltStandardErrorResult {
  const x = finiteForReading('cltStandardError', 'values', values);
  const n = x.length;
  if (n === 0) {
    return { n, mean: NaN, sdDdof1: NaN, se: NaN, seDdof0: NaN, reason: 'no values' };
  }
  const m = mean(x);
  if (n === 1) {
    return {
      n,
      mean: m,
      sdDdof1: NaN,
      se: NaN,
      seDdof0: 0,
      reason: 'n = 1: the standard error needs at least 2 values',
    };
  }
  const v1 = varianceAbout(x, m, 1);
  const v0 = (v1 * (n - 1)) / n;
  return { n, mean: m, sdDdof1: Math.sqrt(v1), se: Math.sqrt(v1 / n), seDdof0: Math.sqrt(v0 / n) };
}

/** An interval around a mean. */
export interface MeanInterval {
  value: number;
  lower: number;
  upper: number;
  se: number;
  n: number;
  df: number;
  reason?: string;
}

/**
 * Student-t interval for a mean: s̄ ± t_{1−α/2, n−1}·SE. n = 1 → NaN bounds with a reason;
 * constant data → the interval collapses to the point (scipy would return NaN).
 */
export function tIntervalMean(values: ArrayLike<number>, alpha = 0.05): MeanInterval {
  assertOpenUnit('tIntervalMean', 'alpha', alpha);
  const r = cltStandardError(values);
  const df = Math.max(r.n - 1, 0);
  if (r.n < 2) {
    return { value: r.mean, lower: NaN, upper: NaN, se: NaN, n: r.n, df, reason: r.reason };
  }
  if (r.se === 0) {
    return {
      value: r.mean,
      lower: r.mean,
      upper: r.mean,
      se: 0,
      n: r.n,
      df,
      reason: 'zero variance: the interval collapses to the point',
    };
  }
  const half = tQuantile(1 - alpha / 2, df) * r.se;
  return { value: r.mean, lower: r.mean - half, upper: r.mean + half, se: r.se, n: r.n, df };
}

/** Kish effective sample size (Σw)²/Σw². NaN when every weight is 0. */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  const w = toFiniteArray('effectiveSampleSize', 'weights', weights);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i] < 0)
      fail('effectiveSampleSize', `weights[${i}] must be ≥ 0, got ${w[i]}; drop the item instead of a negative weight`);
    s += w[i];
    s2 += w[i] * w[i];
  }
  return s2 === 0 ? NaN : (s * s) / s2;
}

/** A weighted-mean interval; `nEff` is the Kish effective sample size. */
export interface WeightedMeanInterval {
  value: number;
  lower: number;
  upper: number;
  se: number;
  nEff: number;
  reason?: string;
}

/** Weighted mean Σwv/Σw after validating equal lengths and non-negative weights. */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): number {
  const v = toFiniteArray('weightedMean', 'values', values);
  const w = toFiniteArray('weightedMean', 'weights', weights);
  if (v.length !== w.length)
    fail('weightedMean', `values and weights must have the same length, got ${v.length} and ${w.length}`);
  let sw = 0;
  let swv = 0;
  for (let i = 0; i < v.length; i++) {
    sw += w[i];
    swv += w[i] * v[i];
  }
  return sw > 0 ? swv / sw : NaN;
}

/**
 * Weighted mean with a t interval on the Kish effective sample size:
 * s²_w = Σw(v − v̄)²/Σw, SE = sqrt(s²_w/(n_eff − 1)), df = n_eff − 1.
 * Why this form: with equal weights it reduces exactly to {@link tIntervalMean}.
 */
export function weightedMeanInterval(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  alpha = 0.05,
): WeightedMeanInterval {
  assertOpenUnit('weightedMeanInterval', 'alpha', alpha);
  const v = toFiniteArray('weightedMeanInterval', 'values', values);
  const w = toFiniteArray('weightedMeanInterval', 'weights', weights);
  if (v.length !== w.length) {
    fail('weightedMeanInterval', `values and weights must have the same length, got ${v.length} and ${w.length}`);
  }
  const nEff = effectiveSampleSize(w);
  const m = weightedMean(v, w);
  if (!(nEff > 1)) {
    return { value: m, lower: NaN, upper: NaN, se: NaN, nEff, reason: 'effective sample size ≤ 1: no interval' };
  }
  let sw = 0;
  let ss = 0;
  for (let i = 0; i < v.length; i++) {
    sw += w[i];
    ss += w[i] * (v[i] - m) * (v[i] - m);
  }
  const se = Math.sqrt(ss / sw / (nEff - 1));
  if (se === 0)
    return { value: m, lower: m, upper: m, se: 0, nEff, reason: 'zero variance: the interval collapses to the point' };
  const half = tQuantile(1 - alpha / 2, nEff - 1) * se;
  return { value: m, lower: m - half, upper: m + half, se, nEff };
}
