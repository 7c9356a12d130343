import type { Estimate } from './summary-types.js';
import { stratifiedProportionInterval, tIntervalMean, weightedMeanInterval, weightedProportionInterval, wilsonInterval } from '../stats/index.js';
import type { CaseRecord } from './case-scores.js';

export interface GroupEstimate {
  readonly passRate: Estimate;
  readonly mean: Estimate;
  /** Cases with at least one graded trial: the unit of every interval. */
  readonly n: number;
  readonly nEff: number;
  readonly weighted: boolean;
  readonly errors: number;
  readonly pending: number;
}

const clamp01 = (x: number) => (Number.isNaN(x) ? x : Math.min(1, Math.max(0, x)));

/**
 * Pass rate and mean score of one grader over a group of cases. The case is the unit: with
 * repeats, each case contributes the mean of its repeats (repeats of one case are not
 * independent). Unweighted single-repeat pass rates use the exact Wilson interval on counts;
 * otherwise Wilson on the Kish effective sample size of the case means.
 */
export function estimateGroup(records: Iterable<CaseRecord>, grader: string, alpha = 0.05): GroupEstimate {
  const passMeans: number[] = [];
  const scoreMeans: number[] = [];
  const weights: number[] = [];
  const design: ([string, number] | undefined)[] = [];
  let errors = 0;
  let pending = 0;
  let passes = 0;
  let singleTrial = true;
  let weighted = false;
  for (const r of records) {
    const g = r.grades.get(grader);
    if (!g) continue;
    errors += g.errors;
    pending += g.pending;
    if (g.graded === 0) continue;
    passMeans.push(g.passes / g.graded);
    scoreMeans.push(g.sum / g.graded);
    weights.push(r.weight);
    design.push(samplingDesign(r));
    passes += g.passes;
    if (g.graded !== 1) singleTrial = false;
    if (r.weight !== 1) weighted = true;
  }
  const n = passMeans.length;
  if (n === 0) {
    const empty = { value: Number.NaN, lower: 0, upper: 1 };
    return { passRate: empty, mean: empty, n, nEff: 0, weighted, errors, pending };
  }
  let passRate: Estimate;
  let mean: Estimate;
  let nEff = n;
  if (!weighted && singleTrial) {
    const w = wilsonInterval(passes, n, alpha);
    passRate = { value: w.value, lower: w.lower, upper: w.upper };
  } else if (weighted && design.length === n && design.every((d) => d !== undefined)) {
    // Cases drawn by `dataset build`: the stratified design-based interval (see design-interval.ts).
    const strata = design.map((d) => (d as [string, number])[0]);
    const fractions = design.map((d) => (d as [string, number])[1]);
    const w = stratifiedProportionInterval(passMeans, weights, strata, { alpha, samplingFraction: fractions });
    passRate = { value: w.value, lower: w.lower, upper: w.upper };
    nEff = w.nEff;
  } else {
    const w = weightedProportionInterval(passMeans, weights, alpha);
    passRate = { value: w.value, lower: w.lower, upper: w.upper };
    nEff = w.nEff;
  }
  if (weighted) {
    const m = weightedMeanInterval(scoreMeans, weights, alpha);
    mean = { value: m.value, lower: clamp01(m.lower), upper: clamp01(m.upper) };
  } else {
    const m = tIntervalMean(scoreMeans, alpha);
    mean = { value: m.value, lower: clamp01(m.lower), upper: clamp01(m.upper) };
  }
  return { passRate, mean, n, nEff, weighted, errors, pending };
}

/** The `dataset build` stratum and sampling fraction a case was drawn with, if it was. */
function samplingDesign(r: CaseRecord): [string, number] | undefined {
  const stratum = r.metadata.samplingStratum;
  const fraction = r.metadata.samplingFraction;
  if (typeof stratum !== 'string') return undefined;
  return [stratum, typeof fraction === 'number' && fraction >= 0 && fraction <= 1 ? fraction : 0];
}
