/**
 * Omnibus tests for k related samples on the same blocks (cases): Cochran's Q for 0/1
 * outcomes and Friedman's rank test for scores, each with k − 1 degrees of freedom and the
 * chi-square limit for its p-value.
 *
 * Input is a block-major table: `table[i][j]` is block i's value under treatment j. Only
 * complete blocks belong here (the caller pairs cases every run scored).
 *
 * Why both share one shape: Cochran's Q is Friedman's tie-corrected statistic on 0/1 data,
 * so the two agree exactly on binary tables (the tests check this identity).
 */
import { chiSquareSf } from './distributions/gamma.js';
import { fail } from './validation.js';

/** Result of {@link cochransQ} and {@link friedmanTest}. */
export interface OmnibusResult {
  /** Q or the tie-corrected Friedman χ²; NaN when undefined (see `reason`). */
  statistic: number;
  df: number;
  /** Upper chi-square tail at `statistic` with `df`; 1 when the statistic is undefined. */
  pValue: number;
  /** Blocks (cases) used. */
  n: number;
  /** Treatments (runs). */
  k: number;
  /**
   * Kendall's W = statistic / (n(k − 1)), the share of the maximal disagreement between
   * treatments, in [0, 1]; NaN when the statistic is undefined.
   */
  effectSize: number;
  reason?: string;
}

function checkTable(fn: string, table: readonly (readonly number[])[]): { n: number; k: number } {
  const n = table.length;
  const k = n > 0 ? table[0].length : 0;
  table.forEach((row, i) => {
    if (row.length !== k)
      fail(fn, `table[${i}] has ${row.length} values, table[0] has ${k}; pass complete blocks only`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) fail(fn, `table[${i}][${j}] must be a finite number, got ${v}`);
    });
  });
  return { n, k };
}

function undefinedResult(n: number, k: number, reason: string): OmnibusResult {
  return { statistic: Number.NaN, df: Math.max(0, k - 1), pValue: 1, n, k, effectSize: Number.NaN, reason };
}

function finish(statistic: number, n: number, k: number): OmnibusResult {
  const df = k - 1;
  return { statistic, df, pValue: chiSquareSf(statistic, df), n, k, effectSize: statistic / (n * df) };
}

/**
 * Cochran's Q: Q = (k − 1)·(k·Σ_j T_j² − N²) / (k·N − Σ_i R_i²), with T_j the column (run)
 * totals, R_i the row (case) totals and N the grand total; df = k − 1.
 *
 * Edge cases: fewer than 2 treatments or no block → error. No block with mixed outcomes
 * (every case passed on all runs or failed on all) → statistic NaN, p = 1: nothing
 * distinguishes the runs (as McNemar with no discordant pairs). Values must be 0 or 1.
 *
 * @example
 * cochransQ([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0]]).pValue
 */
export function cochransQ(table: readonly (readonly number[])[]): OmnibusResult {
  const { n, k } = checkTable('cochransQ', table);
  if (n === 0) return undefinedResult(0, k, 'no complete block');
  if (k < 2) fail('cochransQ', `needs at least 2 treatments (columns), got ${k}`);
  table.forEach((row, i) =>
    row.forEach((v, j) => {
      if (v !== 0 && v !== 1)
        fail('cochransQ', `table[${i}][${j}] must be 0 or 1, got ${v}; use friedmanTest for scores`);
    }),
  );
  const colTotals = new Array<number>(k).fill(0);
  let grand = 0;
  let rowSquares = 0;
  for (const row of table) {
    let r = 0;
    row.forEach((v, j) => {
      colTotals[j] += v;
      r += v;
    });
    grand += r;
    rowSquares += r * r;
  }
  const denominator = k * grand - rowSquares;
  if (denominator === 0)
    return undefinedResult(n, k, 'no case has different outcomes across runs: no evidence either way');
  const colSquares = colTotals.reduce((s, t) => s + t * t, 0);
  return finish(((k - 1) * (k * colSquares - grand * grand)) / denominator, n, k);
}

/** Average ranks (1-based) of a row, ties sharing the mean of their ranks; also Σ(t³ − t) over tie groups. */
export function rankRow(row: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = row.map((_, j) => j).sort((a, b) => row[a] - row[b]);
  const ranks = new Array<number>(row.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && row[order[end]] === row[order[start]]) end++;
    const t = end - start;
    const average = (start + 1 + end) / 2;
    for (let m = start; m < end; m++) ranks[order[m]] = average;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/**
 * Friedman's test with the tie correction (as scipy's `friedmanchisquare`):
 * χ²_F = [12/(n·k·(k+1))·Σ_j R_j² − 3n(k+1)] / [1 − Σ(t³ − t)/(n·k·(k² − 1))], ranks within
 * each block, R_j the rank sums; df = k − 1. Works from k = 2 (scipy asks for 3).
 *
 * Edge cases: every block entirely tied → statistic NaN, p = 1 (no ordering information).
 *
 * @example
 * friedmanTest([[0.9, 0.7, 0.4], [0.8, 0.8, 0.5], [0.6, 0.9, 0.1]]).pValue
 */
export function friedmanTest(table: readonly (readonly number[])[]): OmnibusResult {
  const { n, k } = checkTable('friedmanTest', table);
  if (n === 0) return undefinedResult(0, k, 'no complete block');
  if (k < 2) fail('friedmanTest', `needs at least 2 treatments (columns), got ${k}`);
  const rankSums = new Array<number>(k).fill(0);
  let ties = 0;
  for (const row of table) {
    const { ranks, tieTerm } = rankRow(row);
    ranks.forEach((r, j) => (rankSums[j] += r));
    ties += tieTerm;
  }
  const correction = 1 - ties / (n * k * (k * k - 1));
  if (correction <= 1e-12) return undefinedResult(n, k, 'every case scored the runs equally: no ordering to test');
  const sumSquares = rankSums.reduce((s, r) => s + r * r, 0);
  const raw = (12 / (n * k * (k + 1))) * sumSquares - 3 * n * (k + 1);
  return finish(Math.max(0, raw / correction), n, k);
}
