import { setMaxListeners } from 'node:events';
import { AssayError } from '../core/errors.js';
import { newRunId } from '../core/hash.js';
import { currentOwner, isRunHeld } from '../core/run-liveness.js';
import type { RunStatus } from '../core/types.js';
import type { CaseList } from '../datasets/dataset.js';
import type { ResolvedEval } from '../config/resolve-eval.js';
import type { Store } from '../store/store.js';
import { trialKey } from '../store/store.js';
import type { Executor, TrialTask } from './executor.js';
import { gitCommitOf } from './git-commit.js';
import { startHeartbeat } from './heartbeat.js';
import { localExecutor } from './local-executor.js';
import { RunProgress, type RunEvent } from './run-events.js';

export interface RunEvalOptions {
  readonly store: Store;
  readonly eval: ResolvedEval;
  /** Continue this run: trials already stored without error are not called again. */
  readonly resume?: string;
  /** False for `--no-cache`. */
  readonly useCache?: boolean;
  /** Abort to stop cleanly: in-flight trials are dropped, finished ones kept, the run marked `interrupted`. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
  /** Defaults to the git commit of the eval file's folder, if any. */
  readonly gitCommit?: string | null;
  /** Where trials execute: this process (`localExecutor()`, the default) or queue workers. */
  readonly executor?: Executor;
  /**
   * Called once the run has its final status, also when it failed: how the library layer
   * (src/run-eval.ts) hands the finished run to analysis (the runner computes no statistics).
   */
  readonly onRunFinished?: (runId: string, status: RunStatus) => Promise<void>;
  /**
   * Called once no trial of this run will call the target again, before the summary: a caller
   * that owns the eval (the `run` command) closes its target here, so what the target holds
   * (a replay file's index of a million recordings) is let go before the summary's fold.
   */
  readonly onTrialsDone?: () => Promise<void> | void;
  /** Added to the run's stored config (e.g. what queue workers need to load the eval). */
  readonly extraConfig?: { readonly [key: string]: unknown };
  /** The matrix this run is a cell of (`assay run` over `targets:` / `prompts:`). */
  readonly matrixId?: string;
}

export interface ExecuteRunResult {
  readonly runId: string;
  readonly status: RunStatus;
}

/**
 * Executes an eval: every case × repeat through the target and the graders, with bounded
 * concurrency, each finished trial streamed to the store. The runner computes no statistics:
 * the library's `runEval` (src/run-eval.ts) hands the finished run to `analysis/`.
 */
export async function executeRun(options: RunEvalOptions): Promise<ExecuteRunResult> {
  const { store, eval: ev } = options;
  const signal = options.signal ?? new AbortController().signal;
  // Graders that read their signal listen for cancellation on the run's signal.
  setMaxListeners(Math.max(10, ev.concurrency + 10), signal);
  const plannedTrials = ev.cases.length * ev.repeats;
  const { runId, done } = await openRun(store, ev, options, plannedTrials);
  // The cases are stored once the first trial is back, while the others wait for the target,
  // not before the first request (10,000 cases took ~50 ms of a latency-bound run's start).
  // Nothing reads them before the summary, which waits for them below; a run that stops
  // before they are stored stores them on --resume (the dataset row is written last, so a
  // version is listed only whole).
  let storingCases: Promise<unknown> | undefined;
  const storeCases = () =>
    (storingCases ??= settled(
      store.datasets.create({ name: ev.dataset.name, version: ev.dataset.version, cases: ev.dataset.cases }),
    ));
  const heartbeat = startHeartbeat(store, runId);
  const progress = new RunProgress(runId, plannedTrials, done.size, (event) => {
    if (event.kind !== 'run-start') void storeCases();
    options.onEvent?.(event);
  });
  const executor = options.executor ?? localExecutor();
  let failure: unknown;
  try {
    await executor.execute({
      store,
      runId,
      eval: ev,
      pending: pendingTrials(ev.cases, ev.repeats, done),
      useCache: options.useCache ?? true,
      signal,
      progress,
    });
  } catch (error) {
    failure = error;
  }
  try {
    await options.onTrialsDone?.();
  } catch (error) {
    failure ??= error;
  }
  const casesFailure = await storeCases();
  failure ??= casesFailure;
  await heartbeat.stop();
  const status = await finalStatus(store, runId, failure, signal);
  await store.runs.update(runId, { status, finishedAt: new Date().toISOString() });
  await options.onRunFinished?.(runId, status);
  progress.runEnd(status);
  if (failure !== undefined) {
    throw new AssayError('RUN_FAILED', `Run ${runId} stopped: ${(failure as Error).message ?? String(failure)}`, {
      hint: `Every finished trial is stored. Fix the cause, then continue with --resume ${runId}.`,
      cause: failure,
    });
  }
  return { runId, status };
}

/**
 * `failed` when the run stopped on an error or when every stored trial errored (nothing was
 * measured); `interrupted` when cancelled; otherwise `completed`, errors counted in the run.
 */
async function finalStatus(store: Store, runId: string, failure: unknown, signal: AbortSignal): Promise<RunStatus> {
  if (failure !== undefined) return 'failed';
  if (signal.aborted) return 'interrupted';
  const run = await store.runs.get(runId);
  return run !== undefined && run.trials > 0 && run.errors === run.trials ? 'failed' : 'completed';
}

async function openRun(store: Store, ev: ResolvedEval, options: RunEvalOptions, plannedTrials: number) {
  if (options.resume === undefined) {
    const runId = newRunId();
    await store.runs.create({
      runId,
      eval: ev.name,
      datasetName: ev.dataset.name,
      datasetVersion: ev.dataset.version,
      target: ev.target.fingerprint(),
      gitCommit: options.gitCommit === undefined ? gitCommitOf(String(ev.snapshot.file ?? '.')) : options.gitCommit,
      startedAt: new Date().toISOString(),
      config: { ...ev.snapshot, ...options.extraConfig },
      plannedTrials,
      owner: currentOwner(),
      ...(options.matrixId !== undefined && { matrixId: options.matrixId }),
    });
    return { runId, done: new Set<string>() };
  }
  const run = await store.runs.get(options.resume);
  if (!run) {
    throw new AssayError('RUN_NOT_FOUND', `Cannot resume '${options.resume}': no such run in ${store.location}.`, {
      hint: 'List runs with `assay runs` (and pass the same --store as the original run).',
    });
  }
  if (run.datasetVersion !== ev.dataset.version) {
    throw new AssayError(
      'RESUME_MISMATCH',
      `Cannot resume ${run.runId}: it used dataset version ${run.datasetVersion}, the eval now loads ${ev.dataset.version}.`,
      {
        hint: 'The dataset changed since the run started; start a new run instead of resuming.',
      },
    );
  }
  // Taken over in one step, so a second --resume of a run still being resumed refuses.
  const claim = await store.runs.claim(run.runId, {
    owner: currentOwner(),
    now: new Date().toISOString(),
    plannedTrials,
    isHeld: (stored) => isRunHeld(stored),
  });
  if (claim && !claim.claimed) {
    const owner = claim.run.owner ?? '?';
    throw new AssayError('RUN_BUSY', `Cannot resume ${run.runId}: it is being run elsewhere (process ${owner}).`, {
      hint:
        'Wait for that process to finish, or stop it. ' +
        'A run whose process is gone shows as `stale` in `assay runs`.',
    });
  }
  if (options.extraConfig) await store.runs.update(run.runId, { config: { ...run.config, ...options.extraConfig } });
  return { runId: run.runId, done: await store.trials.completedKeys(run.runId) };
}

/** Resolves when `promise` settles: to undefined, or to what it was rejected with. */
async function settled(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error ?? new Error('storing the cases failed');
  }
}

async function* pendingTrials(cases: CaseList, repeats: number, done: Set<string>): AsyncGenerator<TrialTask> {
  for await (const testCase of cases) {
    for (let repeat = 0; repeat < repeats; repeat++) {
      if (!done.has(trialKey(testCase.id, repeat))) yield { testCase, repeat };
    }
  }
}
