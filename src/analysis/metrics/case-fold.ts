import type { CaseMetadata } from '../../core/types.js';
import type { CaseColumns, StoredReview, TrialColumns } from '../../store/types.js';
import { FoldBuilder, type GraderFold } from './fold-builder.js';
import { passOf, reviewedScore, reviewKey, type PassRules } from './pass-rule.js';

/** One grader's usable scores on a run, case by case: case i's are `values[start[i] .. start[i + 1])`. */
export interface GraderScores {
  readonly name: string;
  /** One more entry than there are cases. */
  readonly start: Uint32Array;
  readonly values: Float64Array;
  /** 1 where the score at the same position passed, else 0. */
  readonly passes: Uint8Array;
  /** Per case: passing usable scores. */
  readonly passCount: Uint32Array;
  /** Per case: the sum of usable values, added in repeat order. */
  readonly sum: Float64Array;
  /** Per case: repeats without a usable or pending score (grader error, target error or none stored). */
  readonly errors: Uint32Array;
  /** Per case: the grader's own errors (it failed, timed out, or stored no number). */
  readonly graderErrors: Uint32Array;
  readonly pending: Uint32Array;
  /** Every usable value is exactly 0 or 1. */
  readonly binary: boolean;
  /** Per case: the last error message (the grader's, else the target's). */
  readonly errorMessages: readonly (string | undefined)[];
  /** Per case: the reason of the last failing score (only when the fold read reasons). */
  readonly failReasons: readonly (string | undefined)[];
}

/** Money and tokens of one side of the ledger: what is known, and how much is not. */
export interface CaseCosts {
  /** Per case: known target cost of trials that reached the target. */
  readonly targetUsd: Float64Array;
  /** Per case: trials that reached the target without a known cost. */
  readonly targetUnknown: Uint32Array;
  /** Per case: known cost of the graders' model calls. */
  readonly judgeUsd: Float64Array;
  readonly judgeCalls: Uint32Array;
  /** Per case: model calls of graders whose price is unknown. */
  readonly judgeUnknown: Uint32Array;
  readonly inputTokens: Float64Array;
  readonly outputTokens: Float64Array;
  readonly judgeTokens: Float64Array;
}

/**
 * A run folded by case: THE per-case table every view reads (summary, gates, compare, plan,
 * reporters, dashboard, calibrate). Case i is the same case in every column. Human reviews,
 * pending scores, grader errors and target errors are applied here and nowhere else.
 */
export interface ScoreColumns {
  readonly caseIds: readonly string[];
  readonly slices: readonly string[];
  readonly metadata: readonly CaseMetadata[];
  readonly weights: Float64Array;
  /** Case indexes in ascending case id order (JavaScript string order). */
  readonly order: Uint32Array;
  /** Every grader seen, in first-seen order. */
  readonly graders: readonly GraderScores[];
  readonly trials: number;
  readonly targetErrors: number;
  readonly maxRepeats: number;
  /** Per case: trials, and trials with a target error (and its last message). */
  readonly trialsPerCase: Uint32Array;
  readonly targetErrorsPerCase: Uint32Array;
  readonly targetErrorMessages: readonly (string | undefined)[];
  /** Latency of trials that reached the target (no target error), case i's at `latencyStart[i] ..`. */
  readonly latencyStart: Uint32Array;
  readonly latencyMs: Float64Array;
  /** Per case: summed latency of every trial (JUnit's time). */
  readonly timeMs: Float64Array;
  readonly costs: CaseCosts;
}

/** The one fold under its role name. */
export type CaseFold = ScoreColumns;

export interface FoldInput {
  readonly columns: TrialColumns;
  readonly cases: CaseColumns;
  /** Done reviews of the run; the last one per (case, repeat, grader) wins. */
  readonly reviews: readonly StoredReview[];
  readonly rules: PassRules;
}

/**
 * Folds a run's columns by case. Trials come ordered by case id then repeat (the store's
 * order), so each case's trials are contiguous. A trial whose case is not in the dataset
 * takes the defaults (slice `typical`, weight 1, no metadata).
 */
export function foldRun({ columns, cases, reviews, rules }: FoldInput): ScoreColumns {
  const folder = new RunFolder({ cases, reviews, rules, capacity: columns.trials.caseIds.length });
  folder.add(columns);
  return folder.finish();
}

/**
 * THE fold, page by page: {@link foldRun} hands it a run's columns at once, `readFold` one
 * store page after another (`trials.scanColumns`), so a run of a million trials is never held
 * as trials, only as the per-case columns. Pages come in the store's order (case id, then
 * repeat); a case's trials may straddle two pages.
 */
export class RunFolder {
  readonly #rules: PassRules;
  readonly #reviews: Map<string, StoredReview>;
  readonly #fold: FoldBuilder;
  readonly #caseAt: (id: string) => number;
  readonly #graders = new Map<string, GraderFold>();
  #prev: string | undefined;
  #c = -1;
  /** Trials folded so far: the global index of the next page's first trial. */
  #offset = 0;

  constructor(input: Omit<FoldInput, 'columns'> & { readonly capacity?: number }) {
    this.#rules = input.rules;
    this.#reviews = new Map(
      input.reviews.filter((r) => r.status === 'done').map((r) => [reviewKey(r.caseId, r.repeat, r.grader), r]),
    );
    this.#fold = new FoldBuilder(input.cases, input.capacity ?? Math.max(16, input.cases.caseIds.length));
    this.#caseAt = caseLocator(input.cases);
  }

  /** Folds the next page of trials. */
  add(columns: TrialColumns): void {
    const { trials, scores } = columns;
    const rules = this.#rules;
    const fold = this.#fold;
    // Grader indexes are the page's own: resolve each name once per page.
    const graderOf: (GraderFold | undefined)[] = [];
    const nTrials = trials.caseIds.length;
    // The columns in locals: a run's fold is made once, mostly by unoptimised code, where each
    // property read costs.
    const { caseIds, errors, scoreStart } = trials;
    const { graderNames, grader, values, pending, pass, reasons, judgeCalls } = scores;
    const scoreErrors = scores.errors;
    let c = this.#c;
    for (let i = 0; i < nTrials; i++) {
      const id = caseIds[i];
      if (id !== this.#prev) {
        // The dataset's own row (and string): the page's copy is dropped with the page.
        c = fold.openCase(this.#caseAt(id), id);
        this.#prev = id;
      }
      const error = errors[i];
      fold.addTrial(c, i, columns, error);
      for (let j = scoreStart[i]; j < scoreStart[i + 1]; j++) {
        if (judgeCalls[j] === 1) fold.addJudgeCall(c, j, columns);
        if (error) continue;
        const name = graderNames[grader[j]];
        const g = (graderOf[grader[j]] ??= this.#grader(name, this.#offset + i, scores.ordinals[j]));
        const value = values[j];
        if (pending[j] === 1) {
          const review = this.#reviews.get(reviewKey(id, trials.repeats[i], name));
          const r = review && reviewedScore(review, rules);
          if (r) g.usable(c, r.value, r.pass, review?.comment ?? undefined);
          else g.pending[c] += 1;
        } else if (scoreErrors[j] !== null || !Number.isFinite(value)) {
          g.graderErrors[c] += 1;
          g.errorMessages[c] = scoreErrors[j] ?? `'${name}' stored a non-numeric score`;
        } else {
          const p = pass[j];
          g.usable(c, value, passOf(name, value, p === -1 ? undefined : p === 1, rules), reasons?.[j] ?? undefined);
        }
      }
    }
    this.#c = c;
    this.#offset += nTrials;
  }

  /** The fold of every page added. */
  finish(): ScoreColumns {
    return this.#fold.finish();
  }

  #grader(name: string, trial: number, ordinal: number): GraderFold {
    let g = this.#graders.get(name);
    if (!g) this.#graders.set(name, (g = this.#fold.grader(name, [trial, ordinal])));
    return g;
  }
}

/** Finds a case's row in the dataset columns: a cursor in the common case, a lookup otherwise. */
function caseLocator(cases: CaseColumns): (id: string) => number {
  let cursor = 0;
  let index: Map<string, number> | undefined;
  return (id) => {
    if (cases.caseIds[cursor] === id) return cursor++;
    index ??= new Map(cases.caseIds.map((x, k) => [x, k]));
    const k = index.get(id);
    if (k !== undefined) cursor = k + 1;
    return k ?? -1;
  };
}
