import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { ScoreColumns } from '../metrics/case-fold.js';
import { foldTrials } from '../metrics/read-fold.js';
import { SUMMARY_VERSION } from '../summary-types.js';
import { decodeFold, encodeFold, readFoldKey } from './fold-codec.js';

/**
 * Bump when the meaning of the fold's fields changes: older snapshots are then ignored. (A change
 * of their names or types is caught without it: the key holds the fold's shape, see {@link foldShape}.)
 */
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
  /** The fold's field names and types ({@link foldShape}). */
  readonly shape: string;
}

type RunRef = Pick<StoredRun, 'runId' | 'config'> & Partial<Pick<StoredRun, 'trials'>>;

/** The key of a fold of `trials` trials and `doneReviews` done reviews of `run`. */
export function foldKeyOf(run: Pick<StoredRun, 'config'>, trials: number, doneReviews: number): FoldKey {
  return {
    format: FOLD_FORMAT,
    summaryVersion: SUMMARY_VERSION,
    trials,
    doneReviews,
    rules: rulesKey(run.config),
    shape: currentShape(),
  };
}

let shape: string | undefined;

/** The shape of a fold this code makes: one trial folded, so every field is there. */
function currentShape(): string {
  shape ??= foldShape(
    foldTrials([
      {
        runId: 'r',
        caseId: 'c',
        repeat: 0,
        output: { text: 'x', costUsd: 0.5, usage: { inputTokens: 1, outputTokens: 1 } },
        error: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        latencyMs: 1,
        scores: [{ grader: 'g', value: 1, pass: true, meta: { judge: { costUsd: 0.1, usage: { totalTokens: 3 } } } }],
        slice: 'typical',
        metadata: { lang: 'en' },
        weight: 1,
      },
    ]),
  );
  return shape;
}

/**
 * A fold's field names and types, as text: typed arrays by their type, other arrays as `[]`
 * (or the shape of their first element when it holds typed arrays, as graders do), objects by
 * their fields. A fold stored by code whose fold had another shape is not read back.
 */
export function foldShape(value: unknown): string {
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (Array.isArray(value)) {
    const first: unknown = value.find((x) => x !== undefined);
    const holdsTyped = typeof first === 'object' && first !== null && Object.values(first).some(ArrayBuffer.isView);
    return holdsTyped ? `[${foldShape(first)}]` : '[]';
  }
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const fields = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}:${foldShape(v)}`);
  return `{${fields.join(',')}}`;
}

/**
 * The config fields pass rules are read from (metrics/pass-rule.ts), as text: compared whole,
 * not hashed, so this module needs nothing of Node's (the dashboard's types reach it).
 */
function rulesKey(config: StoredRun['config'] | undefined): string {
  return JSON.stringify([config?.graders ?? null, config?.graderSpecs ?? null]);
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
  const bytes = await store.runs.getFold?.(run.runId);
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
    a.rules === b.rules &&
    a.shape === b.shape
  );
}
