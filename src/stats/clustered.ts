/**
 * Cluster-robust standard error of a mean (spec §3.3), for eval sets whose items come in
 * groups (several questions per document, several turns per conversation).
 *
 * Why: items in a cluster are correlated, so the i.i.d. SE understates uncertainty. Miller's
 * estimator sums residuals within clusters first; CRV1 adds the small-sample factor C/(C−1)
 * and the interval uses t with C − 1 degrees of freedom because C, not n, is the sample size.
 */
import { tQuantile } from './distributions/student-t.js';
import { mean } from './descriptive.js';
import { assertOpenUnit, fail, toFiniteArray } from './validation.js';

/** A cluster identifier (string or number); null/undefined are rejected. */
export type ClusterId = string | number;

/** Result of {@link clusteredStandardError}. */
export interface ClusteredStandardErrorResult {
  n: number;
  mean: number;
  nClusters: number;
  /** sqrt(Σ_c (Σ_{i∈c}(s_i − s̄))²)/n (statsmodels `use_correction=False`). */
  seMiller: number;
  /** seMiller·sqrt(C/(C−1)); NaN for one cluster. */
  seCrv1: number;
  /** Interval s̄ ± t_{1−α/2, C−1}·seCrv1. */
  lower: number;
  upper: number;
  df: number;
  reason?: string;
  /** Set when C < 30: cluster-robust SEs under-cover with few clusters. */
  warning?: string;
}

/** Clustered SE of the mean of `values`, clusters given per item. */
export function clusteredStandardError(
  values: ArrayLike<number>,
  clusters: ArrayLike<ClusterId | null | undefined>,
  alpha = 0.05,
): ClusteredStandardErrorResult {
  const fn = 'clusteredStandardError';
  assertOpenUnit(fn, 'alpha', alpha);
  const x = toFiniteArray(fn, 'values', values);
  if (clusters.length !== x.length) {
    fail(fn, `values and clusters must have the same length, got ${x.length} and ${clusters.length}`);
  }
  const n = x.length;
  const m = mean(x);
  const sums = new Map<ClusterId, number>();
  for (let i = 0; i < n; i++) {
    const id = clusters[i];
    if (id === null || id === undefined || (typeof id === 'number' && Number.isNaN(id))) {
      fail(fn, `clusters[${i}] is missing; give every item a cluster id (use the item id for a singleton)`);
    }
    sums.set(id, (sums.get(id) ?? 0) + (x[i] - m));
  }
  const c = sums.size;
  if (n === 0) {
    return {
      n,
      mean: NaN,
      nClusters: 0,
      seMiller: NaN,
      seCrv1: NaN,
      lower: NaN,
      upper: NaN,
      df: 0,
      reason: 'no values',
    };
  }
  let ss = 0;
  for (const s of sums.values()) ss += s * s;
  const seMiller = Math.sqrt(ss) / n;
  const warning = c < 30 ? `only ${c} clusters: cluster-robust SEs under-cover with fewer than 30` : undefined;
  if (c < 2) {
    return {
      n,
      mean: m,
      nClusters: c,
      seMiller,
      seCrv1: NaN,
      lower: NaN,
      upper: NaN,
      df: 0,
      reason: 'not estimable with fewer than 2 clusters',
      warning,
    };
  }
  const seCrv1 = seMiller * Math.sqrt(c / (c - 1));
  const half = seCrv1 === 0 ? 0 : tQuantile(1 - alpha / 2, c - 1) * seCrv1;
  return { n, mean: m, nClusters: c, seMiller, seCrv1, lower: m - half, upper: m + half, df: c - 1, warning };
}
