import { compareKeysAt, compareText } from './store-columns.js';
import type { TrialColumns, WriteTrialInput } from './types.js';

/** What the columns hold of a trial: a trial as written (`WriteTrialInput`) or as stored. */
export type TrialForColumns = Pick<WriteTrialInput, 'caseId' | 'repeat' | 'error' | 'latencyMs' | 'output' | 'scores'>;

/**
 * Trial objects turned into `TrialColumns` exactly as a store reads them back
 * (`trials.scanColumns`): trials in key order (case id in code point order, then repeat),
 * each trial's scores in grader-name order, numbers as a store keeps them (a value that is not
 * a finite number is NaN, -0 is 0), a model call counted only when `meta.judge` is an object.
 * So a run's fold can be taken from the trials a process just wrote, without reading them
 * back, and match the store's to the bit (src/run-eval.ts; checked in the builder's tests).
 *
 * Trials may be added in any order. The builder keeps numbers and references only: the
 * outputs' texts are not held.
 *
 * @example
 * const built = new TrialColumnsBuilder();
 * for (const trial of finished) built.add(trial);
 * folder.add(built.finish());
 */
export class TrialColumnsBuilder {
  readonly #reasons: boolean;
  readonly #caseIds: string[] = [];
  readonly #repeats: number[] = [];
  readonly #errors: (string | null)[] = [];
  readonly #latency: number[] = [];
  readonly #cost: number[] = [];
  readonly #inputTokens: number[] = [];
  readonly #outputTokens: number[] = [];
  /** Per trial, where its scores start in the score arrays below (one more entry at the end). */
  readonly #scoreFrom: number[] = [0];
  readonly #grader: string[] = [];
  readonly #value: number[] = [];
  readonly #pass: number[] = [];
  readonly #pending: number[] = [];
  readonly #scoreErrors: (string | null)[] = [];
  readonly #judgeCall: number[] = [];
  readonly #judgeCost: number[] = [];
  readonly #judgeTokens: number[] = [];
  readonly #reason: (string | null)[] = [];
  /** The grader order of the last trial {@link finish} placed (see `#graderOrder`). */
  #lastOrder: { readonly names: readonly string[]; readonly offsets: number[]; readonly graders: number[] } | undefined;

  /** `reasons`: also keep each score's reason (as `scanColumns(…, { reasons: true })`). */
  constructor(options: { readonly reasons?: boolean } = {}) {
    this.#reasons = options.reasons === true;
  }

  /** Trials added so far. */
  get size(): number {
    return this.#caseIds.length;
  }

  add(trial: TrialForColumns): void {
    const output = trial.output;
    this.#caseIds.push(trial.caseId);
    this.#repeats.push(trial.repeat);
    this.#errors.push(trial.error ?? null);
    this.#latency.push(finiteOrNaN(trial.latencyMs));
    this.#cost.push(finiteOrNaN(output?.costUsd));
    this.#inputTokens.push(finiteOrNaN(output?.usage?.inputTokens));
    this.#outputTokens.push(finiteOrNaN(output?.usage?.outputTokens));
    for (const s of trial.scores) {
      this.#grader.push(s.grader);
      this.#value.push(finiteOrNaN(s.value));
      // As the stores write it: only a missing pass is 'not given'.
      this.#pass.push(s.pass === undefined ? -1 : s.pass ? 1 : 0);
      this.#pending.push(s.pending ? 1 : 0);
      this.#scoreErrors.push(s.error ?? null);
      const judge = s.meta?.judge;
      const isCall = typeof judge === 'object' && judge !== null && !Array.isArray(judge);
      const call = isCall ? (judge as { costUsd?: unknown; usage?: { totalTokens?: unknown } }) : undefined;
      this.#judgeCall.push(isCall ? 1 : 0);
      this.#judgeCost.push(finiteOrNaN(call?.costUsd));
      this.#judgeTokens.push(finiteOr0(isPlainObject(call?.usage) ? call?.usage?.totalTokens : undefined));
      if (this.#reasons) this.#reason.push(s.reason ?? null);
    }
    this.#scoreFrom.push(this.#grader.length);
  }

  /** The columns of every trial added, in the store's order. */
  finish(): TrialColumns {
    const ids = this.#caseIds;
    const repeats = this.#repeats;
    const n = ids.length;
    const byKey = compareKeysAt(ids, repeats);
    const order = Array.from({ length: n }, (_, i) => i);
    let sorted = true;
    for (let k = 1; k < n && sorted; k++) sorted = byKey(k - 1, k) <= 0;
    if (!sorted) order.sort(byKey);
    const size = this.#grader.length;
    const graderNames: string[] = [];
    const graderIndex = new Map<string, number>();
    const grader = new Uint16Array(size);
    const ordinals = new Int32Array(size);
    const values = new Float64Array(size);
    const pass = new Int8Array(size);
    const pending = new Uint8Array(size);
    const scoreErrors: (string | null)[] = new Array<string | null>(size);
    const judgeCalls = new Uint8Array(size);
    const judgeCostUsd = new Float64Array(size);
    const judgeTokens = new Float64Array(size);
    const reasons: (string | null)[] = [];
    const scoreStart = new Uint32Array(n + 1);
    const trialIds: string[] = new Array<string>(n);
    const trialErrors: (string | null)[] = new Array<string | null>(n);
    const trialRepeats = new Int32Array(n);
    const latencyMs = new Float64Array(n);
    const costUsd = new Float64Array(n);
    const inputTokens = new Float64Array(n);
    const outputTokens = new Float64Array(n);
    const errors = this.#errors;
    const latency = this.#latency;
    const cost = this.#cost;
    const input = this.#inputTokens;
    const output = this.#outputTokens;
    const scoreFrom = this.#scoreFrom;
    const value = this.#value;
    const passOf = this.#pass;
    const pendingOf = this.#pending;
    const errorOf = this.#scoreErrors;
    const judgeCall = this.#judgeCall;
    const judgeCost = this.#judgeCost;
    const judgeTokensOf = this.#judgeTokens;
    const reason = this.#reasons ? this.#reason : undefined;
    let m = 0;
    this.#lastOrder = undefined;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      trialIds[k] = ids[i];
      trialRepeats[k] = repeats[i];
      trialErrors[k] = errors[i];
      latencyMs[k] = latency[i];
      costUsd[k] = cost[i];
      inputTokens[k] = input[i];
      outputTokens[k] = output[i];
      scoreStart[k] = m;
      const from = scoreFrom[i];
      const { offsets, graders } = this.#graderOrder(from, scoreFrom[i + 1], graderIndex, graderNames);
      for (let o = 0; o < offsets.length; o++) {
        const j = from + offsets[o];
        grader[m] = graders[o];
        ordinals[m] = offsets[o];
        values[m] = value[j];
        pass[m] = passOf[j];
        pending[m] = pendingOf[j];
        scoreErrors[m] = errorOf[j];
        judgeCalls[m] = judgeCall[j];
        judgeCostUsd[m] = judgeCost[j];
        judgeTokens[m] = judgeTokensOf[j];
        if (reason) reasons.push(reason[j]);
        m++;
      }
    }
    scoreStart[n] = m;
    return {
      trials: {
        caseIds: trialIds,
        repeats: trialRepeats,
        errors: trialErrors,
        scoreStart,
        latencyMs,
        costUsd,
        inputTokens,
        outputTokens,
      },
      scores: {
        graderNames,
        grader,
        ordinals,
        values,
        pass,
        pending,
        errors: scoreErrors,
        judgeCalls,
        judgeCostUsd,
        judgeTokens,
        ...(this.#reasons && { reasons }),
      },
    };
  }

  /**
   * The scores `from .. to` of one trial in grader-name order (the stores' key order within a
   * trial), as offsets from `from`, with each one's grader index (numbered in first-seen order).
   * Trials of a run mostly share their graders in the same order: the last trial's order is
   * reused while the names match, instead of sorting every trial's scores.
   */
  #graderOrder(
    from: number,
    to: number,
    graderIndex: Map<string, number>,
    graderNames: string[],
  ): { readonly offsets: readonly number[]; readonly graders: readonly number[] } {
    const names = this.#grader;
    const last = this.#lastOrder;
    if (last !== undefined && last.names.length === to - from) {
      let same = true;
      for (let k = 0; same && k < last.names.length; k++) same = last.names[k] === names[from + k];
      if (same) return last;
    }
    const own = names.slice(from, to);
    const offsets = own.map((_, k) => k);
    let sorted = true;
    for (let k = 1; k < offsets.length && sorted; k++) sorted = compareText(own[k - 1], own[k]) <= 0;
    if (!sorted) offsets.sort((a, b) => compareText(own[a], own[b]));
    const graders = offsets.map((k) => {
      let g = graderIndex.get(own[k]);
      if (g === undefined) graderIndex.set(own[k], (g = graderNames.push(own[k]) - 1));
      return g;
    });
    this.#lastOrder = { names: own, offsets, graders };
    return this.#lastOrder;
  }
}

/** A finite number as a store returns it (-0 reads back as 0); NaN for anything else. */
function finiteOrNaN(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x + 0 : Number.NaN;
}

function finiteOr0(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x + 0 : 0;
}

function isPlainObject(x: unknown): x is { readonly [key: string]: unknown } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
