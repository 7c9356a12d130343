import { createHash } from 'node:crypto';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { ScoreColumns } from '../metrics/case-fold.js';
import { SUMMARY_VERSION } from '../summary-types.js';
import { decodeFold, encodeFold, readFoldKey } from './fold-codec.js';

/** Bump when the fold's fields or their meaning change: older snapshots are then ignored. */
export const FOLD_FORMAT = 1;

/**
 * What a stored fold was made from. It is used only while all of it still holds: the same
 * fold format and summary version, the run's trial count and done reviews, and the pass rules
 * of its config. (The stores also drop a run's fold whenever its trials or reviews are written.)
 */
export interface FoldKey {
  readonly format: number;
  readonly summaryVersion: number;
  readonly trials: number;
  readonly doneReviews: number;
  readonly rules: string;
}

type RunRef = Pick<StoredRun, 'runId' | 'config'> & Partial<Pick<StoredRun, 'trials'>>;

/** The key of a fold of `trials` trials and `doneReviews` done reviews of `run`. */
export function foldKeyOf(run: Pick<StoredRun, 'config'>, trials: number, doneReviews: number): FoldKey {
  return { format: FOLD_FORMAT, summaryVersion: SUMMARY_VERSION, trials, doneReviews, rules: rulesHash(run.config) };
}

/** The config fields pass rules are read from (metrics/pass-rule.ts), hashed. */
function rulesHash(config: StoredRun['config'] | undefined): string {
  const text = JSON.stringify([config?.graders ?? null, config?.graderSpecs ?? null]);
  return createHash('sha256').update(text).digest('hex');
}

/** The done reviews a fold of the run would apply, counted the way the key counts them. */
export function countDoneReviews(store: Store, runId: string): Promise<number> {
  return store.reviews.count({ runId, status: 'done' });
}

/** A fold as the bytes `runs.update({ summary, fold })` stores. */
export function encodeStoredFold(fold: ScoreColumns, key: FoldKey): Uint8Array {
  return encodeFold(fold, key);
}

/**
 * The run's stored fold when it is current (see {@link FoldKey}); undefined otherwise, and the
 * caller folds the run's trials.
 */
export async function readStoredFold(store: Store, run: RunRef): Promise<ScoreColumns | undefined> {
  const bytes = await store.runs.getFold(run.runId);
  if (!bytes) return undefined;
  const stored = storedKey(bytes);
  if (!stored) return undefined;
  const [trials, doneReviews] = await Promise.all([
    run.trials ?? store.trials.count(run.runId),
    countDoneReviews(store, run.runId),
  ]);
  if (!sameKey(stored, foldKeyOf(run, trials, doneReviews))) return undefined;
  return decodeFold<ScoreColumns>(bytes)?.fold;
}

function storedKey(bytes: Uint8Array): FoldKey | undefined {
  try {
    const key = readFoldKey(bytes);
    return key !== null && typeof key === 'object' ? (key as FoldKey) : undefined;
  } catch {
    // A snapshot whose header does not parse is as good as none: the run is folded from its trials.
    return undefined;
  }
}

function sameKey(a: FoldKey, b: FoldKey): boolean {
  return (
    a.format === b.format &&
    a.summaryVersion === b.summaryVersion &&
    a.trials === b.trials &&
    a.doneReviews === b.doneReviews &&
    a.rules === b.rules
  );
}
