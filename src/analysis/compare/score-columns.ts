import type { CaseMetadata } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { CaseColumns, StoredReview, TrialColumns } from '../../store/types.js';
import { applyReview, reviewKey } from '../case-scores.js';
import type { CaseTable } from './case-table.js';

/** One grader's usable scores on a run, case by case: case i's are `values[start[i] .. start[i + 1])`. */
export interface GraderScores {
  readonly name: string;
  readonly start: readonly number[];
  readonly values: readonly number[];
  /** 1 where the score at the same position passed, else 0. */
  readonly passes: readonly number[];
  /** Per case: passing usable scores. */
  readonly passCount: readonly number[];
  /** Per case: the sum of usable values, added in repeat order. */
  readonly sum: readonly number[];
  /** Per case: repeats whose score is an error (grader error, target error or missing). */
  readonly errors: readonly number[];
  readonly pending: readonly number[];
  /** Every usable value is exactly 0 or 1. */
  readonly binary: boolean;
}

/**
 * A run folded by case into parallel columns, what comparisons work on: case i is the same
 * case in every column. The columnar twin of a {@link CaseTable}, without an object per case.
 */
export interface ScoreColumns {
  readonly caseIds: readonly string[];
  readonly slices: readonly string[];
  readonly metadata: readonly CaseMetadata[];
  readonly weights: readonly number[];
  /** Case indexes in ascending case id order (JavaScript string order). */
  readonly order: readonly number[];
  /** Every grader seen, in first-seen order. */
  readonly graders: readonly GraderScores[];
  readonly trials: number;
  readonly targetErrors: number;
  readonly maxRepeats: number;
}

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

/** The columns of a case table (cases in the table's order). */
export function scoreColumnsFromTable(table: CaseTable): ScoreColumns {
  const rows = [...table.cases.values()];
  const graders = table.graders.map((name): GraderScores => {
    const g = { name, start: [] as number[], values: [] as number[], passes: [] as number[], passCount: [] as number[], sum: [] as number[], errors: [] as number[], pending: [] as number[], binary: true };
    for (const row of rows) {
      const s = row.graders.get(name);
      g.start.push(g.values.length);
      let passes = 0;
      let sum = 0;
      s?.values.forEach((v, k) => {
        const pass = s.passes[k];
        g.values.push(v);
        g.passes.push(pass ? 1 : 0);
        if (pass) passes += 1;
        sum += v;
        if (v !== 0 && v !== 1) g.binary = false;
      });
      g.passCount.push(passes);
      g.sum.push(sum);
      g.errors.push(s?.errors ?? 0);
      g.pending.push(s?.pending ?? 0);
    }
    g.start.push(g.values.length);
    return g;
  });
  const caseIds = rows.map((r) => r.caseId);
  return {
    caseIds, slices: rows.map((r) => r.slice), metadata: rows.map((r) => r.metadata), weights: rows.map((r) => r.weight), order: sortedOrder(caseIds),
    graders, trials: table.trials, targetErrors: table.targetErrors, maxRepeats: table.maxRepeats,
  };
}

/**
 * Reads a run's scores as columns: the same fold as `readCaseTable` (done reviews replace
 * pending human scores; a target error counts as an error for every grader), from the
 * store's columnar reads. Pass `cases` when the dataset version's columns are already read.
 */
export async function readScoreColumns(store: Store, run: { readonly runId: string; readonly datasetVersion: string }, cases?: CaseColumns): Promise<ScoreColumns> {
  const [columns, reviews, caseColumns] = await Promise.all([
    store.trials.listColumns(run.runId),
    store.reviews.list({ runId: run.runId, status: 'done' }),
    cases ?? store.datasets.listCaseColumns(run.datasetVersion),
  ]);
  return foldColumns(columns, caseColumns, new Map(reviews.map((r) => [reviewKey(r.caseId, r.repeat, r.grader), r])));
}

function foldColumns({ trials, scores }: TrialColumns, cases: CaseColumns, reviews: ReadonlyMap<string, StoredReview>): ScoreColumns {
  const fold = new ColumnsFold();
  const graderOf: (GraderFold | undefined)[] = [];
  let cursor = 0;
  let index: Map<string, number> | undefined;
  // Trials and cases come in the same key order, so a cursor finds nearly every case;
  // a trial whose case is not in the dataset falls back to a lookup (and the defaults).
  const caseAt = (id: string): number => {
    if (cases.caseIds[cursor] === id) return cursor++;
    index ??= new Map(cases.caseIds.map((c, k) => [c, k]));
    const k = index.get(id);
    if (k !== undefined) cursor = k + 1;
    return k ?? -1;
  };
  let prev: string | undefined;
  for (let i = 0; i < trials.caseIds.length; i++) {
    const id = trials.caseIds[i];
    if (id !== prev) {
      const k = caseAt(id);
      fold.openCase(id, k < 0 ? 'typical' : cases.slices[k], k < 0 ? {} : cases.metadata[k], k < 0 ? 1 : cases.weights[k]);
      prev = id;
    }
    if (!fold.addTrial(trials.errors[i])) continue;
    for (let j = trials.scoreStart[i]; j < trials.scoreStart[i + 1]; j++) {
      const name = scores.graderNames[scores.grader[j]];
      const g = (graderOf[scores.grader[j]] ??= fold.grader(name, [i, scores.ordinals[j]]));
      if (scores.pending[j] === 1) {
        const review = reviews.size === 0 ? undefined : reviews.get(reviewKey(id, trials.repeats[i], name));
        const r = review && applyReview({ grader: name, value: scores.values[j], pending: true }, review);
        if (r && !r.pending) g.usable(r.value, r.pass === true);
        else g.pendingCount += 1;
      } else if (scores.errors[j] !== null || !Number.isFinite(scores.values[j])) {
        g.errorCount += 1;
      } else {
        const pass = scores.pass[j];
        g.usable(scores.values[j], pass === -1 ? scores.values[j] >= 1 : pass === 1);
      }
    }
  }
  return fold.finish();
}

/** One grader's columns while a run is folded case by case, with the open case's counters. */
class GraderFold {
  readonly columns = { name: '', start: [] as number[], values: [] as number[], passes: [] as number[], passCount: [] as number[], sum: [] as number[], errors: [] as number[], pending: [] as number[], binary: true };
  errorCount = 0;
  pendingCount = 0;
  #passes = 0;
  #sum = 0;
  #openedAt = 0;

  /** Where the grader was first seen: (trial, position among the trial's scores). */
  readonly firstSeen: readonly [number, number];

  constructor(name: string, casesBefore: number, firstSeen: readonly [number, number]) {
    this.columns.name = name;
    this.firstSeen = firstSeen;
    for (let i = 0; i < casesBefore; i++) this.close();
  }

  usable(value: number, pass: boolean): void {
    this.columns.values.push(value);
    this.columns.passes.push(pass ? 1 : 0);
    if (pass) this.#passes += 1;
    this.#sum += value;
    if (value !== 0 && value !== 1) this.columns.binary = false;
  }

  close(): void {
    const c = this.columns;
    c.start.push(this.#openedAt);
    c.passCount.push(this.#passes);
    c.sum.push(this.#sum);
    c.errors.push(this.errorCount);
    c.pending.push(this.pendingCount);
    this.#openedAt = c.values.length;
    this.#passes = this.#sum = this.errorCount = this.pendingCount = 0;
  }
}

/** A run folded case by case: the trials of a case arrive together. */
class ColumnsFold {
  readonly #caseIds: string[] = [];
  readonly #slices: string[] = [];
  readonly #metadata: CaseMetadata[] = [];
  readonly #weights: number[] = [];
  readonly #trialsPerCase: number[] = [];
  readonly #graders: GraderFold[] = [];
  #trials = 0;
  #targetErrors = 0;

  openCase(id: string, slice: string, metadata: CaseMetadata, weight: number): void {
    if (this.#caseIds.length > 0) for (const g of this.#graders) g.close();
    this.#caseIds.push(id);
    this.#slices.push(slice);
    this.#metadata.push(metadata);
    this.#weights.push(weight);
    this.#trialsPerCase.push(0);
  }

  /** Counts a trial of the open case; false when it is a target error (its scores are not read). */
  addTrial(error: string | null): boolean {
    this.#trialsPerCase[this.#trialsPerCase.length - 1] += 1;
    this.#trials += 1;
    if (!error) return true;
    this.#targetErrors += 1;
    return false;
  }

  /** A grader first seen in the open case. */
  grader(name: string, firstSeen: readonly [number, number]): GraderFold {
    const g = new GraderFold(name, this.#caseIds.length - 1, firstSeen);
    this.#graders.push(g);
    return g;
  }

  finish(): ScoreColumns {
    const n = this.#caseIds.length;
    if (n > 0) for (const g of this.#graders) g.close();
    let maxRepeats = 0;
    for (const t of this.#trialsPerCase) maxRepeats = Math.max(maxRepeats, t);
    // A repeat with no score for a grader (a target error, or a score never stored) is an error.
    for (const { columns: g } of this.#graders) {
      g.start.push(g.values.length);
      for (let i = 0; i < n; i++) {
        const accounted = g.start[i + 1] - g.start[i] + g.errors[i] + g.pending[i];
        if (accounted < this.#trialsPerCase[i]) g.errors[i] += this.#trialsPerCase[i] - accounted;
      }
    }
    return {
      caseIds: this.#caseIds, slices: this.#slices, metadata: this.#metadata, weights: this.#weights, order: sortedOrder(this.#caseIds),
      graders: this.#graders.sort((a, b) => a.firstSeen[0] - b.firstSeen[0] || a.firstSeen[1] - b.firstSeen[1]).map((g) => g.columns), trials: this.#trials, targetErrors: this.#targetErrors, maxRepeats,
    };
  }
}

/** Indexes of `ids` in ascending order; the identity when they are sorted already (the store's order). */
function sortedOrder(ids: readonly string[]): number[] {
  const order = ids.map((_, i) => i);
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1] < ids[i])) return order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  }
  return order;
}
