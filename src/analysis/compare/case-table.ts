import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredReview, StoredRun, StoredTrial } from '../../store/types.js';
import type { ScoreColumns } from '../metrics/case-fold.js';
import type { PassRules } from '../metrics/pass-rule.js';
import { foldTrials, readFold } from '../metrics/read-fold.js';

/** A run's trials folded by case: the one fold (`metrics/case-fold.ts`) under its older name. */
export type CaseTable = ScoreColumns;

/** Folds trial objects into a case table (tests and in-memory callers); trials may come in any order. */
export function buildCaseTable(
  trials: Iterable<StoredTrial>,
  options: {
    readonly reviews?: readonly StoredReview[];
    readonly rules?: PassRules;
    readonly config?: StoredRun['config'];
  } = {},
): CaseTable {
  return foldTrials(trials, options);
}

/** Reads a stored run's case table; done reviews replace pending human scores. */
export async function readCaseTable(
  store: Store,
  runId: string,
  options: { readonly reasons?: boolean } = {},
): Promise<CaseTable> {
  const run = await store.runs.get(runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`.',
    });
  return readFold(store, run, options);
}

/** True when every usable score of the grader is exactly 0 or 1 on every table. */
export function isBinaryGrader(grader: string, ...tables: readonly CaseTable[]): boolean {
  return tables.every((t) => t.graders.find((g) => g.name === grader)?.binary ?? true);
}
