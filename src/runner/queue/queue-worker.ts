import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { ResolvedEval } from '../../config/resolve-eval.js';
import type { Case } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { StoredRun, WriteTrialInput } from '../../store/types.js';
import type { PacingProvider } from '../../targets/transport/pacing.js';
import { executeTrial } from '../execute-trial.js';
import { auditSlotsOf, createPendingReviews } from '../pending-reviews.js';
import { TrialWriter } from '../trial-writer.js';
import { queueConnectionOf, queueName, startBoss, type TrialJob } from './queue-boss.js';
import { queuedRunConfig } from './queued-run.js';
import { createSharedPacing } from './shared-pacing.js';

export type WorkerEvent =
  | { readonly kind: 'ready' }
  | { readonly kind: 'run-joined'; readonly runId: string; readonly eval: string }
  | { readonly kind: 'run-refused'; readonly runId: string; readonly message: string }
  | { readonly kind: 'trial'; readonly runId: string; readonly done: number; readonly errors: number }
  | { readonly kind: 'stopping'; readonly inFlight: number };

export interface QueueWorkerOptions {
  readonly store: Store;
  /** Trials in flight at once in this process. */
  readonly concurrency: number;
  /** Loads the eval a queued run was started with (the CLI reads the path and options stored with the run). */
  readonly loadEval: (run: StoredRun, options: { readonly pacing: PacingProvider }) => Promise<ResolvedEval>;
  /** Which running runs this worker takes trials of (e.g. `--evals <glob>`). */
  readonly accepts: (run: StoredRun) => boolean;
  /** Abort to stop taking trials: the worker finishes and stores those in flight, then returns. */
  readonly signal: AbortSignal;
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Return once no trial was available for this long after the last one (scripts and benchmarks; default: never). */
  readonly exitWhenIdleMs?: number;
  readonly pollMs?: number;
}

export interface QueueWorkerResult {
  readonly trials: number;
  readonly errors: number;
}

interface ActiveRun {
  readonly run: StoredRun;
  readonly queue: string;
  readonly eval: ResolvedEval;
  readonly cases: ReadonlyMap<string, Case>;
  readonly useCache: boolean;
}

/**
 * `assay worker`: takes trials of queued runs from pg-boss, calls the target, grades, and
 * writes the trials in batches; a job is completed only once its trial is stored. A worker
 * killed at any point loses nothing: its jobs are handed out again when their lease expires,
 * and the (run, case, repeat) upsert stores each trial once.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerResult> {
  const { store, signal } = options;
  const connection = queueConnectionOf(store);
  const boss = await startBoss(connection, { maxConnections: 4 });
  const pacing = await createSharedPacing(boss.getDb(), connection.schema);
  options.onEvent?.({ kind: 'ready' });
  const pollMs = options.pollMs ?? 200;
  const held = new Map<string, { queue: string; id: string }>();
  const keyOf = (t: { runId: string; caseId: string; repeat: number }) =>
    `${t.runId}\u0000${t.caseId}\u0000${t.repeat}`;
  const writer = new TrialWriter(store, {
    onWritten: async (batch) => {
      const byQueue = new Map<string, string[]>();
      for (const t of batch) {
        const job = held.get(keyOf(t));
        if (!job) continue;
        held.delete(keyOf(t));
        byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job.id]);
      }
      for (const [queue, ids] of byQueue) await boss.complete(queue, ids);
    },
  });
  // Trials are never cancelled by Ctrl-C: in-flight work finishes and is stored.
  const trialSignal = new AbortController().signal;
  setMaxListeners(options.concurrency + 10, trialSignal);
  const runs = new RunDirectory(options, pacing);
  let inFlight = 0;
  let trials = 0;
  let errors = 0;
  let failure: unknown;
  let slotFreed: (() => void) | undefined;
  let idleSince: number | undefined;

  const runJob = async (active: ActiveRun, job: PgBoss.Job<TrialJob>): Promise<void> => {
    const testCase = active.cases.get(job.data.caseId);
    if (!testCase) {
      await boss.fail(active.queue, job.id, {
        message: `case '${job.data.caseId}' is not in this worker's copy of the eval`,
      });
      return;
    }
    const ev = active.eval;
    const trial: WriteTrialInput = await executeTrial({
      runId: active.run.runId,
      testCase,
      repeat: job.data.repeat,
      target: ev.target,
      graders: ev.graders,
      timeoutMs: ev.timeoutMs,
      graderTimeoutMs: ev.graderTimeoutMs,
      useCache: active.useCache,
      signal: trialSignal,
      claimAuditSlot: auditSlotsOf(store, active.run.runId),
    });
    held.set(keyOf(trial), { queue: active.queue, id: job.id });
    await writer.add(trial);
    await createPendingReviews(store, trial);
    trials++;
    if (trial.error !== null) errors++;
    options.onEvent?.({ kind: 'trial', runId: trial.runId, done: trials, errors });
  };

  const start = (active: ActiveRun, job: PgBoss.Job<TrialJob>) => {
    inFlight++;
    runJob(active, job)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight--;
        slotFreed?.();
      });
  };

  // Up to `concurrency` jobs wait here, fetched ahead, so a freed slot starts its next trial
  // at once instead of waiting for a round trip to the queue.
  const ready: { active: ActiveRun; job: PgBoss.Job<TrialJob> }[] = [];
  try {
    while (!signal.aborted && failure === undefined) {
      while (inFlight < options.concurrency && ready.length > 0) {
        const next = ready.shift()!;
        start(next.active, next.job);
      }
      let fetched = 0;
      for (const active of await runs.active()) {
        // In flight plus waiting never exceeds twice the concurrency.
        const wanted = 2 * options.concurrency - inFlight - ready.length;
        if (wanted <= 0 || signal.aborted) break;
        const jobs = await boss.fetch<TrialJob>(active.queue, { batchSize: wanted });
        for (const job of jobs) ready.push({ active, job });
        fetched += jobs.length;
      }
      if (fetched > 0 || inFlight > 0 || ready.length > 0) idleSince = performance.now();
      else if (
        options.exitWhenIdleMs !== undefined &&
        idleSince !== undefined &&
        performance.now() - idleSince >= options.exitWhenIdleMs
      )
        break;
      if (inFlight < options.concurrency && ready.length > 0) continue;
      // Nothing to start now: wait for a free slot, or poll the queue again.
      const freed = new Promise<void>((resolve) => (slotFreed = resolve));
      await Promise.race([freed, sleep(pollMs, undefined, { signal }).catch(() => undefined)]);
    }
    options.onEvent?.({ kind: 'stopping', inFlight });
    // Jobs fetched ahead but not started go back to the queue at once for other workers.
    await release(boss, ready.splice(0));
    while (inFlight > 0) await new Promise<void>((resolve) => (slotFreed = resolve));
    await writer.flush();
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
  if (failure !== undefined) throw failure;
  return { trials, errors };
}

async function release(boss: PgBoss, jobs: readonly { active: ActiveRun; job: PgBoss.Job<TrialJob> }[]): Promise<void> {
  const byQueue = new Map<string, string[]>();
  for (const { active, job } of jobs) byQueue.set(active.queue, [...(byQueue.get(active.queue) ?? []), job.id]);
  for (const [queue, ids] of byQueue) await boss.fail(queue, ids);
}

/** The queued runs this worker serves, refreshed from the store at most once a second. */
class RunDirectory {
  readonly #options: QueueWorkerOptions;
  readonly #pacing: PacingProvider;
  readonly #loaded = new Map<string, Promise<ActiveRun | undefined>>();
  #active: ActiveRun[] = [];
  #checked = 0;

  constructor(options: QueueWorkerOptions, pacing: PacingProvider) {
    this.#options = options;
    this.#pacing = pacing;
  }

  async active(): Promise<ActiveRun[]> {
    if (performance.now() - this.#checked < 1000) return this.#active;
    this.#checked = performance.now();
    const running = await this.#options.store.runs.list({ status: 'running', limit: 100 });
    const queued = running.filter((run) => queuedRunConfig(run) !== undefined && this.#options.accepts(run));
    const active = await Promise.all(queued.map((run) => this.#load(run)));
    this.#active = active.filter((a): a is ActiveRun => a !== undefined);
    return this.#active;
  }

  #load(run: StoredRun): Promise<ActiveRun | undefined> {
    let loaded = this.#loaded.get(run.runId);
    if (!loaded) {
      loaded = this.#options
        .loadEval(run, { pacing: this.#pacing })
        .then(async (ev): Promise<ActiveRun> => {
          // Jobs name cases by id, in any order: a worker keeps the run's cases at hand.
          const cases = new Map<string, Case>();
          for await (const c of ev.dataset.cases) cases.set(c.id, c);
          this.#options.onEvent?.({ kind: 'run-joined', runId: run.runId, eval: run.eval });
          return {
            run,
            queue: queueName(run.runId),
            eval: ev,
            cases,
            useCache: queuedRunConfig(run)?.useCache ?? true,
          };
        })
        .catch((error: unknown) => {
          // This machine cannot run it (its eval file differs or is missing): leave its trials to other workers.
          this.#options.onEvent?.({ kind: 'run-refused', runId: run.runId, message: (error as Error).message });
          return undefined;
        });
      this.#loaded.set(run.runId, loaded);
    }
    return loaded;
  }
}
