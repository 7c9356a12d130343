/**
 * Agreement between two raters (spec §3.11): Cohen's κ with its asymptotic standard errors
 * and weighted κ. Used to calibrate an LLM judge against human labels.
 *
 * Why report p_o and the marginals next to κ: with a skewed prevalence κ can be low while
 * raw agreement is high ("kappa paradox"); readers need both to judge a judge.
 */
import { fail } from './validation.js';

/** Build the K×K contingency table (rows = rater 1) from paired labels. */
export function agreementTable<T extends string | number>(
  rater1: ArrayLike<T>,
  rater2: ArrayLike<T>,
  categories?: readonly T[],
): { table: number[][]; categories: T[] } {
  const fn = 'agreementTable';
  if (rater1.length !== rater2.length)
    fail(fn, `rater1 and rater2 must label the same items, got ${rater1.length} and ${rater2.length} labels`);
  const cats: T[] = categories ? [...categories] : sortedUnique([...Array.from(rater1), ...Array.from(rater2)]);
  const index = new Map<T, number>(cats.map((c, i) => [c, i]));
  const table = cats.map(() => cats.map(() => 0));
  for (let i = 0; i < rater1.length; i++) {
    const r = index.get(rater1[i]);
    const c = index.get(rater2[i]);
    if (r === undefined || c === undefined) {
      fail(
        fn,
        `label at index ${i} (${String(rater1[i])}, ${String(rater2[i])}) is not in categories; add it to categories`,
      );
    }
    table[r][c]++;
  }
  return { table, categories: cats };
}

function sortedUnique<T extends string | number>(values: T[]): T[] {
  const u = [...new Set(values)];
  return u.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
}

function checkTable(fn: string, table: number[][]): number {
  const k = table.length;
  if (k === 0) fail(fn, 'table must be a non-empty square matrix of counts');
  let total = 0;
  table.forEach((row, i) => {
    if (row.length !== k) fail(fn, `table must be square (K×K), row ${i} has ${row.length} entries, expected ${k}`);
    row.forEach((v, j) => {
      if (!(v >= 0) || !Number.isFinite(v)) fail(fn, `table[${i}][${j}] must be a non-negative count, got ${v}`);
      total += v;
    });
  });
  if (total === 0) fail(fn, 'table has no ratings (all counts are 0)');
  return total;
}

/** Result of {@link cohensKappa}. */
export interface KappaResult {
  kappa: number;
  /** Observed agreement p_o. */
  observedAgreement: number;
  /** Chance agreement p_e. */
  expectedAgreement: number;
  /** Asymptotic SE (Fleiss, Cohen & Everitt 1969). */
  stdKappa: number;
  /** SE under H0: κ = 0. */
  stdKappa0: number;
  n: number;
  /** Row (rater 1) and column (rater 2) marginal proportions — the prevalence. */
  rowMarginals: number[];
  colMarginals: number[];
  reason?: string;
}

/** Cohen's κ from a K×K table of counts (rows = rater 1, columns = rater 2). */
export function cohensKappa(table: number[][]): KappaResult {
  const fn = 'cohensKappa';
  const total = checkTable(fn, table);
  const k = table.length;
  const p = table.map((row) => row.map((v) => v / total));
  const rows = p.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = p[0].map((_, j) => p.reduce((a, row) => a + row[j], 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    po += p[i][i];
    pe += rows[i] * cols[i];
  }
  const base = { observedAgreement: po, expectedAgreement: pe, n: total, rowMarginals: rows, colMarginals: cols };
  if (Math.abs(1 - pe) < 1e-15) {
    return {
      ...base,
      kappa: NaN,
      stdKappa: NaN,
      stdKappa0: NaN,
      reason: 'chance agreement is 1 (one category used by both raters): κ undefined; report raw agreement',
    };
  }
  const kappa = (po - pe) / (1 - pe);
  let term1 = 0;
  let term2 = 0;
  let h0 = 0;
  for (let i = 0; i < k; i++) {
    const u = 1 - (rows[i] + cols[i]) * (1 - kappa);
    term1 += p[i][i] * u * u;
    h0 += rows[i] * cols[i] * (rows[i] + cols[i]);
    for (let j = 0; j < k; j++) {
      if (i !== j) term2 += p[i][j] * (cols[i] + rows[j]) * (cols[i] + rows[j]);
    }
  }
  const term3 = kappa - pe * (1 - kappa);
  const denom = (1 - pe) * (1 - pe) * total;
  const variance = (term1 + (1 - kappa) * (1 - kappa) * term2 - term3 * term3) / denom;
  const variance0 = (pe + pe * pe - h0) / denom;
  return { ...base, kappa, stdKappa: Math.sqrt(Math.max(0, variance)), stdKappa0: Math.sqrt(Math.max(0, variance0)) };
}

/** Result of {@link weightedKappa}. */
export interface WeightedKappaResult {
  kappa: number;
  weights: 'linear' | 'quadratic';
  n: number;
  reason?: string;
}

/**
 * Weighted κ: 1 − Σw·p_ij / Σw·p_i+·p_+j with w = |i−j| (linear) or (i−j)² (quadratic) on the
 * category index, so the table's category order must be the ordinal order.
 */
export function weightedKappa(table: number[][], weights: 'linear' | 'quadratic' = 'linear'): WeightedKappaResult {
  const fn = 'weightedKappa';
  if (weights !== 'linear' && weights !== 'quadratic')
    fail(fn, `weights must be 'linear' or 'quadratic', got '${String(weights)}'`);
  const total = checkTable(fn, table);
  const k = table.length;
  const rows = table.map((row) => row.reduce((a, b) => a + b, 0) / total);
  const cols = table[0].map((_, j) => table.reduce((a, row) => a + row[j], 0) / total);
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights === 'linear' ? Math.abs(i - j) : (i - j) * (i - j);
      obs += (w * table[i][j]) / total;
      exp += w * rows[i] * cols[j];
    }
  }
  if (exp === 0) return { kappa: NaN, weights, n: total, reason: 'expected weighted disagreement is 0: κ_w undefined' };
  return { kappa: 1 - obs / exp, weights, n: total };
}
