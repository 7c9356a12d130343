import { bootstrapMeanInterval, pairedBootstrapInterval } from '../stats/bootstrap.js';
import { passAtK } from '../stats/pass-at-k.js';
import { signFlipPermutationTest } from '../stats/sign-flip.js';

/** One problem's samples: `n` graded completions, `c` of them passing (errors and pending are not samples). */
export interface ProblemCounts {
  readonly n: number;
  readonly c: number;
}

/** pass@k over problems: the mean of the per-problem unbiased estimates, with a bootstrap interval over problems. */
export interface PassAtKEstimate {
  /** `pass@1`, `pass@10`… */
  readonly metric: string;
  readonly k: number;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  /** Problems (the unit) behind the estimate. */
  readonly problems: number;
  /** Set when the estimate is undefined or has no interval (k above a problem's samples, too few problems). */
  readonly reason?: string;
}

export interface PassAtKOptions {
  readonly alpha?: number;
  /** Bootstrap resamples (default 2000) and seed: the interval is the same on every run. */
  readonly samples?: number;
  readonly seed?: number;
}

const DEFAULT_SEED = 13;

/** The metric name of a k, as gates and reports spell it. */
export const passAtKMetric = (k: number): string => `pass@${k}`;

/** The k of a metric name like `pass@10`, or undefined when the name is not one. */
export function parsePassAtKMetric(metric: string): number | undefined {
  const m = /^pass@([1-9]\d*)$/.exec(metric);
  return m ? Number(m[1]) : undefined;
}

/**
 * pass@k (Chen et al. 2021) over problems sampled n times each: the mean of the per-problem
 * unbiased estimates 1 − C(n−c, k)/C(n, k), with a seeded percentile bootstrap over problems
 * (the problem is the unit, never the sample). A problem with fewer than k samples makes the
 * estimate undefined, with the reason; problems with no graded sample are left out.
 *
 * @example
 * estimatePassAtK([{ n: 10, c: 3 }, { n: 10, c: 0 }], 1); // { metric: 'pass@1', value: 0.15, … }
 */
export function estimatePassAtK(
  problems: readonly ProblemCounts[],
  k: number,
  options: PassAtKOptions = {},
): PassAtKEstimate {
  const graded = problems.filter((p) => p.n > 0);
  const base = { metric: passAtKMetric(k), k, problems: graded.length };
  if (graded.length === 0) return { ...base, value: null, lower: null, upper: null, reason: 'no graded samples' };
  const short = graded.filter((p) => p.n < k).length;
  if (short > 0) {
    const which = `${short} problem${short === 1 ? ' has' : 's have'}`;
    const reason = `${which} fewer than k = ${k} samples; raise repeats to at least ${k}`;
    return { ...base, value: null, lower: null, upper: null, reason };
  }
  const values = graded.map((p) => passAtK(p.n, p.c, k));
  const seed = options.seed ?? DEFAULT_SEED;
  const samples = options.samples ?? 2000;
  const interval = bootstrapMeanInterval(values, { alpha: options.alpha ?? 0.05, samples, seed });
  if (!Number.isFinite(interval.lower)) {
    return { ...base, value: interval.value, lower: null, upper: null, reason: interval.reason ?? 'no interval' };
  }
  return { ...base, value: interval.value, lower: interval.lower, upper: interval.upper };
}

/** A paired comparison of pass@k on the problems two runs share. */
export interface PassAtKComparison {
  readonly metric: string;
  readonly k: number;
  readonly problems: number;
  readonly baseline: number | null;
  readonly candidate: number | null;
  /** candidate − baseline, with a paired bootstrap interval over problems. */
  readonly delta: { readonly value: number | null; readonly lower: number | null; readonly upper: number | null };
  /** Two-sided sign-flip permutation p-value on the per-problem differences. */
  readonly p: number | null;
  /** One-sided p-value for "the candidate is worse". */
  readonly pWorse: number | null;
  readonly reason?: string;
}

/**
 * Compares pass@k of two runs problem by problem: d_i = pass@k_candidate,i − pass@k_baseline,i
 * over the shared problems, a paired bootstrap interval for the mean difference, and a
 * sign-flip permutation test (exact up to 20 non-zero differences).
 *
 * @example
 * comparePassAtK([{ baseline: { n: 5, c: 5 }, candidate: { n: 5, c: 1 } }, …], 1);
 */
export function comparePassAtK(
  pairs: readonly { readonly baseline: ProblemCounts; readonly candidate: ProblemCounts }[],
  k: number,
  options: PassAtKOptions = {},
): PassAtKComparison {
  const usable = pairs.filter((p) => p.baseline.n > 0 && p.candidate.n > 0);
  const none = { value: null, lower: null, upper: null };
  const base = { metric: passAtKMetric(k), k, problems: usable.length };
  const undefinedBecause = (reason: string) => ({
    ...base,
    baseline: null,
    candidate: null,
    delta: none,
    p: null,
    pWorse: null,
    reason,
  });
  if (usable.length === 0) return undefinedBecause('no shared graded problems');
  if (usable.some((p) => p.baseline.n < k || p.candidate.n < k)) {
    return undefinedBecause(`a problem has fewer than k = ${k} samples in one of the runs`);
  }
  const a = usable.map((p) => passAtK(p.baseline.n, p.baseline.c, k));
  const b = usable.map((p) => passAtK(p.candidate.n, p.candidate.c, k));
  const seed = options.seed ?? DEFAULT_SEED;
  const samples = options.samples ?? 2000;
  const interval = pairedBootstrapInterval(b, a, { alpha: options.alpha ?? 0.05, samples, seed });
  const d = b.map((x, i) => x - a[i]!);
  const test = signFlipPermutationTest(d, { seed });
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const finite = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    ...base,
    baseline: mean(a),
    candidate: mean(b),
    delta: { value: interval.value, lower: finite(interval.lower), upper: finite(interval.upper) },
    p: finite(test.pvalue),
    pWorse: finite(test.pLess),
    ...(interval.reason !== undefined && { reason: interval.reason }),
  };
}
