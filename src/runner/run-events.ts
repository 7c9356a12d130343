import type { Case, RunStatus } from '../core/types.js';
import type { WriteTrialInput } from '../store/types.js';

/** How far a run has come. */
export interface RunCounts {
  readonly runId: string;
  readonly done: number;
  readonly total: number;
  readonly errors: number;
  readonly costUsd: number;
  readonly elapsedMs: number;
}

export type RunEvent =
  | { readonly kind: 'run-start'; readonly runId: string; readonly total: number; readonly skipped: number }
  /** A trial finished in this process (the local executor). */
  | ({ readonly kind: 'trial'; readonly trial: WriteTrialInput; readonly testCase?: Case } & RunCounts)
  /** Trials finished elsewhere (queue workers), as counted in the store. */
  | ({ readonly kind: 'progress' } & RunCounts)
  | {
      readonly kind: 'run-end';
      readonly runId: string;
      readonly status: RunStatus;
      readonly done: number;
      readonly errors: number;
      readonly elapsedMs: number;
    };

type TrialEvent = Extract<RunEvent, { readonly kind: 'trial' }>;

/** Counts progress for the events; keeps numbers only, never the trials themselves. */
export class RunProgress {
  readonly #runId: string;
  readonly #total: number;
  readonly #onEvent: ((event: RunEvent) => void) | undefined;
  readonly #started = performance.now();
  #done: number;
  #errors = 0;
  #costUsd = 0;

  constructor(runId: string, total: number, skipped: number, onEvent?: (event: RunEvent) => void) {
    this.#runId = runId;
    this.#total = total;
    this.#done = skipped;
    this.#onEvent = onEvent;
    onEvent?.({ kind: 'run-start', runId, total, skipped });
  }

  /** `testCase` rides along so listeners (reporters) need not keep every case by id. */
  trialDone(trial: WriteTrialInput, testCase?: Case): void {
    this.#done++;
    if (trial.error !== null || trial.scores.some((s) => s.error !== undefined)) this.#errors++;
    this.#costUsd += trial.output?.costUsd ?? 0;
    if (this.#onEvent === undefined) return;
    const event: { -readonly [K in keyof TrialEvent]: TrialEvent[K] } = {
      kind: 'trial',
      runId: this.#runId,
      done: this.#done,
      total: this.#total,
      errors: this.#errors,
      costUsd: this.#costUsd,
      elapsedMs: performance.now() - this.#started,
      trial,
    };
    if (testCase !== undefined) event.testCase = testCase;
    this.#onEvent(event);
  }

  /** Counts read from the store (trials written by other processes); never goes backwards. */
  stored(done: number, errors: number): void {
    if (done <= this.#done && errors === this.#errors) return;
    this.#done = Math.max(this.#done, done);
    this.#errors = errors;
    this.#onEvent?.({
      kind: 'progress',
      runId: this.#runId,
      done: this.#done,
      total: this.#total,
      errors: this.#errors,
      costUsd: this.#costUsd,
      elapsedMs: performance.now() - this.#started,
    });
  }

  runEnd(status: RunStatus): void {
    this.#onEvent?.({
      kind: 'run-end',
      runId: this.#runId,
      status,
      done: this.#done,
      errors: this.#errors,
      elapsedMs: performance.now() - this.#started,
    });
  }
}
