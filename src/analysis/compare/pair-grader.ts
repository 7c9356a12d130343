import { estimateGraderOn, passRateOn } from '../metrics/measure.js';
import type { Estimate } from '../metrics/rate-interval.js';
import { caseMeanAt, type GraderPair, type ScoreColumns, type SharedCases } from './score-columns.js';
import type { GraderKind } from './types.js';

export interface ScorePairs {
  /** Per-case values of the paired cases, in ascending case id order. */
  readonly baseline: number[];
  readonly candidate: number[];
  /** The candidate's case index of each pair. */
  readonly cases: number[];
  /** The baseline's case index of each pair. */
  readonly baselineCases: number[];
  /** Shared cases left out: a side has only errored scores, or only pending ones. */
  readonly errored: number;
  readonly pending: number;
}

/** One grader's per-case means on the shared cases (pass shares for binary graders, mean scores otherwise). */
export function pairScores(shared: SharedCases, pair: GraderPair, kind: GraderKind): ScorePairs {
  // Sized for every shared case and cut to the pairs made: no array grows case by case.
  const size = shared.ids.length;
  const baseline = new Array<number>(size);
  const candidate = new Array<number>(size);
  const cases = new Array<number>(size);
  const baselineCases = new Array<number>(size);
  let m = 0;
  let errored = 0;
  let pending = 0;
  for (let k = 0; k < size; k++) {
    const ib = shared.baseline[k];
    const ic = shared.candidate[k];
    const mb = caseMeanAt(pair.baseline, ib, kind);
    const mc = caseMeanAt(pair.candidate, ic, kind);
    if (mb === undefined || mc === undefined) {
      if (pair.baseline.errors[ib] + pair.candidate.errors[ic] > 0) errored += 1;
      else if (pair.baseline.pending[ib] + pair.candidate.pending[ic] > 0) pending += 1;
      // Otherwise the grader does not apply to the case on a side (a turn a conversation did not reach).
      continue;
    }
    baseline[m] = mb;
    candidate[m] = mc;
    cases[m] = ic;
    baselineCases[m++] = ib;
  }
  for (const column of [baseline, candidate, cases, baselineCases]) column.length = m;
  return { baseline, candidate, cases, baselineCases, errored, pending };
}

/**
 * Each side's estimate on the given paired cases, by the registry's estimators (the summary's):
 * the pass rate for binary comparisons, the mean score otherwise.
 */
export function sideEstimates(
  b: ScoreColumns,
  c: ScoreColumns,
  grader: string,
  kind: GraderKind,
  baselineCases: readonly number[],
  candidateCases: readonly number[],
  alpha: number,
): { baseline: Estimate; candidate: Estimate } {
  const one = (fold: ScoreColumns, cases: readonly number[]): Estimate => {
    const e =
      kind === 'binary' ? passRateOn(fold, grader, cases, alpha) : estimateGraderOn(fold, grader, cases, alpha).mean;
    return { value: e.value, lower: e.lower, upper: e.upper };
  };
  return { baseline: one(b, baselineCases), candidate: one(c, candidateCases) };
}

/** Merges the two runs' cases in ascending id order: shared ones, and those on one side only. */
export function matchCases(
  b: ScoreColumns,
  c: ScoreColumns,
): { shared: SharedCases; onlyInBaselineIds: string[]; onlyInCandidateIds: string[] } {
  const shared = { ids: [] as string[], baseline: [] as number[], candidate: [] as number[] };
  const onlyB: string[] = [];
  const onlyC: string[] = [];
  let x = 0;
  let y = 0;
  while (x < b.order.length || y < c.order.length) {
    const idB = x < b.order.length ? b.caseIds[b.order[x]] : undefined;
    const idC = y < c.order.length ? c.caseIds[c.order[y]] : undefined;
    if (idB !== undefined && idB === idC) {
      shared.ids.push(idB);
      shared.baseline.push(b.order[x++]);
      shared.candidate.push(c.order[y++]);
    } else if (idC === undefined || (idB !== undefined && idB < idC)) {
      onlyB.push(idB!);
      x++;
    } else {
      onlyC.push(idC);
      y++;
    }
  }
  return { shared, onlyInBaselineIds: onlyB, onlyInCandidateIds: onlyC };
}

/** The shared cases restricted to those whose candidate case is in `keep`. */
export function restrictShared(shared: SharedCases, keep: ReadonlySet<number>): SharedCases {
  const out = { ids: [] as string[], baseline: [] as number[], candidate: [] as number[] };
  shared.ids.forEach((id, k) => {
    if (!keep.has(shared.candidate[k])) return;
    out.ids.push(id);
    out.baseline.push(shared.baseline[k]);
    out.candidate.push(shared.candidate[k]);
  });
  return out;
}
