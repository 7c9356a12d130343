import type { Case } from '../core/types.js';
import type { ResolvedEval } from '../config/resolve-eval.js';
import type { Store } from '../store/store.js';
import type { RunProgress } from './run-events.js';

/** One (case, repeat) still to run. */
export interface TrialTask {
  readonly testCase: Case;
  readonly repeat: number;
}

/** What an executor is given: a created (or resumed) run and the trials it still lacks. */
export interface ExecutionContext {
  readonly store: Store;
  readonly runId: string;
  readonly eval: ResolvedEval;
  /** Pulled lazily (cases stream from their file): a 1,000,000-trial run never holds every task at once. */
  readonly pending: AsyncIterator<TrialTask>;
  readonly useCache: boolean;
  /** Aborted to stop: finished trials stay stored, the run becomes `interrupted`. */
  readonly signal: AbortSignal;
  readonly progress: RunProgress;
}

/**
 * Where a run's trials execute. `local` calls the target in this process; `queue` hands the
 * trials to worker processes (`assay worker`) through a job queue on the shared store. The
 * runner creates the run, picks what is pending and summarizes at the end; the executor only
 * gets every pending trial written to the store (keyed by run, case and repeat).
 *
 * @example
 * await runEval({ store, eval: ev, executor: localExecutor() });
 */
export interface Executor {
  readonly kind: 'local' | 'queue';
  /** Resolves when every pending trial is stored, or when the signal stopped the run. */
  execute(context: ExecutionContext): Promise<void>;
}
