import type { ScoreColumns } from './case-fold.js';
import { rateMde, type MdeMethod } from './mde.js';
import {
  meanInterval,
  rateIntervalOf,
  rateIsWeighted,
  rateLowerBound,
  type Estimate,
  type RateEstimate,
  type RateLowerBound,
} from './rate-interval.js';

/** One grader's figures over a set of cases: what the summary, gates and every report show. */
export interface GraderMeasure {
  readonly grader: string;
  readonly passRate: RateEstimate;
  /** The exact one-sided lower bound of the pass rate a `minPassRateLower` gate decides with. */
  readonly passRateBound: RateLowerBound;
  readonly mean: Estimate;
  /** Cases with at least one usable score (the unit of every interval). */
  readonly n: number;
  readonly nEff: number;
  readonly weighted: boolean;
  /** Trials of the cases measured. */
  readonly trials: number;
  /** Usable scores: the pass rate's denominator. */
  readonly graded: number;
  /** Trials without a usable or pending score: target errors plus the grader's own errors. */
  readonly errors: number;
  readonly graderErrors: number;
  readonly targetErrors: number;
  /** errors / trials. */
  readonly errorRate: number;
  readonly pending: number;
  readonly mde: number;
  /** The test the MDE is for (McNemar mid-p for one repeat of pass/fail; docs/metrics.md). */
  readonly mdeMethod: MdeMethod;
}

/** Every case index of a fold. */
export function allCases(fold: ScoreColumns): number[] {
  return fold.caseIds.map((_, i) => i);
}

/** A grader's estimates over a set of cases: its {@link GraderMeasure} without the planning figures. */
export type GraderEstimate = Omit<GraderMeasure, 'passRateBound' | 'mde' | 'mdeMethod'>;

/** Pass rate, mean score, errors and MDE of one grader over the given cases (all by default). */
export function measureGraderOn(
  fold: ScoreColumns,
  grader: string,
  cases: readonly number[] = allCases(fold),
  alpha = 0.05,
): GraderMeasure {
  const e = estimateGraderOn(fold, grader, cases, alpha);
  const { passRate } = e;
  const mde = rateMde(passRate.value, passRate.nEff, alpha, 0.8, passRate.method === 'wilson');
  return {
    grader,
    passRate,
    passRateBound: rateLowerBound(passRate, alpha),
    mean: e.mean,
    n: e.n,
    nEff: e.nEff,
    weighted: e.weighted,
    trials: e.trials,
    graded: e.graded,
    errors: e.errors,
    graderErrors: e.graderErrors,
    targetErrors: e.targetErrors,
    errorRate: e.errorRate,
    pending: e.pending,
    mde: mde.value,
    mdeMethod: mde.method,
  };
}

/**
 * The estimates of {@link measureGraderOn} (pass rate, mean score, counts) without its MDE and
 * gate bound, whose exact McNemar power takes most of the time on large runs: what a
 * comparison's sides show.
 */
export function estimateGraderOn(
  fold: ScoreColumns,
  grader: string,
  cases: readonly number[] = allCases(fold),
  alpha = 0.05,
): GraderEstimate {
  const byGrader = memoOf(estimates, fold, cases, () => new Map<string, GraderEstimate>());
  const key = `${grader}\u0000${alpha}`;
  let m = byGrader.get(key);
  if (!m) byGrader.set(key, (m = estimate(fold, grader, cases, alpha)));
  return m;
}

// A summary reads one grader's estimate over the same cases several times (its own figures,
// then the registry's metrics), and the run measure (run-measure.ts) twice: each is made once per (fold, cases),
// since over a million cases every pass costs a quarter of a second and 30 MB of columns.
const estimates = new WeakMap<object, WeakMap<readonly number[], Map<string, GraderEstimate>>>();

/** A value made once per (fold, case list), held as long as both are. */
export function memoOf<T>(
  memo: WeakMap<object, WeakMap<readonly number[], T>>,
  fold: ScoreColumns,
  cases: readonly number[],
  make: () => T,
): T {
  let byCases = memo.get(fold);
  if (!byCases) memo.set(fold, (byCases = new WeakMap()));
  let entry = byCases.get(cases);
  if (entry === undefined) byCases.set(cases, (entry = make()));
  return entry;
}

// The columns `estimate` fills, reused from one call to the next: a summary estimates a
// million cases a dozen times (each grader, each segment), and fresh columns every time pile
// up faster than the collector returns them. Held weakly, so they go once the summary is done.
// Nothing an estimate returns refers to them.
let scratch: WeakRef<ArrayBuffer> | undefined;

function scratchBuffer(bytes: number): ArrayBuffer {
  let buffer = scratch?.deref();
  if (buffer === undefined || buffer.byteLength < bytes) scratch = new WeakRef((buffer = new ArrayBuffer(bytes)));
  return buffer;
}

function estimate(fold: ScoreColumns, grader: string, cases: readonly number[], alpha: number): GraderEstimate {
  const c = graderColumnsOn(fold, grader, cases);
  const passRate = passRateOf(c, alpha);
  // Every case of `c` is graded, so the pass rate compared all their weights already.
  const weighted = rateIsWeighted(passRate.method);
  return {
    grader,
    passRate,
    mean: meanScoreOf(c, passRate, alpha),
    n: passRate.n,
    nEff: passRate.nEff,
    weighted,
    trials: c.trials,
    graded: passRate.trials,
    errors: c.errors,
    graderErrors: c.graderErrors,
    targetErrors: c.targetErrors,
    errorRate: c.trials === 0 ? Number.NaN : c.errors / c.trials,
    pending: c.pending,
  };
}

/**
 * The mean score with its interval. A grader whose every usable value is 0 or 1 has 0/1 data, so
 * its mean is a rate and gets the pass rate's estimator (Wilson, clustered with repeats, Kish or
 * stratified with weights: STATS.md prefers Wilson for 0/1 data), on the values; the t interval
 * collapses there (all 1s gave [100, 100] beside a pass rate of [34.2, 100] at two cases).
 * Continuous scores get the t interval on case means.
 */
function meanScoreOf(c: GraderColumns, passRate: RateEstimate, alpha: number): Estimate {
  if (!c.binary) return meanInterval(c.means, c.weights, alpha);
  // The values' passes per case; when they are the pass counts (a 1 passes, a 0 fails, as a
  // binary grader scores by default) the pass rate is the answer already.
  const ones = (k: number) => Math.round(c.means[k] * c.graded[k]);
  let same = true;
  for (let k = 0; k < c.means.length && same; k++) same = ones(k) === c.passes[k];
  const r = same
    ? passRate
    : rateIntervalOf(
        {
          passes: Array.from(c.means, (_, k) => ones(k)),
          graded: c.graded,
          weights: c.weights,
          ...(c.strata && { strata: c.strata, samplingFractions: c.samplingFractions }),
        },
        alpha,
      );
  return { value: r.value, lower: r.lower, upper: r.upper };
}

/** The pass rate of {@link estimateGraderOn} alone (a binary comparison's sides show nothing else). */
export function passRateOn(
  fold: ScoreColumns,
  grader: string,
  cases: readonly number[] = allCases(fold),
  alpha = 0.05,
): RateEstimate {
  return passRateOf(graderColumnsOn(fold, grader, cases), alpha);
}

/**
 * A grader's graded cases as columns (views of the shared scratch, valid until the next
 * call), and the counts over all the cases.
 */
interface GraderColumns {
  /** Every usable value of the grader (over the whole run) is exactly 0 or 1. */
  readonly binary: boolean;
  readonly passes: Uint32Array;
  readonly graded: Uint32Array;
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly strata?: (string | undefined)[];
  readonly samplingFractions?: (number | undefined)[];
  readonly trials: number;
  readonly errors: number;
  readonly graderErrors: number;
  readonly targetErrors: number;
  readonly pending: number;
}

function passRateOf(c: GraderColumns, alpha: number): RateEstimate {
  const rates = {
    passes: c.passes,
    graded: c.graded,
    weights: c.weights,
    ...(c.strata && { strata: c.strata, samplingFractions: c.samplingFractions }),
  };
  return rateIntervalOf(rates, alpha);
}

function graderColumnsOn(fold: ScoreColumns, grader: string, cases: readonly number[]): GraderColumns {
  const g = fold.graders.find((x) => x.name === grader);
  // Columns, not an object per case: a million cases are measured a dozen times per summary.
  const size = g ? cases.length : 0;
  // Counts as integers: half the memory, the same numbers (every count is exact in a double).
  // Every entry below u is written before it is read, so the scratch needs no clearing.
  const buffer = scratchBuffer(24 * size);
  const weightOf = new Float64Array(buffer, 0, size);
  const meanOf = new Float64Array(buffer, 8 * size, size);
  const passes = new Uint32Array(buffer, 16 * size, size);
  const graded = new Uint32Array(buffer, 20 * size, size);
  let strata: (string | undefined)[] | undefined;
  let samplingFractions: (number | undefined)[] | undefined;
  let u = 0;
  let trials = 0;
  let errors = 0;
  let graderErrors = 0;
  let targetErrors = 0;
  let pending = 0;
  // Columns held in locals: this loop runs a few times per summary, mostly unoptimised.
  const { trialsPerCase, targetErrorsPerCase, metadata, weights } = fold;
  // Cases read from a store share metadata objects: a run of cases with the same one shares its design.
  let designOf: object = NO_DESIGN;
  let design = NO_DESIGN;
  if (!g) {
    for (let j = 0; j < cases.length; j++) {
      const i = cases[j];
      trials += trialsPerCase[i];
      targetErrors += targetErrorsPerCase[i];
      errors += trialsPerCase[i];
    }
  } else {
    const { start, passCount, sum } = g;
    const caseErrors = g.errors;
    const caseGraderErrors = g.graderErrors;
    const casePending = g.pending;
    for (let j = 0; j < cases.length; j++) {
      const i = cases[j];
      trials += trialsPerCase[i];
      targetErrors += targetErrorsPerCase[i];
      errors += caseErrors[i];
      graderErrors += caseGraderErrors[i];
      pending += casePending[i];
      const k = start[i + 1] - start[i];
      if (k === 0) continue;
      if (metadata[i] !== designOf) {
        designOf = metadata[i];
        design = samplingDesign(metadata[i]);
      }
      if (design.stratum !== undefined && !strata) {
        strata = new Array<string | undefined>(u).fill(undefined);
        samplingFractions = new Array<number | undefined>(u).fill(undefined);
      }
      strata?.push(design.stratum);
      samplingFractions?.push(design.samplingFraction);
      passes[u] = passCount[i];
      graded[u] = k;
      weightOf[u] = weights[i];
      meanOf[u++] = sum[i] / k;
    }
  }
  return {
    binary: g?.binary ?? false,
    passes: passes.subarray(0, u),
    graded: graded.subarray(0, u),
    weights: weightOf.subarray(0, u),
    means: meanOf.subarray(0, u),
    ...(strata && { strata, samplingFractions }),
    trials,
    errors,
    graderErrors,
    targetErrors,
    pending,
  };
}

/** The cases whose segment field (`slice` or a metadata field) has the given value. */
export function casesWhere(fold: ScoreColumns, field: string, value: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < fold.caseIds.length; i++) if (segmentValueOf(fold, i, field) === value) out.push(i);
  return out;
}

/** The value case i has on a segment field, as a string (undefined when it has none). */
export function segmentValueOf(fold: ScoreColumns, i: number, field: string): string | undefined {
  if (field === 'slice') return fold.slices[i];
  const v = fold.metadata[i][field];
  return v === undefined || v === null ? undefined : String(v);
}

// Shared: most cases have no sampling design, and a million empty objects are a million allocations.
const NO_DESIGN: { stratum?: string; samplingFraction?: number } = Object.freeze({});

/** The `dataset build` stratum and sampling fraction a case was drawn with (provenance metadata), if any. */
export function samplingDesign(metadata: ScoreColumns['metadata'][number]): {
  stratum?: string;
  samplingFraction?: number;
} {
  const stratum = metadata.samplingStratum;
  if (typeof stratum !== 'string') return NO_DESIGN;
  const f = metadata.samplingFraction;
  return { stratum, samplingFraction: typeof f === 'number' && f >= 0 && f <= 1 ? f : 0 };
}
