import { compareKeys, compareText } from './store-columns.js';
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
    const byKey = (a: number, b: number) => compareKeys(ids[a], repeats[a], ids[b], repeats[b]);
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
    let m = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      trialIds[k] = ids[i];
      trialRepeats[k] = repeats[i];
      trialErrors[k] = this.#errors[i];
      latencyMs[k] = this.#latency[i];
      costUsd[k] = this.#cost[i];
      inputTokens[k] = this.#inputTokens[i];
      outputTokens[k] = this.#outputTokens[i];
      scoreStart[k] = m;
      for (const j of this.#scoresByGrader(i)) {
        const name = this.#grader[j];
        let g = graderIndex.get(name);
        if (g === undefined) graderIndex.set(name, (g = graderNames.push(name) - 1));
        grader[m] = g;
        ordinals[m] = j - this.#scoreFrom[i];
        values[m] = this.#value[j];
        pass[m] = this.#pass[j];
        pending[m] = this.#pending[j];
        scoreErrors[m] = this.#scoreErrors[j];
        judgeCalls[m] = this.#judgeCall[j];
        judgeCostUsd[m] = this.#judgeCost[j];
        judgeTokens[m] = this.#judgeTokens[j];
        if (this.#reasons) reasons.push(this.#reason[j]);
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

  /** Indexes of trial `i`'s scores in grader-name order (the stores' key order within a trial). */
  #scoresByGrader(i: number): number[] {
    const from = this.#scoreFrom[i];
    const to = this.#scoreFrom[i + 1];
    const at: number[] = [];
    for (let j = from; j < to; j++) at.push(j);
    let sorted = true;
    for (let k = 1; k < at.length && sorted; k++)
      sorted = compareText(this.#grader[at[k - 1]], this.#grader[at[k]]) <= 0;
    return sorted ? at : at.sort((a, b) => compareText(this.#grader[a], this.#grader[b]));
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
