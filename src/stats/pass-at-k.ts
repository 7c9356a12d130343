/**
 * pass@k and pass^k (spec §3.12) for tasks sampled n times with c correct.
 *
 * pass@k (Chen et al. 2021) is the chance that at least one of k draws without replacement
 * is correct; pass^k (τ-bench) the chance that all k are. Both use running products, never
 * raw binomial coefficients, which overflow past n ≈ 1000.
 */
import { fail } from './validation.js';

function checkArgs(fn: string, n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || n < 1) fail(fn, `n must be a positive integer number of samples, got ${n}`);
  if (!Number.isInteger(c) || c < 0 || c > n)
    fail(fn, `c must be an integer in [0, n], got c = ${c} with n = ${n}; count correct samples once each`);
  if (!Number.isInteger(k) || k < 1)
    fail(fn, `k must be a positive integer, got ${k}; pass@0 is not a meaningful metric, use k ≥ 1`);
}

/** Unbiased pass@k = 1 − C(n−c, k)/C(n, k). k > n → NaN (cannot draw k of n). */
export function passAtK(n: number, c: number, k: number): number {
  checkArgs('passAtK', n, c, k);
  if (k > n) return NaN;
  if (n - c < k) return 1;
  let prod = 1;
  for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
  return 1 - prod;
}

/** pass^k = C(c, k)/C(n, k): all k draws correct. k > n → NaN. */
export function passHatK(n: number, c: number, k: number): number {
  checkArgs('passHatK', n, c, k);
  if (k > n) return NaN;
  if (c < k) return 0;
  let prod = 1;
  for (let i = 0; i < k; i++) prod *= (c - i) / (n - i);
  return prod;
}

/** Result of {@link passAtKAggregate}. */
export interface PassAtKAggregate {
  /** Mean over problems. */
  mean: number;
  /** SD over problems / √P (problems are the independent units). */
  se: number;
  perProblem: number[];
  problems: number;
  k: number;
  metric: 'pass@k' | 'pass^k';
  reason?: string;
}

/** pass@k (or pass^k) averaged over problems, each with its own n and c. */
export function passAtKAggregate(
  problems: ReadonlyArray<{ n: number; c: number }>,
  k: number,
  metric: 'pass@k' | 'pass^k' = 'pass@k',
): PassAtKAggregate {
  const f = metric === 'pass^k' ? passHatK : passAtK;
  const perProblem = problems.map((p) => f(p.n, p.c, k));
  const count = perProblem.length;
  const base = { perProblem, problems: count, k, metric };
  if (count === 0) return { ...base, mean: NaN, se: NaN, reason: 'no problems' };
  if (perProblem.some(Number.isNaN))
    return { ...base, mean: NaN, se: NaN, reason: `k = ${k} exceeds the samples of at least one problem` };
  const m = perProblem.reduce((a, b) => a + b, 0) / count;
  if (count < 2) return { ...base, mean: m, se: NaN, reason: 'one problem: the SE needs at least 2' };
  let ss = 0;
  for (const v of perProblem) ss += (v - m) * (v - m);
  return { ...base, mean: m, se: Math.sqrt(ss / (count - 1) / count) };
}
