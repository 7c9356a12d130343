import { caseMean, isBinaryGrader, segmentValue, type CaseRow, type CaseTable } from './case-table.js';
import { caseMeanAt, type GraderPair, type SharedCases } from './score-columns.js';
import type { GraderKind } from './types.js';

export interface GraderPairs {
  readonly kind: GraderKind;
  /** Pass/fail and one repeat on both sides: McNemar applies. */
  readonly singleBinary: boolean;
  readonly paired: { readonly row: CaseRow; readonly baseline: number; readonly candidate: number }[];
  /** Shared cases left out: a side has only errored scores, or only pending ones. */
  readonly errored: number;
  readonly pending: number;
}

/**
 * Pairs one grader's per-case means on the cases both runs hold (optionally one segment's):
 * pass shares for pass/fail graders, mean scores for continuous ones.
 */
export function pairGrader(b: CaseTable, c: CaseTable, grader: string, segment?: { field: string; value: string }): GraderPairs {
  const kind: GraderKind = isBinaryGrader(grader, b, c) ? 'binary' : 'continuous';
  const singleBinary = kind === 'binary' && b.maxRepeats <= 1 && c.maxRepeats <= 1;
  const paired: GraderPairs['paired'] = [];
  let errored = 0;
  let pending = 0;
  for (const id of [...b.cases.keys()].sort()) {
    const rowB = b.cases.get(id)!;
    const rowC = c.cases.get(id);
    if (!rowC) continue;
    if (segment && segmentValue(rowC, segment.field) !== segment.value) continue;
    const sb = rowB.graders.get(grader);
    const sc = rowC.graders.get(grader);
    const mb = caseMean(sb, kind);
    const mc = caseMean(sc, kind);
    if (mb === undefined || mc === undefined) {
      if ((sb?.errors ?? 0) + (sc?.errors ?? 0) > 0) errored += 1;
      else pending += 1;
      continue;
    }
    paired.push({ row: rowC, baseline: mb, candidate: mc });
  }
  return { kind, singleBinary, paired, errored, pending };
}

export interface ScorePairs {
  /** Per-case values of the paired cases, in ascending case id order. */
  readonly baseline: number[];
  readonly candidate: number[];
  /** The candidate's case index of each pair. */
  readonly cases: number[];
  /** Shared cases left out: a side has only errored scores, or only pending ones. */
  readonly errored: number;
  readonly pending: number;
}

/** {@link pairGrader} over score columns: one grader's per-case means on the shared cases. */
export function pairScores(shared: SharedCases, pair: GraderPair, kind: GraderKind): ScorePairs {
  const baseline: number[] = [];
  const candidate: number[] = [];
  const cases: number[] = [];
  let errored = 0;
  let pending = 0;
  for (let k = 0; k < shared.ids.length; k++) {
    const ib = shared.baseline[k];
    const ic = shared.candidate[k];
    const mb = caseMeanAt(pair.baseline, ib, kind);
    const mc = caseMeanAt(pair.candidate, ic, kind);
    if (mb === undefined || mc === undefined) {
      if (pair.baseline.errors[ib] + pair.candidate.errors[ic] > 0) errored += 1;
      else pending += 1;
      continue;
    }
    baseline.push(mb);
    candidate.push(mc);
    cases.push(ic);
  }
  return { baseline, candidate, cases, errored, pending };
}
