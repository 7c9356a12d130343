import type { CaseMetadata } from '../../core/types.js';
import type { CaseColumns, StoredReview, TrialColumns } from '../../store/types.js';
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
  readonly weights: readonly number[];
  /** Case indexes in ascending case id order (JavaScript string order). */
  readonly order: readonly number[];
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
  const { trials, scores } = columns;
  const reviewMap = new Map(
    reviews.filter((r) => r.status === 'done').map((r) => [reviewKey(r.caseId, r.repeat, r.grader), r]),
  );
  const nTrials = trials.caseIds.length;
  const fold = new FoldBuilder(nTrials);
  const graderOf: (GraderFold | undefined)[] = [];
  const caseAt = caseLocator(cases);
  let prev: string | undefined;
  let c = -1;
  for (let i = 0; i < nTrials; i++) {
    const id = trials.caseIds[i];
    if (id !== prev) {
      const k = caseAt(id);
      c = fold.openCase(
        id,
        k < 0 ? 'typical' : cases.slices[k],
        k < 0 ? {} : cases.metadata[k],
        k < 0 ? 1 : cases.weights[k],
      );
      prev = id;
    }
    const error = trials.errors[i];
    fold.addTrial(c, i, columns, error);
    for (let j = trials.scoreStart[i]; j < trials.scoreStart[i + 1]; j++) {
      fold.addJudgeCall(c, j, columns);
      if (error) continue;
      const name = scores.graderNames[scores.grader[j]];
      const g = (graderOf[scores.grader[j]] ??= fold.grader(name, [i, scores.ordinals[j]]));
      const value = scores.values[j];
      if (scores.pending[j] === 1) {
        const review = reviewMap.get(reviewKey(id, trials.repeats[i], name));
        const r = review && reviewedScore(review, rules);
        if (r) g.usable(c, r.value, r.pass, review?.comment ?? undefined);
        else g.pending[c] += 1;
      } else if (scores.errors[j] !== null || !Number.isFinite(value)) {
        g.graderErrors[c] += 1;
        g.errorMessages[c] = scores.errors[j] ?? `'${name}' stored a non-numeric score`;
      } else {
        const p = scores.pass[j];
        g.usable(
          c,
          value,
          passOf(name, value, p === -1 ? undefined : p === 1, rules),
          scores.reasons?.[j] ?? undefined,
        );
      }
    }
  }
  return fold.finish();
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

/** One grader's columns while a run is folded, sized for the most cases and scores it can have. */
class GraderFold {
  readonly graded: Uint32Array;
  readonly passCount: Uint32Array;
  readonly sum: Float64Array;
  readonly graderErrors: Uint32Array;
  readonly pending: Uint32Array;
  readonly errorMessages: (string | undefined)[] = [];
  readonly failReasons: (string | undefined)[] = [];
  values: Float64Array;
  passes: Uint8Array;
  length = 0;
  binary = true;

  /** `firstSeen`: where the grader was first seen, as (trial, position among the trial's scores). */
  constructor(
    readonly name: string,
    readonly firstSeen: readonly [number, number],
    maxCases: number,
  ) {
    this.graded = new Uint32Array(maxCases);
    this.passCount = new Uint32Array(maxCases);
    this.sum = new Float64Array(maxCases);
    this.graderErrors = new Uint32Array(maxCases);
    this.pending = new Uint32Array(maxCases);
    this.values = new Float64Array(16);
    this.passes = new Uint8Array(16);
  }

  usable(c: number, value: number, pass: boolean, reason: string | undefined): void {
    if (this.length === this.values.length) this.#grow();
    this.values[this.length] = value;
    this.passes[this.length++] = pass ? 1 : 0;
    this.graded[c] += 1;
    if (pass) this.passCount[c] += 1;
    else if (reason) this.failReasons[c] = reason;
    this.sum[c] += value;
    if (value !== 0 && value !== 1) this.binary = false;
  }

  #grow(): void {
    const values = new Float64Array(this.values.length * 2);
    const passes = new Uint8Array(values.length);
    values.set(this.values);
    passes.set(this.passes);
    this.values = values;
    this.passes = passes;
  }

  /**
   * The columns of the first `n` cases. A repeat with no score (a target error, or none stored)
   * is an error — except in a case where the grader scored no trial at all and the target never
   * failed: the grader does not apply there (a conversation turn's own grader, a per-turn
   * `name@turnN` score of a shorter conversation), so the case is left out, not counted missing.
   */
  finish(n: number, trialsPerCase: Uint32Array, targetErrors: readonly (string | undefined)[]): GraderScores {
    const start = new Uint32Array(n + 1);
    const errors = new Uint32Array(n);
    const graderErrors = this.graderErrors.slice(0, n);
    for (let c = 0; c < n; c++) {
      start[c + 1] = start[c] + this.graded[c];
      const accounted = this.graded[c] + graderErrors[c] + this.pending[c];
      errors[c] = graderErrors[c];
      const applies = accounted > 0 || targetErrors[c] !== undefined;
      if (applies && accounted < trialsPerCase[c]) errors[c] += trialsPerCase[c] - accounted;
      if (errors[c] > 0) this.errorMessages[c] ??= targetErrors[c] ?? `no '${this.name}' score stored for this trial`;
    }
    return {
      name: this.name,
      start,
      values: this.values.slice(0, this.length),
      passes: this.passes.slice(0, this.length),
      passCount: this.passCount.slice(0, n),
      sum: this.sum.slice(0, n),
      errors,
      graderErrors,
      pending: this.pending.slice(0, n),
      binary: this.binary,
      errorMessages: Array.from({ length: n }, (_, c) => this.errorMessages[c]),
      failReasons: Array.from({ length: n }, (_, c) => this.failReasons[c]),
    };
  }
}

/** Builds a {@link ScoreColumns}: one case at a time, trials of a case together. */
class FoldBuilder {
  readonly #caseIds: string[] = [];
  readonly #slices: string[] = [];
  readonly #metadata: CaseMetadata[] = [];
  readonly #weights: number[] = [];
  readonly #trialsPerCase: Uint32Array;
  readonly #targetErrorsPerCase: Uint32Array;
  readonly #targetErrorMessages: (string | undefined)[] = [];
  readonly #latency: number[] = [];
  readonly #latencyStart: number[] = [];
  readonly #timeMs: Float64Array;
  readonly #costs: CaseCosts;
  readonly #graders: GraderFold[] = [];
  #trials = 0;
  #targetErrors = 0;

  constructor(maxCases: number) {
    this.#trialsPerCase = new Uint32Array(maxCases);
    this.#targetErrorsPerCase = new Uint32Array(maxCases);
    this.#timeMs = new Float64Array(maxCases);
    const f = () => new Float64Array(maxCases);
    const u = () => new Uint32Array(maxCases);
    this.#costs = {
      targetUsd: f(),
      targetUnknown: u(),
      judgeUsd: f(),
      judgeCalls: u(),
      judgeUnknown: u(),
      inputTokens: f(),
      outputTokens: f(),
      judgeTokens: f(),
    };
  }

  /** Starts the next case; returns its index. */
  openCase(id: string, slice: string, metadata: CaseMetadata, weight: number): number {
    this.#caseIds.push(id);
    this.#slices.push(slice);
    this.#metadata.push(metadata);
    this.#weights.push(weight);
    this.#latencyStart.push(this.#latency.length);
    return this.#caseIds.length - 1;
  }

  /** Counts trial `i` of case `c`: its error, latency, cost and tokens. */
  addTrial(c: number, i: number, { trials }: TrialColumns, error: string | null): void {
    this.#trialsPerCase[c] += 1;
    this.#trials += 1;
    const latency = trials.latencyMs[i];
    if (Number.isFinite(latency)) this.#timeMs[c] += latency;
    const cost = trials.costUsd[i];
    const k = this.#costs;
    if (Number.isFinite(cost)) k.targetUsd[c] += cost;
    else if (!error) k.targetUnknown[c] += 1;
    if (Number.isFinite(trials.inputTokens[i])) k.inputTokens[c] += trials.inputTokens[i];
    if (Number.isFinite(trials.outputTokens[i])) k.outputTokens[c] += trials.outputTokens[i];
    if (error) {
      this.#targetErrors += 1;
      this.#targetErrorsPerCase[c] += 1;
      this.#targetErrorMessages[c] = error;
      return;
    }
    if (Number.isFinite(latency)) this.#latency.push(latency);
  }

  addJudgeCall(c: number, j: number, { scores }: TrialColumns): void {
    if (scores.judgeCalls[j] !== 1) return;
    const k = this.#costs;
    k.judgeCalls[c] += 1;
    k.judgeTokens[c] += scores.judgeTokens[j];
    if (Number.isFinite(scores.judgeCostUsd[j])) k.judgeUsd[c] += scores.judgeCostUsd[j];
    else k.judgeUnknown[c] += 1;
  }

  grader(name: string, firstSeen: readonly [number, number]): GraderFold {
    const g = new GraderFold(name, firstSeen, this.#trialsPerCase.length);
    this.#graders.push(g);
    return g;
  }

  finish(): ScoreColumns {
    const n = this.#caseIds.length;
    let maxRepeats = 0;
    for (let c = 0; c < n; c++) maxRepeats = Math.max(maxRepeats, this.#trialsPerCase[c]);
    const graders = [...this.#graders].sort(
      (a, b) => a.firstSeen[0] - b.firstSeen[0] || a.firstSeen[1] - b.firstSeen[1],
    );
    const trialsPerCase = this.#trialsPerCase.slice(0, n);
    const targetErrorMessages = Array.from({ length: n }, (_, c) => this.#targetErrorMessages[c]);
    const k = this.#costs;
    return {
      caseIds: this.#caseIds,
      slices: this.#slices,
      metadata: this.#metadata,
      weights: this.#weights,
      order: sortedOrder(this.#caseIds),
      graders: graders.map((g) => g.finish(n, trialsPerCase, targetErrorMessages)),
      trials: this.#trials,
      targetErrors: this.#targetErrors,
      maxRepeats,
      trialsPerCase,
      targetErrorsPerCase: this.#targetErrorsPerCase.slice(0, n),
      targetErrorMessages,
      latencyStart: Uint32Array.from([...this.#latencyStart, this.#latency.length]),
      latencyMs: Float64Array.from(this.#latency),
      timeMs: this.#timeMs.slice(0, n),
      costs: {
        targetUsd: k.targetUsd.slice(0, n),
        targetUnknown: k.targetUnknown.slice(0, n),
        judgeUsd: k.judgeUsd.slice(0, n),
        judgeCalls: k.judgeCalls.slice(0, n),
        judgeUnknown: k.judgeUnknown.slice(0, n),
        inputTokens: k.inputTokens.slice(0, n),
        outputTokens: k.outputTokens.slice(0, n),
        judgeTokens: k.judgeTokens.slice(0, n),
      },
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
