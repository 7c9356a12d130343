import { isAssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { CaseColumns, StoredRun } from '../store/types.js';
import { countDoneReviews, encodeStoredFold, foldKeyOf, readStoredFold } from './fold-snapshot/stored-fold.js';
import type { ScoreColumns } from './metrics/case-fold.js';
import { readFold, type ReadFoldOptions } from './metrics/read-fold.js';
import { currentSummary, type RunSummary } from './summary-types.js';

/** A run's fold with the count of done reviews taken before it was read (see {@link storeRunSummary}). */
export interface CountedFold {
  readonly fold: ScoreColumns;
  readonly doneReviews: number;
}

/**
 * Reads a run's fold for a summary that will be stored. The done reviews are counted first: a
 * review saved while the fold is read then makes the stored key disagree, and the fold unused.
 */
export async function readCountedFold(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'datasetVersion' | 'config'> & Partial<Pick<StoredRun, 'trials'>>,
  options: Pick<ReadFoldOptions, 'cases' | 'written'> = {},
): Promise<CountedFold> {
  const doneReviews = await countDoneReviews(store, run.runId);
  return { fold: await readFold(store, run, options), doneReviews };
}

/**
 * A run's fold for a view that reads finished runs (compare): the stored one when current;
 * else folded from the trials, and stored with the run's current summary when it has one, so
 * the next read of a run finished before folds were stored is fast too.
 */
export async function readRunFold(store: Store, run: StoredRun, cases?: CaseColumns): Promise<ScoreColumns> {
  const stored = await readStoredFold(store, run);
  if (stored) return stored;
  const summary = currentSummary(run);
  if (!summary) return readFold(store, run, { cases });
  const counted = await readCountedFold(store, run, { cases });
  await storeRunSummary(store, run, summary, counted);
  return counted.fold;
}

/**
 * THE way a run's summary is stored: with the fold it was computed from, in one write, so
 * compare, gates and the dashboard read the fold back instead of every trial
 * (analysis/fold-snapshot). A fold the snapshot cannot hold is left out (those views then fold
 * the trials), never the summary.
 *
 * @example
 * const counted = await readCountedFold(store, run);
 * await storeRunSummary(store, run, summarizeFold(run, counted.fold), counted);
 */
export async function storeRunSummary(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'config'>,
  summary: RunSummary,
  { fold, doneReviews }: CountedFold,
): Promise<void> {
  const stored = summary as unknown as { readonly [key: string]: unknown };
  await store.runs.update(run.runId, { summary: stored, fold: snapshotOf(run, fold, doneReviews) });
}

function snapshotOf(run: Pick<StoredRun, 'config'>, fold: ScoreColumns, doneReviews: number): Uint8Array | null {
  try {
    return encodeStoredFold(fold, foldKeyOf(run, fold.trials, doneReviews));
  } catch (error) {
    // A field type the codec does not know yet (FOLD_SNAPSHOT_UNSUPPORTED): store the summary alone.
    if (isAssayError(error, 'FOLD_SNAPSHOT_UNSUPPORTED')) return null;
    throw error;
  }
}
