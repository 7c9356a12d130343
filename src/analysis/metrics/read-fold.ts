import type { Store } from '../../store/store.js';
import { compareKeys } from '../../store/store-columns.js';
import { TrialColumnsBuilder } from '../../store/trial-columns-builder.js';
import type { CaseColumns, StoredReview, StoredRun, StoredTrial } from '../../store/types.js';
import { readStoredFold } from '../fold-snapshot/stored-fold.js';
import { foldRun, RunFolder, type ScoreColumns } from './case-fold.js';
import { passRulesOf, uniformPassRules, type PassRules } from './pass-rule.js';

export interface ReadFoldOptions {
  /** Dataset columns already read (runs of one dataset version share them). */
  readonly cases?: CaseColumns;
  /** Also read each score's reason (reporters show them). */
  readonly reasons?: boolean;
  /** Trials per page read from the store (the store's default otherwise). */
  readonly pageSize?: number;
  /**
   * The run's trials as the process that wrote them gathered them (src/run-eval.ts), folded
   * instead of reading the trials back, when there are as many as the store holds for the run
   * (`run.trials`); otherwise the store is read as usual.
   */
  readonly written?: TrialColumnsBuilder;
}

/**
 * Reads and folds a stored run: the store's columns (`trials.scanColumns`, page by page, and
 * `datasets.listCaseColumns`), its done reviews, and the pass rules of its graders. Only
 * the per-case fold grows with the run; a page of trials is dropped once folded.
 *
 * @example
 * const fold = await readFold(store, run);
 * const summary = summarizeFold(run, fold);
 */
export async function readFold(
  store: Store,
  run: Pick<StoredRun, 'runId' | 'datasetVersion' | 'config'> & Partial<Pick<StoredRun, 'trials'>>,
  options: ReadFoldOptions = {},
): Promise<ScoreColumns> {
  // A finished run's fold stored with its summary, while current (reasons are not stored).
  if (options.reasons !== true) {
    const stored = await readStoredFold(store, run);
    if (stored) return stored;
  }
  const [reviews, cases] = await Promise.all([
    store.reviews.list({ runId: run.runId, status: 'done' }),
    options.cases ?? store.datasets.listCaseColumns(run.datasetVersion),
  ]);
  const folder = new RunFolder({ cases, reviews, rules: passRulesOf(run.config) });
  const written = options.written;
  if (written !== undefined && options.reasons !== true && run.trials !== undefined && written.size === run.trials) {
    folder.add(written.finish());
    return folder.finish();
  }
  await store.trials.scanColumns(run.runId, (page) => folder.add(page), {
    reasons: options.reasons === true,
    ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
  });
  return folder.finish();
}

/**
 * Folds trial objects (tests, in-memory callers) through the same fold: they are turned into
 * the store's columns first (`TrialColumnsBuilder`). Trials may come in any order.
 */
export function foldTrials(
  trials: Iterable<StoredTrial>,
  options: {
    readonly reviews?: readonly StoredReview[];
    readonly rules?: PassRules;
    readonly config?: StoredRun['config'];
  } = {},
): ScoreColumns {
  const sorted = [...trials].sort((a, b) => compareKeys(a.caseId, a.repeat, b.caseId, b.repeat));
  const rules = options.rules ?? (options.config ? passRulesOf(options.config) : uniformPassRules(1));
  const columns = new TrialColumnsBuilder({ reasons: true });
  for (const t of sorted) columns.add(t);
  return foldRun({ columns: columns.finish(), cases: caseColumnsOf(sorted), reviews: options.reviews ?? [], rules });
}

function caseColumnsOf(trials: readonly StoredTrial[]): CaseColumns {
  const seen = new Map<string, StoredTrial>();
  for (const t of trials) if (!seen.has(t.caseId)) seen.set(t.caseId, t);
  const rows = [...seen.values()];
  return {
    caseIds: rows.map((t) => t.caseId),
    slices: rows.map((t) => t.slice ?? 'typical'),
    metadata: rows.map((t) => t.metadata ?? {}),
    weights: Float64Array.from(rows, (t) => t.weight ?? 1),
  };
}
