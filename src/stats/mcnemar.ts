/**
 * McNemar's test for two runs scored 0/1 on the same items (spec §3.5).
 *
 * Only the discordant pairs carry information: b = #(A right, B wrong), c = #(A wrong,
 * B right). Under H0 each discordant pair is a fair coin, so the exact test is a binomial
 * test on min(b, c) of m = b + c. The mid-p version is the recommended headline p-value
 * (less conservative); the exact p is always reported next to it.
 */
import { binomialPmf } from './distributions/binomial.js';
import { chiSquareSf } from './distributions/gamma.js';
import { pairedTTest } from './paired-tests.js';
import { assertCount, assertSameLength, fail } from './validation.js';

/** Result of {@link mcnemar}. */
export interface McnemarResult {
  b: number;
  c: number;
  /** m = b + c, the number of discordant pairs. */
  discordant: number;
  /** min(b, c), the exact test's statistic (NaN when m = 0). */
  statistic: number;
  /** Exact two-sided p = min(1, 2·P(X ≤ min(b,c))), X ~ Bin(m, ½). */
  pExact: number;
  /** Mid-p = p_exact − P(X = min(b,c)). */
  pMidP: number;
  /** Yates-corrected χ² (|b − c| − 1)²/m, not clamped (as statsmodels); NaN when m = 0. */
  chi2Corrected: number;
  pChi2Corrected: number;
  /** Uncorrected χ² (b − c)²/m; NaN when m = 0. */
  chi2Uncorrected: number;
  pChi2Uncorrected: number;
  reason?: string;
}

/**
 * McNemar's test from the discordant counts. m = 0 → every p = 1 and the statistics are NaN
 * (statsmodels' χ² path returns ∞ and p = 0 there, a division by zero we do not copy).
 */
export function mcnemar(b: number, c: number): McnemarResult {
  assertCount('mcnemar', 'b', b);
  assertCount('mcnemar', 'c', c);
  const m = b + c;
  if (m === 0) {
    return {
      b,
      c,
      discordant: 0,
      statistic: NaN,
      pExact: 1,
      pMidP: 1,
      chi2Corrected: NaN,
      pChi2Corrected: 1,
      chi2Uncorrected: NaN,
      pChi2Uncorrected: 1,
      reason: 'no discordant pairs: no evidence either way (p = 1, statistic undefined)',
    };
  }
  const k = Math.min(b, c);
  let cdf = 0;
  for (let j = 0; j <= k; j++) cdf += binomialPmf(j, m, 0.5);
  const pk = binomialPmf(k, m, 0.5);
  const pExact = Math.min(1, 2 * cdf);
  const pMidP = Math.min(1, 2 * (cdf - 0.5 * pk));
  const diff = Math.abs(b - c);
  const chi2Corrected = ((diff - 1) * (diff - 1)) / m;
  const chi2Uncorrected = (diff * diff) / m;
  return {
    b,
    c,
    discordant: m,
    statistic: k,
    pExact,
    pMidP,
    chi2Corrected,
    pChi2Corrected: chiSquareSf(chi2Corrected, 1),
    chi2Uncorrected,
    pChi2Uncorrected: chiSquareSf(chi2Uncorrected, 1),
  };
}

/** McNemar from a 2×2 table [[both right, A right B wrong], [A wrong B right, both wrong]]. */
export function mcnemarFromTable(table: number[][]): McnemarResult {
  if (table.length !== 2 || table[0]?.length !== 2 || table[1]?.length !== 2) {
    fail('mcnemarFromTable', 'table must be 2×2: [[n11, b], [c, n00]] with rows = run A right/wrong');
  }
  return mcnemar(table[0][1], table[1][0]);
}

/** McNemar plus the accuracy difference (B − A) and its paired SE, from per-item 0/1 outcomes. */
export interface McnemarPairedResult extends McnemarResult {
  n: number;
  accuracyA: number;
  accuracyB: number;
  /** (c − b)/n: accuracy of B minus accuracy of A. */
  difference: number;
  /** Paired SE of the difference (SD of d_i ∈ {−1, 0, 1} over √n). */
  se: number;
}

/** Build b and c from paired 0/1 outcomes (same item order) and run {@link mcnemar}. */
export function mcnemarFromOutcomes(
  a01: ArrayLike<number | boolean>,
  b01: ArrayLike<number | boolean>,
): McnemarPairedResult {
  const fn = 'mcnemarFromOutcomes';
  assertSameLength(fn, a01, b01);
  const n = a01.length;
  let b = 0;
  let c = 0;
  let ra = 0;
  let rb = 0;
  const xa = new Float64Array(n);
  const xb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const va = Number(a01[i]);
    const vb = Number(b01[i]);
    if ((va !== 0 && va !== 1) || (vb !== 0 && vb !== 1))
      fail(fn, `outcomes must be 0/1 or boolean, got ${String(a01[i])} and ${String(b01[i])} at index ${i}`);
    xa[i] = va;
    xb[i] = vb;
    ra += va;
    rb += vb;
    if (va === 1 && vb === 0) b++;
    if (va === 0 && vb === 1) c++;
  }
  const base = mcnemar(b, c);
  const se = n >= 2 ? pairedTTest(xb, xa).se : NaN;
  return { ...base, n, accuracyA: ra / n, accuracyB: rb / n, difference: (c - b) / n, se };
}
