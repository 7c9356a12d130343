/**
 * Student-t distribution: CDF, survival function and quantile via the incomplete beta.
 *
 * Both tails are computed from I with x = ν/(ν+t²) and y = t²/(ν+t²) formed separately,
 * so p-values for large |t| keep their relative precision instead of rounding to 0.
 */
import { inverseRegularizedBeta, regularizedBeta } from './beta.js';
import { normalCdf, normalQuantile } from './normal.js';

/** P(|T| ≥ |t|), the two-sided tail of a Student-t with `df` degrees of freedom. */
export function tTwoSidedTail(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (!Number.isFinite(t)) return 0;
  if (df === Infinity) return 2 * normalCdf(-Math.abs(t));
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t) || Number.isNaN(df) || df <= 0) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * tTwoSidedTail(t, df);
  return t > 0 ? 1 - tail : tail;
}

/** P(T ≥ t). */
export function tSf(t: number, df: number): number {
  return tCdf(-t, df);
}

/** The t with P(T ≤ t) = p. */
export function tQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || Number.isNaN(df) || df <= 0) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (df === Infinity) return normalQuantile(p);
  const upper = p > 0.5;
  const q = upper ? 1 - p : p; // one-sided tail beyond |t|; exact for p ≥ 0.5
  let t: number;
  if (df === 1) {
    t = 1 / Math.tan(Math.PI * q);
  } else if (2 * q < 0.5) {
    // Large |t|: x = ν/(ν+t²) is small and precise.
    const x = inverseRegularizedBeta(2 * q, df / 2, 0.5);
    t = Math.sqrt((df * (1 - x)) / x);
  } else {
    // Small |t|: y = t²/(ν+t²) is small and precise.
    const y = inverseRegularizedBeta(1 - 2 * q, 0.5, df / 2);
    t = Math.sqrt((df * y) / (1 - y));
  }
  return upper ? t : -t;
}
