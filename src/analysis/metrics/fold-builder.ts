import type { CaseColumns, TrialColumns } from '../../store/types.js';
import type { GraderScores, ScoreColumns } from './case-fold.js';
import { FoldCases } from './fold-cases.js';
import { CostColumns } from './fold-costs.js';
import { fit, grown, messageColumn } from './typed-columns.js';

// The fold's builders: per-case typed columns filled one case at a time (see case-fold.ts).

/** One grader's columns while a run is folded; the per-case columns grow with the cases. */
export class GraderFold {
  graded: Uint32Array;
  passCount: Uint32Array;
  sum: Float64Array;
  graderErrors: Uint32Array;
  pending: Uint32Array;
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
    // One score a case to start with: one repeat never grows (nor copies) them.
    this.values = new Float64Array(Math.max(16, maxCases));
    this.passes = new Uint8Array(this.values.length);
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

  /** Makes room for `capacity` cases (the builder calls it as cases open). */
  reserve(capacity: number): void {
    if (capacity <= this.graded.length) return;
    this.graded = grown(this.graded, capacity);
    this.passCount = grown(this.passCount, capacity);
    this.sum = grown(this.sum, capacity);
    this.graderErrors = grown(this.graderErrors, capacity);
    this.pending = grown(this.pending, capacity);
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
    const graderErrors = fit(this.graderErrors, n);
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
      values: fit(this.values, this.length),
      passes: fit(this.passes, this.length),
      passCount: fit(this.passCount, n),
      sum: fit(this.sum, n),
      errors,
      graderErrors,
      pending: fit(this.pending, n),
      binary: this.binary,
      errorMessages: messageColumn(this.errorMessages, n),
      failReasons: messageColumn(this.failReasons, n),
    };
  }
}

/**
 * Builds a {@link ScoreColumns}: one case at a time, trials of a case together. The per-case
 * columns start at `capacity` cases and double when more cases open, so a run can be folded
 * page by page without knowing its size.
 */
export class FoldBuilder {
  readonly #cases: FoldCases;
  #trialsPerCase: Uint32Array;
  #targetErrorsPerCase: Uint32Array;
  readonly #targetErrorMessages: (string | undefined)[] = [];
  #latency: Float64Array;
  #latencies = 0;
  #latencyStart: Uint32Array;
  #timeMs: Float64Array;
  readonly #costs: CostColumns;
  readonly #graders: GraderFold[] = [];
  #trials = 0;
  #targetErrors = 0;

  /** `dataset`: the run's dataset version as columns, where each opened case's fields come from. */
  constructor(dataset: CaseColumns, capacity: number) {
    this.#cases = new FoldCases(dataset);
    const size = Math.max(1, capacity);
    this.#trialsPerCase = new Uint32Array(size);
    this.#latencyStart = new Uint32Array(size + 1);
    this.#targetErrorsPerCase = new Uint32Array(size);
    this.#timeMs = new Float64Array(size);
    this.#latency = new Float64Array(size);
    this.#costs = new CostColumns(size);
  }

  /** Starts the next case, row `k` of the dataset (negative: a case it lacks, `id`); returns its index. */
  openCase(k: number, id: string): number {
    const c = this.#cases.length;
    if (c === this.#trialsPerCase.length) this.#reserve(c * 2);
    this.#cases.add(k, id);
    this.#latencyStart[c] = this.#latencies;
    return c;
  }

  /** Counts trial `i` of case `c`: its error, latency, cost and tokens. */
  addTrial(c: number, i: number, { trials }: TrialColumns, error: string | null): void {
    this.#trialsPerCase[c] += 1;
    this.#trials += 1;
    const latency = trials.latencyMs[i];
    if (Number.isFinite(latency)) this.#timeMs[c] += latency;
    const cost = trials.costUsd[i];
    const k = this.#costs;
    if (Number.isFinite(cost)) k.add('targetUsd', c, cost);
    else if (!error) k.add('targetUnknown', c, 1);
    if (Number.isFinite(trials.inputTokens[i])) k.add('inputTokens', c, trials.inputTokens[i]);
    if (Number.isFinite(trials.outputTokens[i])) k.add('outputTokens', c, trials.outputTokens[i]);
    if (error) {
      this.#targetErrors += 1;
      this.#targetErrorsPerCase[c] += 1;
      this.#targetErrorMessages[c] = error;
      return;
    }
    if (!Number.isFinite(latency)) return;
    if (this.#latencies === this.#latency.length) this.#latency = grown(this.#latency, this.#latencies * 2);
    this.#latency[this.#latencies++] = latency;
  }

  addJudgeCall(c: number, j: number, { scores }: TrialColumns): void {
    if (scores.judgeCalls[j] !== 1) return;
    const k = this.#costs;
    k.add('judgeCalls', c, 1);
    k.add('judgeTokens', c, scores.judgeTokens[j]);
    if (Number.isFinite(scores.judgeCostUsd[j])) k.add('judgeUsd', c, scores.judgeCostUsd[j]);
    else k.add('judgeUnknown', c, 1);
  }

  #reserve(capacity: number): void {
    this.#trialsPerCase = grown(this.#trialsPerCase, capacity);
    this.#latencyStart = grown(this.#latencyStart, capacity + 1);
    this.#targetErrorsPerCase = grown(this.#targetErrorsPerCase, capacity);
    this.#timeMs = grown(this.#timeMs, capacity);
    this.#costs.reserve(capacity);
    for (const g of this.#graders) g.reserve(capacity);
  }

  grader(name: string, firstSeen: readonly [number, number]): GraderFold {
    const g = new GraderFold(name, firstSeen, this.#trialsPerCase.length);
    this.#graders.push(g);
    return g;
  }

  finish(): ScoreColumns {
    const cases = this.#cases.finish();
    const n = cases.caseIds.length;
    let maxRepeats = 0;
    for (let c = 0; c < n; c++) maxRepeats = Math.max(maxRepeats, this.#trialsPerCase[c]);
    const graders = [...this.#graders].sort(
      (a, b) => a.firstSeen[0] - b.firstSeen[0] || a.firstSeen[1] - b.firstSeen[1],
    );
    const trialsPerCase = fit(this.#trialsPerCase, n);
    const targetErrorMessages = messageColumn(this.#targetErrorMessages, n);
    return {
      ...cases,
      order: sortedOrder(cases.caseIds),
      graders: graders.map((g) => g.finish(n, trialsPerCase, targetErrorMessages)),
      trials: this.#trials,
      targetErrors: this.#targetErrors,
      maxRepeats,
      trialsPerCase,
      targetErrorsPerCase: fit(this.#targetErrorsPerCase, n),
      targetErrorMessages,
      latencyStart: fit(this.#latencyStart, n + 1).fill(this.#latencies, n, n + 1),
      latencyMs: fit(this.#latency, this.#latencies),
      timeMs: fit(this.#timeMs, n),
      costs: this.#costs.finish(n),
    };
  }
}

/** Indexes of `ids` in ascending order; the identity when they are sorted already (the store's order). */
function sortedOrder(ids: readonly string[]): Uint32Array {
  const order = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) order[i] = i;
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1] < ids[i])) return order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  }
  return order;
}
