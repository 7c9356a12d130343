/**
 * Exact binomial test (spec §3.5), the engine under exact McNemar.
 *
 * Two-sided p follows scipy's rule: sum P(j) over every j at most as likely as the observed
 * k, with a relative slack of 1e-7 so that outcomes equal in exact arithmetic but not in
 * floating point are counted together.
 */
import { binomialCdf, binomialPmf, binomialSf } from './distributions/binomial.js';
import { assertCount, assertUnit, fail, normalizeAlternative, type Alternative } from './validation.js';

/** Result of {@link binomialTest}. */
export interface BinomialTestResult {
  k: number;
  n: number;
  p: number;
  alternative: Alternative;
  pvalue: number;
}

/** Exact test of H0: X ~ Bin(n, p) given k successes. */
export function binomialTest(k: number, n: number, p = 0.5, alternative: string = 'two-sided'): BinomialTestResult {
  const fn = 'binomialTest';
  assertCount(fn, 'n', n);
  assertCount(fn, 'k', k);
  if (k > n) fail(fn, `k must be ≤ n, got k = ${k} > n = ${n}`);
  assertUnit(fn, 'p', p);
  const alt = normalizeAlternative(fn, alternative);
  let pvalue: number;
  if (alt === 'less') pvalue = binomialCdf(k, n, p);
  else if (alt === 'greater') pvalue = binomialSf(k - 1, n, p);
  else pvalue = twoSidedBinomialP(k, n, p);
  return { k, n, p, alternative: alt, pvalue: Math.min(1, Math.max(0, pvalue)) };
}

/** Two-sided exact binomial p-value by scipy's "as or less likely" rule. */
export function twoSidedBinomialP(k: number, n: number, p: number): number {
  if (n === 0) return 1;
  if (k === p * n) return 1;
  const d = binomialPmf(k, n, p) * (1 + 1e-7);
  let total = 0;
  // Add from the tails inward (smallest terms first) for accuracy.
  for (let j = 0; j <= n; j++) {
    const pj = binomialPmf(j, n, p);
    if (pj <= d) total += pj;
  }
  return Math.min(1, total);
}
