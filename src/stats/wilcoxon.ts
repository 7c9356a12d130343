/**
 * Wilcoxon signed-rank test with scipy's semantics (spec §3.6).
 *
 * Why the exact null only without zeros and ties: with tied |d| the rank sum R+ can be a
 * half-integer, which the subset-sum null cannot represent (scipy 1.10 silently truncates
 * it). We switch to the tie-corrected normal approximation instead and say so in `reason`.
 */
import { normalCdf, normalSf } from './distributions/normal.js';
import { fail, normalizeAlternative, toFiniteArray, type Alternative } from './validation.js';

/** Options of {@link wilcoxonSignedRank}. */
export interface WilcoxonOptions {
  /** 'wilcox' drops zeros (default); 'pratt' ranks then drops them; 'zsplit' splits their ranks. */
  zeroMethod?: 'wilcox' | 'pratt' | 'zsplit';
  /** Continuity correction for the normal approximation (default false). */
  correction?: boolean;
  alternative?: Alternative | 'smaller' | 'larger';
  /** 'auto' (default: exact when n ≤ 50 with no zeros or ties), 'exact' or 'approx'. */
  method?: 'auto' | 'exact' | 'approx';
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** min(R+, R−) for two-sided, R+ for one-sided. */
  statistic: number;
  pvalue: number;
  rPlus: number;
  rMinus: number;
  /** z of the normal approximation (NaN when the exact null was used). */
  zStatistic: number;
  method: 'exact' | 'approx';
  /** Number of differences ranked (after dropping zeros for 'wilcox'). */
  n: number;
  nZeros: number;
  reason?: string;
}

/** Average ranks (1-based) of the values; also returns the tie-group sizes > 1. */
export function averageRanks(values: ArrayLike<number>): { ranks: Float64Array; ties: number[] } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    if (j > i) ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

/** Null distribution of R+ for n untied ranks: P(R+ = r), r = 0..n(n+1)/2, by subset-sum DP. */
export function signedRankNull(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const p = new Float64Array(max + 1);
  p[0] = 1;
  let top = 0;
  for (let k = 1; k <= n; k++) {
    top += k;
    for (let r = top; r >= 0; r--) p[r] = 0.5 * (p[r] + (r >= k ? p[r - k] : 0));
  }
  return p;
}

/** Wilcoxon signed-rank test on paired differences d = a − b. */
export function wilcoxonSignedRank(differences: ArrayLike<number>, options: WilcoxonOptions = {}): WilcoxonResult {
  const fn = 'wilcoxonSignedRank';
  const zeroMethod = options.zeroMethod ?? 'wilcox';
  if (zeroMethod !== 'wilcox' && zeroMethod !== 'pratt' && zeroMethod !== 'zsplit') {
    fail(fn, `zeroMethod must be 'wilcox', 'pratt' or 'zsplit', got '${String(zeroMethod)}'`);
  }
  const requested = options.method ?? 'auto';
  if (requested !== 'auto' && requested !== 'exact' && requested !== 'approx') {
    fail(fn, `method must be 'auto', 'exact' or 'approx', got '${String(requested)}'`);
  }
  const alternative = normalizeAlternative(fn, options.alternative);
  const all = toFiniteArray(fn, 'differences', differences);
  let nZeros = 0;
  for (const v of all) if (v === 0) nZeros++;
  const d = zeroMethod === 'wilcox' ? all.filter((v) => v !== 0) : all;
  const count = d.length;
  const abs = d.map(Math.abs);
  const { ranks } = averageRanks(abs);
  let rPlus = 0;
  let rMinus = 0;
  let rZero = 0;
  for (let i = 0; i < count; i++) {
    if (d[i] > 0) rPlus += ranks[i];
    else if (d[i] < 0) rMinus += ranks[i];
    else rZero += ranks[i];
  }
  if (zeroMethod === 'zsplit') {
    rPlus += rZero / 2;
    rMinus += rZero / 2;
  }
  const allZero = nZeros === all.length;
  if (count === 0 || (allZero && zeroMethod === 'pratt')) {
    return {
      statistic: NaN,
      pvalue: 1,
      rPlus,
      rMinus,
      zStatistic: NaN,
      method: 'approx',
      n: count,
      nZeros,
      reason: all.length === 0 ? 'no differences' : 'every difference is 0: no evidence (p = 1)',
    };
  }
  const statistic = alternative === 'two-sided' ? Math.min(rPlus, rMinus) : rPlus;
  // As scipy: any zero switches to the normal approximation, even for 'wilcox'.
  const hasZeros = nZeros > 0;
  const nonzeroAbs = zeroMethod === 'pratt' ? abs.filter((v) => v !== 0) : abs;
  const tieGroups = averageRanks(nonzeroAbs).ties;
  const hasTies = tieGroups.length > 0 || (zeroMethod === 'zsplit' && nZeros > 1);
  let method: 'exact' | 'approx' = requested === 'approx' ? 'approx' : 'exact';
  let reason: string | undefined;
  if (requested === 'auto' && all.length > 50) method = 'approx';
  if (method === 'exact' && (hasZeros || hasTies)) {
    method = 'approx';
    if (requested === 'exact')
      reason = 'zeros or tied |d| present: the exact null does not apply, normal approximation used';
  }
  if (method === 'exact') {
    const pmf = signedRankNull(count);
    const r = Math.round(rPlus);
    let pLess = 0;
    for (let k = 0; k <= r; k++) pLess += pmf[k];
    let pGreater = 0;
    for (let k = r; k < pmf.length; k++) pGreater += pmf[k];
    let pvalue: number;
    if (alternative === 'two-sided') pvalue = 2 * Math.min(pLess, pGreater);
    else if (alternative === 'greater') pvalue = pGreater;
    else pvalue = pLess;
    return {
      statistic,
      pvalue: Math.min(1, Math.max(0, pvalue)),
      rPlus,
      rMinus,
      zStatistic: NaN,
      method,
      n: count,
      nZeros,
      reason,
    };
  }
  let mu = (count * (count + 1)) / 4;
  let s = count * (count + 1) * (2 * count + 1);
  if (zeroMethod === 'pratt') {
    mu -= (nZeros * (nZeros + 1)) / 4;
    s -= nZeros * (nZeros + 1) * (2 * nZeros + 1);
  }
  const groups = zeroMethod === 'pratt' ? tieGroups : averageRanks(abs).ties;
  for (const t of groups) s -= 0.5 * t * (t * t - 1);
  const sigma = Math.sqrt(s / 24);
  let cc = 0;
  if (options.correction) {
    if (alternative === 'two-sided') cc = 0.5 * Math.sign(statistic - mu);
    else if (alternative === 'less') cc = -0.5;
    else cc = 0.5;
  }
  const z = sigma > 0 ? (statistic - mu - cc) / sigma : 0;
  let pvalue: number;
  if (alternative === 'two-sided') pvalue = 2 * normalSf(Math.abs(z));
  else if (alternative === 'greater') pvalue = normalSf(z);
  else pvalue = normalCdf(z);
  return {
    statistic,
    pvalue: Math.min(1, pvalue),
    rPlus,
    rMinus,
    zStatistic: z,
    method: 'approx',
    n: count,
    nZeros,
    reason,
  };
}
