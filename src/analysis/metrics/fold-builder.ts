import type { CaseColumns, TrialColumns } from '../../store/types.js';
import type { CaseCosts, GraderScores, ScoreColumns } from './case-fold.js';
import { FoldCases } from './fold-cases.js';

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
      errorMessages: Array.from({ length: n }, (_, c) => this.errorMessages[c]),
      failReasons: Array.from({ length: n }, (_, c) => this.failReasons[c]),
    };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
  #latency = new Float64Array(1024);
  #latencies = 0;
  #latencyStart: Uint32Array;
  #timeMs: Float64Array;
  readonly #costs: Mutable<CaseCosts>;
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
    const f = () => new Float64Array(size);
    const u = () => new Uint32Array(size);
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
    if (!Number.isFinite(latency)) return;
    if (this.#latencies === this.#latency.length) this.#latency = grown(this.#latency, this.#latencies * 2);
    this.#latency[this.#latencies++] = latency;
  }

  addJudgeCall(c: number, j: number, { scores }: TrialColumns): void {
    if (scores.judgeCalls[j] !== 1) return;
    const k = this.#costs;
    k.judgeCalls[c] += 1;
    k.judgeTokens[c] += scores.judgeTokens[j];
    if (Number.isFinite(scores.judgeCostUsd[j])) k.judgeUsd[c] += scores.judgeCostUsd[j];
    else k.judgeUnknown[c] += 1;
  }

  #reserve(capacity: number): void {
    this.#trialsPerCase = grown(this.#trialsPerCase, capacity);
    this.#latencyStart = grown(this.#latencyStart, capacity + 1);
    this.#targetErrorsPerCase = grown(this.#targetErrorsPerCase, capacity);
    this.#timeMs = grown(this.#timeMs, capacity);
    const k = this.#costs;
    k.targetUsd = grown(k.targetUsd, capacity);
    k.targetUnknown = grown(k.targetUnknown, capacity);
    k.judgeUsd = grown(k.judgeUsd, capacity);
    k.judgeCalls = grown(k.judgeCalls, capacity);
    k.judgeUnknown = grown(k.judgeUnknown, capacity);
    k.inputTokens = grown(k.inputTokens, capacity);
    k.outputTokens = grown(k.outputTokens, capacity);
    k.judgeTokens = grown(k.judgeTokens, capacity);
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
    const targetErrorMessages = Array.from({ length: n }, (_, c) => this.#targetErrorMessages[c]);
    const k = this.#costs;
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
      latencyMs: this.#latency.slice(0, this.#latencies),
      timeMs: fit(this.#timeMs, n),
      costs: {
        targetUsd: fit(k.targetUsd, n),
        targetUnknown: fit(k.targetUnknown, n),
        judgeUsd: fit(k.judgeUsd, n),
        judgeCalls: fit(k.judgeCalls, n),
        judgeUnknown: fit(k.judgeUnknown, n),
        inputTokens: fit(k.inputTokens, n),
        outputTokens: fit(k.outputTokens, n),
        judgeTokens: fit(k.judgeTokens, n),
      },
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

/** The first `n` entries of a column: the column itself when it holds exactly `n` (no copy). */
function fit<T extends Uint8Array | Uint32Array | Float64Array>(a: T, n: number): T {
  return a.length === n ? a : (a.slice(0, n) as T);
}

/** A copy of `a` with room for `capacity` entries (zeros after the old ones). */
function grown<T extends Uint32Array | Float64Array>(a: T, capacity: number): T {
  const out = new (a.constructor as new (n: number) => T)(capacity);
  out.set(a);
  return out;
}
