/**
 * Paired t test for two runs scored on the same items (spec §3.6).
 *
 * Pairing removes the between-item variance that both runs share, which is usually most of
 * it, so the paired SE is much smaller than the unpaired one. Both are reported, with the
 * correlation that explains the gap.
 */
import { tQuantile, tTwoSidedTail, tCdf } from './distributions/student-t.js';
import { mean, variance } from './descriptive.js';
import {
  assertOpenUnit,
  assertSameLength,
  normalizeAlternative,
  toFiniteArray,
  type Alternative,
} from './validation.js';

/** Options of {@link pairedTTest}. */
export interface PairedTTestOptions {
  alpha?: number;
  /** 'two-sided' (default), 'less' (mean(a − b) < 0) or 'greater'. */
  alternative?: Alternative | 'smaller' | 'larger';
}

/** Result of {@link pairedTTest}; the interval is for mean(a − b). */
export interface PairedTTestResult {
  n: number;
  meanA: number;
  meanB: number;
  meanDiff: number;
  /** t = d̄/SE (±∞ when the differences are constant and non-zero, NaN when all are 0). */
  statistic: number;
  pvalue: number;
  df: number;
  /** Paired SE s_d/√n. */
  se: number;
  /** SE ignoring the pairing: sqrt(SE_A² + SE_B²). */
  seUnpaired: number;
  /** Pearson correlation of a and b (NaN when either is constant). */
  correlation: number;
  lower: number;
  upper: number;
  alpha: number;
  alternative: Alternative;
  reason?: string;
}

/** Paired t test of mean(a − b) = 0; a[i] and b[i] must be the same item. */
export function pairedTTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: PairedTTestOptions = {},
): PairedTTestResult {
  const fn = 'pairedTTest';
  assertSameLength(fn, a, b);
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  const alternative = normalizeAlternative(fn, options.alternative);
  const xa = toFiniteArray(fn, 'a', a);
  const xb = toFiniteArray(fn, 'b', b);
  const n = xa.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = xa[i] - xb[i];
  const meanA = mean(xa);
  const meanB = mean(xb);
  const meanDiff = mean(d);
  const df = Math.max(n - 1, 0);
  const base = { n, meanA, meanB, meanDiff, df, alpha, alternative };
  if (n < 2) {
    return {
      ...base,
      statistic: NaN,
      pvalue: NaN,
      se: NaN,
      seUnpaired: NaN,
      correlation: NaN,
      lower: NaN,
      upper: NaN,
      reason: 'need at least 2 paired items',
    };
  }
  const va = variance(xa, 1);
  const vb = variance(xb, 1);
  let cov = 0;
  for (let i = 0; i < n; i++) cov += (xa[i] - meanA) * (xb[i] - meanB);
  cov /= n - 1;
  const correlation = va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : NaN;
  const seUnpaired = Math.sqrt(va / n + vb / n);
  const se = Math.sqrt(variance(d, 1) / n);
  const common = { ...base, se, seUnpaired, correlation };
  if (se === 0) {
    if (meanDiff === 0) {
      return {
        ...common,
        statistic: NaN,
        pvalue: NaN,
        lower: 0,
        upper: 0,
        reason: 'no variance: every difference is 0 (t undefined); use the sign-flip or McNemar result',
      };
    }
    const statistic = meanDiff > 0 ? Infinity : -Infinity;
    const pvalue = alternative === 'two-sided' ? 0 : (alternative === 'greater') === meanDiff > 0 ? 0 : 1;
    return {
      ...common,
      statistic,
      pvalue,
      lower: meanDiff,
      upper: meanDiff,
      reason: 'no variance: every difference is equal and non-zero (t infinite); use the sign-flip result',
    };
  }
  const statistic = meanDiff / se;
  let pvalue: number;
  let lower: number;
  let upper: number;
  if (alternative === 'two-sided') {
    pvalue = tTwoSidedTail(statistic, df);
    const half = tQuantile(1 - alpha / 2, df) * se;
    lower = meanDiff - half;
    upper = meanDiff + half;
  } else if (alternative === 'less') {
    pvalue = tCdf(statistic, df);
    lower = -Infinity;
    upper = meanDiff + tQuantile(1 - alpha, df) * se;
  } else {
    pvalue = tCdf(-statistic, df);
    lower = meanDiff - tQuantile(1 - alpha, df) * se;
    upper = Infinity;
  }
  return { ...common, statistic, pvalue, lower, upper };
}
