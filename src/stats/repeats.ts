/**
 * Repeated trials (spec §3.8): variance decomposition of per-item repeats, and the paired
 * comparison of two runs with repeats.
 *
 * Why item means: the item, not the repeat, is the independent unit. Treating Σ K_i scores
 * as independent shrinks the SE by about √K and manufactures significance. The
 * decomposition shows how much of var(x̄) is repeat noise (σ²/K, which more repeats reduce)
 * versus real between-item spread (which only more items reduce).
 */
import { mean, variance } from './descriptive.js';
import { pairedTTest, type PairedTTestResult } from './paired-tests.js';
import { assertOpenUnit, fail } from './validation.js';

/** Result of {@link repeatsVarianceDecomposition}. */
export interface RepeatsDecomposition {
  nItems: number;
  /** Repeats per item K (balanced), or the unbalanced-ANOVA effective K₀. */
  k: number;
  balanced: boolean;
  grandMean: number;
  itemMeans: number[];
  /** sd(x̄)/√n (NaN for n = 1). */
  seGrandMean: number;
  varItemMeans: number;
  /** mean of σ̂²_i over items with K_i ≥ 2 (NaN when no item has 2 repeats). */
  meanWithinVar: number;
  /** var(x̄) − mean(σ̂²_i/K_i); negative means item differences are within noise. */
  betweenVarEst: number;
  msBetween: number;
  msWithin: number;
  icc1: number;
  reason?: string;
}

function itemMeansOf(fn: string, name: string, scores: ReadonlyArray<ArrayLike<number>>): number[] {
  return scores.map((row, i) => {
    if (row.length === 0) fail(fn, `${name}[${i}] has no scores; drop the item or record its repeats`);
    for (let k = 0; k < row.length; k++) {
      if (!Number.isFinite(row[k])) fail(fn, `${name}[${i}][${k}] must be a finite number, got ${row[k]}`);
    }
    return mean(row);
  });
}

/** Decompose the variance of repeat scores; `scoresPerItem[i]` holds item i's K_i repeats. */
export function repeatsVarianceDecomposition(scoresPerItem: ReadonlyArray<ArrayLike<number>>): RepeatsDecomposition {
  const fn = 'repeatsVarianceDecomposition';
  const itemMeans = itemMeansOf(fn, 'scoresPerItem', scoresPerItem);
  const nItems = itemMeans.length;
  if (nItems === 0) fail(fn, 'scoresPerItem must contain at least one item');
  const ks = scoresPerItem.map((r) => r.length);
  const balanced = ks.every((k) => k === ks[0]);
  const total = ks.reduce((a, b) => a + b, 0);
  const grandMean = mean(itemMeans);
  const varItemMeans = variance(itemMeans, 1);
  const seGrandMean = Math.sqrt(varItemMeans / nItems);
  const within: number[] = [];
  const withinOverK: number[] = [];
  let ssWithin = 0;
  scoresPerItem.forEach((row) => {
    if (row.length >= 2) {
      const v = variance(row, 1);
      within.push(v);
      withinOverK.push(v / row.length);
      ssWithin += v * (row.length - 1);
    }
  });
  const k = balanced ? ks[0] : (total - ks.reduce((a, b) => a + b * b, 0) / total) / (nItems - 1);
  const meanWithinVar = within.length > 0 ? mean(within) : NaN;
  const betweenVarEst = within.length === nItems ? varItemMeans - mean(withinOverK) : NaN;
  const pooledMean = scoresPerItem.reduce((a, row, i) => a + itemMeans[i] * row.length, 0) / total;
  let ssBetween = 0;
  itemMeans.forEach((m, i) => (ssBetween += ks[i] * (m - pooledMean) * (m - pooledMean)));
  const msBetween = nItems > 1 && total > nItems ? ssBetween / (nItems - 1) : NaN;
  const msWithin = total > nItems ? ssWithin / (total - nItems) : NaN;
  const icc1 = (msBetween - msWithin) / (msBetween + (k - 1) * msWithin);
  const reasons: string[] = [];
  if (nItems < 2) reasons.push('n = 1 item: SE undefined');
  if (within.length < nItems) reasons.push('some items have K = 1: within-item variance not estimable for them');
  return {
    nItems,
    k,
    balanced,
    grandMean,
    itemMeans,
    seGrandMean,
    varItemMeans,
    meanWithinVar,
    betweenVarEst,
    msBetween,
    msWithin,
    icc1,
    ...(reasons.length ? { reason: reasons.join('; ') } : {}),
  };
}

/** Result of {@link pairedRepeatsComparison}. */
export interface PairedRepeatsComparison {
  n: number;
  meanA: number;
  meanB: number;
  /** mean_A − mean_B over item means. */
  meanDiff: number;
  sePaired: number;
  seUnpaired: number;
  corrItemMeans: number;
  t: number;
  pvalue: number;
  df: number;
  lower: number;
  upper: number;
  itemMeansA: number[];
  itemMeansB: number[];
  /** Item-mean differences d_i, ready for the sign-flip test or the paired bootstrap. */
  differences: number[];
  test: PairedTTestResult;
  reason?: string;
}

/**
 * Compare two runs with repeats on the same items (row i of A and B is the same item; K may
 * differ): reduce to item means, then a paired t test on d_i = x̄_A,i − x̄_B,i.
 */
export function pairedRepeatsComparison(
  scoresA: ReadonlyArray<ArrayLike<number>>,
  scoresB: ReadonlyArray<ArrayLike<number>>,
  options: { alpha?: number } = {},
): PairedRepeatsComparison {
  const fn = 'pairedRepeatsComparison';
  const alpha = options.alpha ?? 0.05;
  assertOpenUnit(fn, 'alpha', alpha);
  if (scoresA.length !== scoresB.length) {
    fail(
      fn,
      `scoresA and scoresB must cover the same items in the same order, got ${scoresA.length} and ${scoresB.length} items; join on item id first`,
    );
  }
  const itemMeansA = itemMeansOf(fn, 'scoresA', scoresA);
  const itemMeansB = itemMeansOf(fn, 'scoresB', scoresB);
  const test = pairedTTest(itemMeansA, itemMeansB, { alpha });
  const differences = itemMeansA.map((a, i) => a - itemMeansB[i]);
  return {
    n: test.n,
    meanA: test.meanA,
    meanB: test.meanB,
    meanDiff: test.meanDiff,
    sePaired: test.se,
    seUnpaired: test.seUnpaired,
    corrItemMeans: test.correlation,
    t: test.statistic,
    pvalue: test.pvalue,
    df: test.df,
    lower: test.lower,
    upper: test.upper,
    itemMeansA,
    itemMeansB,
    differences,
    test,
    ...(test.reason ? { reason: test.reason } : {}),
  };
}
