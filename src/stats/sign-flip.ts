/**
 * Sign-flip permutation test for paired differences (spec §3.7), the recommended p-value
 * for repeat-averaged scores: it assumes only that, under H0, each d_i is symmetric about 0.
 *
 * Exact enumeration uses meet-in-the-middle: the 2^m sign patterns of the m non-zero
 * differences are split into two halves of 2^(m/2) subset sums each, one half is sorted,
 * and the tail counts come from binary searches — O(2^(m/2)·m) instead of O(2^m·m), so
 * m = 20 takes about a millisecond. Zeros are left out of the enumeration (they add
 * nothing to any pattern) but still count in n and in 2^n.
 *
 * Monte Carlo beyond the exact limit draws one random byte per group of 8 items and looks
 * the group's signed sum up in a precomputed 256-entry table, so each resample costs n/8
 * lookups instead of n multiply-adds.
 */
import { mean } from './descriptive.js';
import { normalCdf, normalSf } from './distributions/normal.js';
import { resolveRng, type Rng } from './rng.js';
import { fail, normalizeAlternative, toFiniteArray, type Alternative } from './validation.js';

/** Options of {@link signFlipPermutationTest}. */
export interface SignFlipOptions {
  rng?: Rng;
  seed?: number;
  /** Enumerate exactly when the number of non-zero differences is ≤ this (default 20). */
  maxExactN?: number;
  /** Monte Carlo flips B when not exact (default 10,000). */
  samples?: number;
  alternative?: Alternative | 'smaller' | 'larger';
  /**
   * Above this many non-zero differences, use the normal limit of the sign-flip distribution
   * instead of Monte Carlo (default: never). Under H0, Σ s_i·d_i has mean 0 and variance
   * Σ d_i², and is normal in the limit (Lindeberg); with tens of thousands of items the
   * limit is closer than B = 10,000 draws can resolve, and it resolves tiny p-values that
   * Monte Carlo floors at 1/(B + 1).
   */
  normalAbove?: number;
}

/** Result of {@link signFlipPermutationTest}. */
export interface SignFlipResult {
  /** mean(d). */
  statistic: number;
  pvalue: number;
  pLess: number;
  pGreater: number;
  exact: boolean;
  /** How the null distribution was taken: enumerated, sampled, or its normal limit. */
  method: 'exact' | 'monte-carlo' | 'normal-limit';
  n: number;
  /** 2^n (exact) — the number of sign patterns the p-value is a share of. */
  nSignPatterns: number;
  /** Monte Carlo flips B (only when not exact). */
  samples?: number;
  seed?: number;
  alternative: Alternative;
  reason?: string;
}

/** All 2^k signed sums Σ ±v_i of v[start..start+k), built incrementally (one add each). */
function subsetSums(v: Float64Array, start: number, k: number): Float64Array {
  const out = new Float64Array(1 << k);
  let base = 0;
  for (let i = 0; i < k; i++) base -= v[start + i];
  out[0] = base;
  for (let i = 0; i < k; i++) {
    const add = 2 * v[start + i];
    const size = 1 << i;
    for (let mask = 0; mask < size; mask++) out[size + mask] = out[mask] + add;
  }
  return out;
}

/** First index in sorted `a` with a[i] ≥ x. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted `a` with a[i] > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Exact counts of patterns with sum ≥ hi and sum ≤ lo over the non-zero values. */
function exactCounts(v: Float64Array, lo: number, hi: number): { ge: number; le: number; total: number } {
  const m = v.length;
  const h = m >> 1;
  const left = subsetSums(v, 0, h);
  const right = subsetSums(v, h, m - h).sort();
  let ge = 0;
  let le = 0;
  for (let i = 0; i < left.length; i++) {
    ge += right.length - lowerBound(right, hi - left[i]);
    le += upperBound(right, lo - left[i]);
  }
  return { ge, le, total: left.length * right.length };
}

/** Largest sign table we build for the Monte Carlo (entries; 64 MB of doubles). */
const MAX_TABLE_ENTRIES = 1 << 23;

/** Monte Carlo counts over B random sign patterns. */
function monteCarloCounts(
  v: Float64Array,
  lo: number,
  hi: number,
  samples: number,
  rng: Rng,
): { ge: number; le: number } {
  const m = v.length;
  const groups = Math.ceil(m / 8);
  let ge = 0;
  let le = 0;
  if (groups * 256 <= MAX_TABLE_ENTRIES) {
    const table = new Float64Array(groups * 256);
    for (let g = 0; g < groups; g++) {
      const base = g * 256;
      for (let mask = 0; mask < 256; mask++) {
        let s = 0;
        for (let bit = 0; bit < 8; bit++) {
          const i = g * 8 + bit;
          if (i < m) s += mask & (1 << bit) ? v[i] : -v[i];
        }
        table[base + mask] = s;
      }
    }
    for (let r = 0; r < samples; r++) {
      let a0 = 0;
      let a1 = 0;
      let g = 0;
      while (g < groups) {
        const word = rng.nextUint32();
        a0 += table[g * 256 + (word & 255)];
        if (++g >= groups) break;
        a1 += table[g * 256 + ((word >>> 8) & 255)];
        if (++g >= groups) break;
        a0 += table[g * 256 + ((word >>> 16) & 255)];
        if (++g >= groups) break;
        a1 += table[g * 256 + (word >>> 24)];
        ++g;
      }
      const s = a0 + a1;
      if (s >= hi) ge++;
      if (s <= lo) le++;
    }
    return { ge, le };
  }
  for (let r = 0; r < samples; r++) {
    let s = 0;
    let word = 0;
    for (let i = 0; i < m; i++) {
      if ((i & 31) === 0) word = rng.nextUint32();
      s += word & 1 ? v[i] : -v[i];
      word >>>= 1;
    }
    if (s >= hi) ge++;
    if (s <= lo) le++;
  }
  return { ge, le };
}

/**
 * Sign-flip permutation test of H0: the paired differences are symmetric about 0.
 * Statistic T = mean(d); two-sided p = min(1, 2·min(p_less, p_greater)).
 * Ties T* = t are counted with a tolerance of 1e-14·max(1, |t|, mean|d|) (spec: max(1e-14,
 * 1e-14·|t|); the mean|d| term only matters for data on a scale above 1).
 */
export function signFlipPermutationTest(differences: ArrayLike<number>, options: SignFlipOptions = {}): SignFlipResult {
  const fn = 'signFlipPermutationTest';
  const alternative = normalizeAlternative(fn, options.alternative);
  const maxExactN = options.maxExactN ?? 20;
  if (!Number.isInteger(maxExactN) || maxExactN < 0 || maxExactN > 40) {
    fail(fn, `maxExactN must be an integer in [0, 40], got ${maxExactN}; 20 enumerates about a million patterns`);
  }
  const samples = options.samples ?? 10000;
  if (!Number.isInteger(samples) || samples < 1)
    fail(fn, `samples must be a positive integer, got ${samples}; use 10000`);
  const d = toFiniteArray(fn, 'differences', differences);
  const n = d.length;
  if (n === 0) {
    return {
      statistic: NaN,
      pvalue: 1,
      pLess: 1,
      pGreater: 1,
      exact: true,
      method: 'exact',
      n,
      nSignPatterns: 1,
      alternative,
      reason: 'no differences: no evidence (p = 1)',
    };
  }
  const t = mean(d);
  const nonzero = d.filter((x) => x !== 0);
  let sumAbs = 0;
  for (const x of nonzero) sumAbs += Math.abs(x);
  const tol = 1e-14 * Math.max(1, Math.abs(t), sumAbs / n) * n;
  const sumObs = t * n;
  const hi = sumObs - tol;
  const lo = sumObs + tol;
  let pLess: number;
  let pGreater: number;
  let exact: boolean;
  let seed: number | undefined;
  let usedSamples: number | undefined;
  let method: SignFlipResult['method'];
  if (nonzero.length > (options.normalAbove ?? Infinity) && nonzero.length > maxExactN) {
    let sumSquares = 0;
    for (const x of nonzero) sumSquares += x * x;
    const z = sumObs / Math.sqrt(sumSquares);
    pGreater = normalSf(z);
    pLess = normalCdf(z);
    exact = false;
    method = 'normal-limit';
  } else if (nonzero.length <= maxExactN) {
    const c = exactCounts(nonzero, lo, hi);
    pGreater = c.ge / c.total;
    pLess = c.le / c.total;
    exact = true;
    method = 'exact';
  } else {
    const rng = resolveRng(options);
    const c = monteCarloCounts(nonzero, lo, hi, samples, rng);
    pGreater = (1 + c.ge) / (1 + samples);
    pLess = (1 + c.le) / (1 + samples);
    exact = false;
    seed = rng.seed;
    usedSamples = samples;
    method = 'monte-carlo';
  }
  let pvalue: number;
  if (alternative === 'two-sided') pvalue = Math.min(1, 2 * Math.min(pLess, pGreater));
  else if (alternative === 'greater') pvalue = pGreater;
  else pvalue = pLess;
  const result: SignFlipResult = {
    statistic: t,
    pvalue,
    pLess,
    pGreater,
    exact,
    method,
    n,
    nSignPatterns: 2 ** n,
    alternative,
  };
  if (method === 'monte-carlo') {
    result.samples = usedSamples;
    result.seed = seed;
  }
  if (nonzero.length === 0) result.reason = 'every difference is 0: no evidence (p = 1)';
  return result;
}
