import {
  clopperPearsonLowerBound,
  clusteredStandardError,
  effectiveSampleSize,
  stratifiedProportionInterval,
  tIntervalMean,
  weightedMean,
  weightedMeanInterval,
  wilsonInterval,
  wilsonIntervalFromRate,
} from '../../stats/index.js';

/** A point estimate with its interval. */
export interface Estimate {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** How a rate's interval was made (see docs/metrics.md). */
export type RateMethod =
  'wilson' | 'wilson-clustered' | 'wilson-kish' | 'wilson-kish-clustered' | 'wilson-stratified' | 'none';

export interface RateEstimate extends Estimate {
  /** Cases with at least one usable score: the unit. */
  readonly n: number;
  /** Usable scores (trials) behind the estimate. */
  readonly trials: number;
  /** The sample size the interval uses: n for one repeat, the design-effect–adjusted n otherwise. */
  readonly nEff: number;
  readonly method: RateMethod;
}

/** One case's outcomes on one grader: passes out of usable scores, and the case's weight. */
export interface CaseRate {
  readonly passes: number;
  readonly graded: number;
  readonly weight: number;
  /** The sampling stratum the case was drawn from (`dataset build`), and that stratum's sampling fraction. */
  readonly stratum?: string;
  readonly samplingFraction?: number;
}

const clamp01 = (x: number): number => (Number.isNaN(x) ? x : Math.min(1, Math.max(0, x)));

/**
 * The pass-rate estimator and interval, the one choice every view uses.
 * - One repeat, equal weights: Wilson on the counts.
 * - Repeats: the mean of per-case pass shares; the case-clustered variance (CRV1 over the trials,
 *   cases as clusters) gives the design effect deff = var / (p(1−p)/cases); Wilson at p with
 *   nEff = cases/deff, bounded to [1, trials]. With no spread at all (every case all-pass, or
 *   all-fail) nEff = cases, so two cases never collapse to a point.
 * - Unequal weights: the weighted mean of case shares, Wilson on Kish's nEff (divided by the
 *   clustering design effect when there are repeats).
 * - Unequal weights from a stratified draw (every case names its sampling stratum, as
 *   `dataset build` writes): Wilson at the nEff of the stratified design-based variance.
 * Cases without a usable score are left out; none at all gives NaN in [0, 1].
 */
export function rateInterval(cases: readonly CaseRate[], alpha = 0.05): RateEstimate {
  return rateIntervalOf(
    {
      passes: cases.map((c) => c.passes),
      graded: cases.map((c) => c.graded),
      weights: cases.map((c) => c.weight),
      strata: cases.map((c) => c.stratum),
      samplingFractions: cases.map((c) => c.samplingFraction),
    },
    alpha,
  );
}

/** {@link CaseRate}s as parallel columns (case k at index k): no object per case on large runs. */
export interface CaseRateColumns {
  readonly passes: ArrayLike<number>;
  readonly graded: ArrayLike<number>;
  readonly weights: ArrayLike<number>;
  /** Per case, the sampling stratum and fraction (`dataset build`); left out when no case has one. */
  readonly strata?: readonly (string | undefined)[];
  readonly samplingFractions?: readonly (number | undefined)[];
}

/** Whether a rate was estimated with unequal case weights (its cases' weights are not all the same). */
export function rateIsWeighted(method: RateMethod): boolean {
  return method === 'wilson-kish' || method === 'wilson-kish-clustered' || method === 'wilson-stratified';
}

/** {@link rateInterval} over columns: the same estimator, the same numbers. */
export function rateIntervalOf(cases: CaseRateColumns, alpha = 0.05): RateEstimate {
  let n = 0;
  let first = -1;
  let trials = 0;
  let passes = 0;
  let single = true;
  let weighted = false;
  const { graded, weights: caseWeights } = cases;
  for (let k = 0; k < graded.length; k++) {
    if (!(graded[k] > 0)) continue;
    if (first < 0) first = k;
    n++;
    trials += graded[k];
    passes += cases.passes[k];
    if (graded[k] !== 1) single = false;
    if (caseWeights[k] !== caseWeights[first]) weighted = true;
  }
  if (n === 0) return { value: Number.NaN, lower: 0, upper: 1, n, trials, nEff: 0, method: 'none' };
  if (single && !weighted) {
    const w = wilsonInterval(passes, n, alpha);
    return { value: w.value, lower: w.lower, upper: w.upper, n, trials, nEff: n, method: 'wilson' };
  }
  // The cases with a usable score, listed only past the counts' fast path above.
  const used = new Int32Array(n);
  for (let k = 0, u = 0; k < cases.graded.length; k++) if (cases.graded[k] > 0) used[u++] = k;
  const shares = Array.from(used, (k) => cases.passes[k] / cases.graded[k]);
  const deff = single ? 1 : designEffect(used, cases, shares);
  if (!weighted) {
    const p = shares.reduce((s, x) => s + x, 0) / n;
    const nEff = bound(deff > 0 ? n / deff : trials, trials);
    const w = wilsonIntervalFromRate(p, nEff, alpha);
    return { value: p, lower: w.lower, upper: w.upper, n, trials, nEff, method: 'wilson-clustered' };
  }
  const weights = Array.from(used, (k) => cases.weights[k]);
  const strata = cases.strata;
  if (strata && used.every((k) => strata[k] !== undefined)) {
    // Drawn by a stratified design (`dataset build`): the design-based variance of the weighted estimate.
    const d = stratifiedProportionInterval(
      shares,
      weights,
      Array.from(used, (k) => strata[k] as string),
      { alpha, samplingFraction: Array.from(used, (k) => cases.samplingFractions?.[k] ?? 0) },
    );
    return { value: d.value, lower: d.lower, upper: d.upper, n, trials, nEff: d.nEff, method: 'wilson-stratified' };
  }
  const p = weightedMean(shares, weights);
  const kish = effectiveSampleSize(weights);
  const nEff = bound(deff > 0 ? kish / deff : kish, trials);
  const w = wilsonIntervalFromRate(p, nEff, alpha);
  return {
    value: p,
    lower: w.lower,
    upper: w.upper,
    n,
    trials,
    nEff,
    method: single ? 'wilson-kish' : 'wilson-kish-clustered',
  };
}

/** How a gate's one-sided lower bound on a pass rate was made (see docs/metrics.md). */
export type RateBoundMethod = 'clopper-pearson' | 'clopper-pearson-neff' | 'none';

/** The one-sided lower bound a `minPassRateLower` gate decides with. */
export interface RateLowerBound {
  readonly lower: number;
  /** One-sided confidence: 1 − α/2 (0.975 at α = 0.05), the level of the interval's lower end. */
  readonly confidence: number;
  readonly method: RateBoundMethod;
  /** The sample size behind it: cases, or the effective n the interval uses. */
  readonly n: number;
}

/**
 * The exact one-sided lower bound of a pass rate, at 1 − α/2 (the side of the two-sided
 * interval a bar reads). One repeat, equal weights: Clopper–Pearson on the counts, the exact
 * binomial test of H0: p ≤ bar, so a bar at the true rate passes at most α/2 of the time at
 * every n (Wilson's lower end, which the interval shows, passes 2.8–3.0%). Repeats or weights:
 * Clopper–Pearson on the effective count p·nEff of the effective n the interval uses
 * (Korn–Graubard). No graded case: 0.
 */
export function rateLowerBound(estimate: RateEstimate, alpha = 0.05): RateLowerBound {
  const confidence = 1 - alpha / 2;
  if (estimate.method === 'none' || !Number.isFinite(estimate.value)) {
    return { lower: 0, confidence, method: 'none', n: 0 };
  }
  if (estimate.method === 'wilson') {
    const x = Math.round(estimate.value * estimate.n);
    return {
      lower: clopperPearsonLowerBound(x, estimate.n, confidence),
      confidence,
      method: 'clopper-pearson',
      n: estimate.n,
    };
  }
  const n = estimate.nEff;
  const x = Math.min(n, Math.max(0, estimate.value * n));
  return { lower: clopperPearsonLowerBound(x, n, confidence), confidence, method: 'clopper-pearson-neff', n };
}

/**
 * Clustered variance over binomial variance at n = cases; 1 when there is no spread at all
 * (p(1−p) = 0), so the interval keeps the width of `cases` independent outcomes.
 */
function designEffect(used: Int32Array, cases: CaseRateColumns, shares: readonly number[]): number {
  const values: number[] = [];
  const clusters: number[] = [];
  used.forEach((c, k) => {
    for (let r = 0; r < cases.graded[c]; r++) {
      values.push(r < cases.passes[c] ? 1 : 0);
      clusters.push(k);
    }
  });
  const p = shares.reduce((s, x) => s + x, 0) / shares.length;
  const binomial = (p * (1 - p)) / used.length;
  if (!(binomial > 0) || used.length < 2) return 1;
  const se = clusteredStandardError(values, clusters).seCrv1;
  return Number.isFinite(se) ? (se * se) / binomial : 1;
}

function bound(nEff: number, trials: number): number {
  return Math.min(trials, Math.max(1, nEff));
}

/**
 * A mean score with its interval: t on case means (weighted: on Kish's nEff), clamped to [0, 1].
 * Fewer than two cases give the vacuous [0, 1].
 */
export function meanInterval(caseMeans: ArrayLike<number>, weights: ArrayLike<number>, alpha = 0.05): Estimate {
  const n = caseMeans.length;
  if (n === 0) return { value: Number.NaN, lower: 0, upper: 1 };
  let weighted = false;
  for (let k = 1; k < weights.length && !weighted; k++) weighted = weights[k] !== weights[0];
  const m = weighted ? weightedMeanInterval(caseMeans, weights, alpha) : tIntervalMean(caseMeans, alpha);
  if (n < 2 || !Number.isFinite(m.lower)) return { value: m.value, lower: 0, upper: 1 };
  return { value: m.value, lower: clamp01(m.lower), upper: clamp01(m.upper) };
}
