import { logChoose } from './distributions/binomial.js';

/**
 * One-sided Fisher exact test that group 1's success rate is LOWER than group 0's:
 * conditional on the total successes, group 1's count X is hypergeometric, and
 * p = P(X ≤ x1) = Σ_{k ≤ x1} C(K, k)·C(N − K, n1 − k) / C(N, n1), with N = n0 + n1 and K = x0 + x1.
 * Exact (never anti-conservative) for any sample size. Empty groups give p = 1.
 * Matches scipy.stats.fisher_exact([[x1, n1 − x1], [x0, n0 − x0]], alternative='less').
 */
export function fisherExactLess(x1: number, n1: number, x0: number, n0: number): number {
  for (const [v, name] of [
    [x1, 'x1'],
    [n1, 'n1'],
    [x0, 'x0'],
    [n0, 'n0'],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number ≥ 0, got ${v}`);
  }
  if (x1 > n1 || x0 > n0) throw new RangeError('successes cannot exceed trials');
  if (n1 === 0 || n0 === 0) return 1;
  const N = n0 + n1;
  const K = x0 + x1;
  const lo = Math.max(0, n1 - (N - K));
  const logTotal = logChoose(N, n1);
  let p = 0;
  for (let k = lo; k <= x1; k++) p += Math.exp(logChoose(K, k) + logChoose(N - K, n1 - k) - logTotal);
  return Math.min(1, p);
}
