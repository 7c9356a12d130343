import type { Store } from '../../store/store.js';
import type { CaseColumns, StoredReview, StoredRun, StoredTrial, TrialColumns } from '../../store/types.js';
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
  await store.trials.scanColumns(run.runId, (page) => folder.add(page), {
    reasons: options.reasons === true,
    ...(options.pageSize !== undefined && { pageSize: options.pageSize }),
  });
  return folder.finish();
}

/**
 * Folds trial objects (tests, in-memory callers) through the same fold: they are turned into
 * the store's column shapes first. Trials may come in any order.
 */
export function foldTrials(
  trials: Iterable<StoredTrial>,
  options: {
    readonly reviews?: readonly StoredReview[];
    readonly rules?: PassRules;
    readonly config?: StoredRun['config'];
  } = {},
): ScoreColumns {
  const sorted = [...trials].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : a.repeat - b.repeat));
  const rules = options.rules ?? (options.config ? passRulesOf(options.config) : uniformPassRules(1));
  return foldRun({ columns: toColumns(sorted), cases: caseColumnsOf(sorted), reviews: options.reviews ?? [], rules });
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

function toColumns(trials: readonly StoredTrial[]): TrialColumns {
  const graderNames: string[] = [];
  const index = new Map<string, number>();
  const scores = trials.flatMap((t) => t.scores.map((s, ordinal) => ({ s, ordinal })));
  const scoreStart = new Uint32Array(trials.length + 1);
  trials.forEach((t, i) => (scoreStart[i + 1] = scoreStart[i] + t.scores.length));
  const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : Number.NaN);
  const judgeOf = (meta: unknown) =>
    (meta as { judge?: { costUsd?: unknown; usage?: { totalTokens?: unknown } } } | undefined)?.judge;
  return {
    trials: {
      caseIds: trials.map((t) => t.caseId),
      repeats: Int32Array.from(trials, (t) => t.repeat),
      errors: trials.map((t) => t.error ?? null),
      scoreStart,
      latencyMs: Float64Array.from(trials, (t) => num(t.latencyMs)),
      costUsd: Float64Array.from(trials, (t) => num(t.output?.costUsd)),
      inputTokens: Float64Array.from(trials, (t) => num(t.output?.usage?.inputTokens)),
      outputTokens: Float64Array.from(trials, (t) => num(t.output?.usage?.outputTokens)),
    },
    scores: {
      graderNames,
      grader: Uint16Array.from(scores, ({ s }) => {
        let g = index.get(s.grader);
        if (g === undefined) index.set(s.grader, (g = graderNames.push(s.grader) - 1));
        return g;
      }),
      ordinals: Int32Array.from(scores, ({ ordinal }) => ordinal),
      values: Float64Array.from(scores, ({ s }) => num(s.value)),
      pass: Int8Array.from(scores, ({ s }) => (s.pass === undefined ? -1 : s.pass ? 1 : 0)),
      pending: Uint8Array.from(scores, ({ s }) => (s.pending ? 1 : 0)),
      errors: scores.map(({ s }) => s.error ?? null),
      judgeCalls: Uint8Array.from(scores, ({ s }) => (typeof judgeOf(s.meta) === 'object' ? 1 : 0)),
      judgeCostUsd: Float64Array.from(scores, ({ s }) => num(judgeOf(s.meta)?.costUsd)),
      judgeTokens: Float64Array.from(scores, ({ s }) => num(judgeOf(s.meta)?.usage?.totalTokens) || 0),
      reasons: scores.map(({ s }) => s.reason ?? null),
    },
  };
}
