import type { Store } from '../../store/store.js';
import type { CaseColumns, StoredRun } from '../../store/types.js';
import type { GraderScores, ScoreColumns } from '../metrics/case-fold.js';
import { readFold } from '../metrics/read-fold.js';

export type { GraderScores, ScoreColumns } from '../metrics/case-fold.js';

/** The cases both runs hold, in ascending id order: their ids and their indexes on each side. */
export interface SharedCases {
  readonly ids: readonly string[];
  readonly baseline: readonly number[];
  readonly candidate: readonly number[];
}

/** One grader's scores on both sides. */
export interface GraderPair {
  readonly name: string;
  readonly baseline: GraderScores;
  readonly candidate: GraderScores;
}

/** The number of usable scores of case `i`. */
export function graded(g: GraderScores, i: number): number {
  return g.start[i + 1] - g.start[i];
}

/** Per-case mean: pass share for binary graders, mean score otherwise; undefined with no usable score. */
export function caseMeanAt(g: GraderScores, i: number, kind: 'binary' | 'continuous'): number | undefined {
  const n = graded(g, i);
  if (n === 0) return undefined;
  return (kind === 'binary' ? g.passCount[i] : g.sum[i]) / n;
}

/**
 * Reads a run's scores as columns: the one fold (`metrics/case-fold.ts`). Pass `cases` when
 * the dataset version's columns are already read.
 */
export async function readScoreColumns(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'datasetVersion' | 'config'>,
  cases?: CaseColumns,
): Promise<ScoreColumns> {
  return readFold(store, run, { cases });
}
