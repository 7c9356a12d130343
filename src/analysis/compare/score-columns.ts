import type { CaseMetadata } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { CaseColumns, StoredReview, TrialColumns } from '../../store/types.js';
import { applyReview, reviewKey } from '../case-scores.js';
import type { CaseTable } from './case-table.js';

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
  /** Per case: repeats whose score is an error (grader error, target error or missing). */
  readonly errors: Uint32Array;
  readonly pending: Uint32Array;
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
    const start: number[] = [];
    const values: number[] = [];
    const passes: number[] = [];
    const passCount: number[] = [];
    const sum: number[] = [];
    let binary = true;
    for (const row of rows) {
      const s = row.graders.get(name);
      start.push(values.length);
      let k = 0;
      let total = 0;
      s?.values.forEach((v, r) => {
        values.push(v);
        passes.push(s.passes[r] ? 1 : 0);
        if (s.passes[r]) k += 1;
        total += v;
        if (v !== 0 && v !== 1) binary = false;
      });
      passCount.push(k);
      sum.push(total);
    }
    start.push(values.length);
    return {
      name, start: Uint32Array.from(start), values: Float64Array.from(values), passes: Uint8Array.from(passes), passCount: Uint32Array.from(passCount),
      sum: Float64Array.from(sum), errors: Uint32Array.from(rows, (r) => r.graders.get(name)?.errors ?? 0),
      pending: Uint32Array.from(rows, (r) => r.graders.get(name)?.pending ?? 0), binary,
    };
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
  const fold = new ColumnsFold(trials.caseIds.length);
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
  let c = -1;
  for (let i = 0; i < trials.caseIds.length; i++) {
    const id = trials.caseIds[i];
    if (id !== prev) {
      const k = caseAt(id);
      c = fold.openCase(id, k < 0 ? 'typical' : cases.slices[k], k < 0 ? {} : cases.metadata[k], k < 0 ? 1 : cases.weights[k]);
      prev = id;
    }
    if (!fold.addTrial(c, trials.errors[i])) continue;
    for (let j = trials.scoreStart[i]; j < trials.scoreStart[i + 1]; j++) {
      const name = scores.graderNames[scores.grader[j]];
      const g = (graderOf[scores.grader[j]] ??= fold.grader(name, [i, scores.ordinals[j]]));
      const value = scores.values[j];
      if (scores.pending[j] === 1) {
        const review = reviews.size === 0 ? undefined : reviews.get(reviewKey(id, trials.repeats[i], name));
        const r = review && applyReview({ grader: name, value, pending: true }, review);
        if (r && !r.pending) g.usable(c, r.value, r.pass === true);
        else g.pending[c] += 1;
      } else if (scores.errors[j] !== null || !Number.isFinite(value)) {
        g.errors[c] += 1;
      } else {
        const pass = scores.pass[j];
        g.usable(c, value, pass === -1 ? value >= 1 : pass === 1);
      }
    }
  }
  return fold.finish();
}

/** One grader's columns while a run is folded, sized for the most cases and scores it can have. */
class GraderFold {
  readonly graded: Uint32Array;
  readonly passCount: Uint32Array;
  readonly sum: Float64Array;
  readonly errors: Uint32Array;
  readonly pending: Uint32Array;
  values: Float64Array;
  passes: Uint8Array;
  length = 0;
  binary = true;

  /** `firstSeen`: where the grader was first seen, as (trial, position among the trial's scores). */
  constructor(readonly name: string, readonly firstSeen: readonly [number, number], maxCases: number, maxScores: number) {
    this.graded = new Uint32Array(maxCases);
    this.passCount = new Uint32Array(maxCases);
    this.sum = new Float64Array(maxCases);
    this.errors = new Uint32Array(maxCases);
    this.pending = new Uint32Array(maxCases);
    this.values = new Float64Array(maxScores);
    this.passes = new Uint8Array(maxScores);
  }

  usable(c: number, value: number, pass: boolean): void {
    if (this.length === this.values.length) this.#grow();
    this.values[this.length] = value;
    this.passes[this.length++] = pass ? 1 : 0;
    this.graded[c] += 1;
    if (pass) this.passCount[c] += 1;
    this.sum[c] += value;
    if (value !== 0 && value !== 1) this.binary = false;
  }

  #grow(): void {
    const values = new Float64Array(this.values.length * 2 + 16);
    const passes = new Uint8Array(values.length);
    values.set(this.values);
    passes.set(this.passes);
    this.values = values;
    this.passes = passes;
  }

  /** The columns of the first `n` cases. A repeat with no score (a target error, or none stored) is an error. */
  finish(n: number, trialsPerCase: Uint32Array): GraderScores {
    const start = new Uint32Array(n + 1);
    for (let c = 0; c < n; c++) {
      start[c + 1] = start[c] + this.graded[c];
      const accounted = this.graded[c] + this.errors[c] + this.pending[c];
      if (accounted < trialsPerCase[c]) this.errors[c] += trialsPerCase[c] - accounted;
    }
    return {
      name: this.name, start, values: this.values.slice(0, this.length), passes: this.passes.slice(0, this.length), passCount: this.passCount.slice(0, n),
      sum: this.sum.slice(0, n), errors: this.errors.slice(0, n), pending: this.pending.slice(0, n), binary: this.binary,
    };
  }
}

/** A run folded case by case: the trials of a case arrive together. */
class ColumnsFold {
  readonly #caseIds: string[] = [];
  readonly #slices: string[] = [];
  readonly #metadata: CaseMetadata[] = [];
  readonly #weights: number[] = [];
  readonly #trialsPerCase: Uint32Array;
  readonly #graders: GraderFold[] = [];
  #trials = 0;
  #targetErrors = 0;

  constructor(maxCases: number) {
    this.#trialsPerCase = new Uint32Array(maxCases);
  }

  /** Starts the next case; returns its index. */
  openCase(id: string, slice: string, metadata: CaseMetadata, weight: number): number {
    this.#caseIds.push(id);
    this.#slices.push(slice);
    this.#metadata.push(metadata);
    this.#weights.push(weight);
    return this.#caseIds.length - 1;
  }

  /** Counts a trial of case `c`; false when it is a target error (its scores are not read). */
  addTrial(c: number, error: string | null): boolean {
    this.#trialsPerCase[c] += 1;
    this.#trials += 1;
    if (!error) return true;
    this.#targetErrors += 1;
    return false;
  }

  grader(name: string, firstSeen: readonly [number, number]): GraderFold {
    // A grader scores a trial at most once, so one value per trial is the usual capacity.
    const g = new GraderFold(name, firstSeen, this.#trialsPerCase.length, this.#trialsPerCase.length);
    this.#graders.push(g);
    return g;
  }

  finish(): ScoreColumns {
    const n = this.#caseIds.length;
    let maxRepeats = 0;
    for (let c = 0; c < n; c++) maxRepeats = Math.max(maxRepeats, this.#trialsPerCase[c]);
    const graders = [...this.#graders].sort((a, b) => a.firstSeen[0] - b.firstSeen[0] || a.firstSeen[1] - b.firstSeen[1]);
    return {
      caseIds: this.#caseIds, slices: this.#slices, metadata: this.#metadata, weights: this.#weights, order: sortedOrder(this.#caseIds),
      graders: graders.map((g) => g.finish(n, this.#trialsPerCase)), trials: this.#trials, targetErrors: this.#targetErrors, maxRepeats,
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
