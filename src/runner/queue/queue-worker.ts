import type { Case } from '../../core/types.js';
import { setMaxListeners } from 'node:events';
import type { ResolvedEval } from '../../config/resolve-eval.js';
import type { Store } from '../../store/store.js';
import type { StoredRun, WriteTrialInput } from '../../store/types.js';
import type { PacingProvider } from '../../targets/transport/pacing.js';
import { executeTrial } from '../execute-trial.js';
import { auditSlotsOf, createPendingReviews } from '../pending-reviews.js';
import { TrialWriter } from '../trial-writer.js';
import { HeldJobs, type JobSource, type ReadyTrial } from './held-jobs.js';
import { queueConnectionOf, queueName, startBoss, type TrialJob } from './queue-boss.js';
import { queuedRunConfig } from './queued-run.js';
import { createSharedPacing } from './shared-pacing.js';

const WRITE_EVERY_MS = 200;

export type WorkerEvent =
  | { readonly kind: 'ready' }
  | { readonly kind: 'run-joined'; readonly runId: string; readonly eval: string }
  | { readonly kind: 'run-refused'; readonly runId: string; readonly message: string }
  /** A run that stopped running was let go: its eval, its cases and its target (closed). */
  | { readonly kind: 'run-left'; readonly runId: string }
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

interface ActiveRun extends JobSource {
  readonly run: StoredRun;
  readonly eval: ResolvedEval;
  readonly useCache: boolean;
}

/**
 * `assay worker`: takes trials of queued runs from pg-boss, calls the target, grades, and
 * writes the trials in batches; a job is completed only once its trials are stored. A worker
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
  const held = new HeldJobs(boss, store);
  // Trials are written every 200 ms rather than the local pool's 50: a worker's unwritten trials
  // are not lost when it dies (their jobs are not completed, so they run again), and at a
  // modest pace each write (a statement, then the jobs' completion) carries four times the trials.
  const writer = new TrialWriter(store, { flushMs: WRITE_EVERY_MS, onWritten: (batch) => held.written(batch) });
  // Trials are never cancelled by Ctrl-C: in-flight work finishes and is stored.
  const trialSignal = new AbortController().signal;
  setMaxListeners(options.concurrency + 10, trialSignal);
  const runs = new RunDirectory(options, pacing);
  let inFlight = 0;
  /** Trials in flight per run: a finished run's target is closed only once none is. */
  const inFlightOf = new Map<string, number>();
  let trials = 0;
  let errors = 0;
  let failure: unknown;
  let slotFreed: (() => void) | undefined;
  let idleSince: number | undefined;

  const runTrial = async ({ job, testCase, repeat }: ReadyTrial): Promise<void> => {
    const active = job.source as ActiveRun;
    const ev = active.eval;
    const trial: WriteTrialInput = await executeTrial({
      runId: active.runId,
      testCase,
      repeat,
      target: ev.target,
      graders: ev.graders,
      timeoutMs: ev.timeoutMs,
      graderTimeoutMs: ev.graderTimeoutMs,
      useCache: active.useCache,
      signal: trialSignal,
      claimAuditSlot: auditSlotsOf(store, active.runId),
      agent: ev.agent,
      turnGraders: ev.turnGraders,
    });
    held.finished(job, trial);
    await writer.add(trial);
    await createPendingReviews(store, trial);
    trials++;
    if (trial.error !== null) errors++;
    options.onEvent?.({ kind: 'trial', runId: trial.runId, done: trials, errors });
  };

  // Trials of fetched jobs wait here for a slot. A trial that ends starts the next one itself,
  // so a freed slot never waits for a round trip to the queue; the loop below tops the reserve
  // up (in and waiting up to twice the concurrency) once half of it has been used.
  let ready: ReadyTrial[] = [];
  const fill = () => {
    while (failure === undefined && inFlight < options.concurrency && ready.length > 0) start(ready.shift()!);
  };
  const start = (next: ReadyTrial) => {
    const runId = next.job.source.runId;
    inFlight++;
    inFlightOf.set(runId, (inFlightOf.get(runId) ?? 0) + 1);
    next.job.started++;
    runTrial(next)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight--;
        inFlightOf.set(runId, inFlightOf.get(runId)! - 1);
        fill();
        slotFreed?.();
      });
  };
  const room = () => 2 * options.concurrency - inFlight - ready.length;
  const refillAt = Math.max(1, Math.ceil(options.concurrency / 2));
  let trialsPerJob = 1;
  // When the queues last gave fewer jobs than asked: they are not asked again before `pollMs`.
  let drainedAt = -Infinity;
  try {
    while (!signal.aborted && failure === undefined) {
      const starving = ready.length === 0 && inFlight < options.concurrency;
      const due = performance.now() - drainedAt >= pollMs;
      let fetched = 0;
      if (due && room() > 0 && (room() >= refillAt || starving)) {
        let short = false;
        for (const active of await runs.active(inFlight > 0)) {
          if (room() <= 0 || signal.aborted) break;
          const batchSize = Math.max(1, Math.floor(room() / trialsPerJob));
          const jobs = await boss.fetch<TrialJob>(active.queue, { batchSize, includeMetadata: true });
          if (jobs.length < batchSize) short = true;
          for (const job of jobs) trialsPerJob = Math.max(1, job.data.trials.length);
          const taken = await held.take(active, jobs);
          ready.push(...taken);
          fetched += jobs.length;
          fill();
        }
        drainedAt = short || fetched === 0 ? performance.now() : -Infinity;
      }
      await runs.letGo((runId) => (inFlightOf.get(runId) ?? 0) > 0 || ready.some((t) => t.job.source.runId === runId));
      if (fetched > 0 || inFlight > 0 || ready.length > 0) idleSince = performance.now();
      else if (
        options.exitWhenIdleMs !== undefined &&
        idleSince !== undefined &&
        performance.now() - idleSince >= options.exitWhenIdleMs
      )
        break;
      if (fetched > 0 && drainedAt < 0 && room() >= refillAt) continue;
      // Wait for a trial to end (the reserve may need topping up), or poll the queues again.
      await new Promise<void>((resolve) => {
        // One timer and one abort listener per wait, both gone when it ends (a pending `sleep`
        // with the signal per ended trial would hold a listener each until its timer ran out).
        const wake = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', wake);
          slotFreed = undefined;
          resolve();
        };
        const timer = setTimeout(wake, pollMs);
        signal.addEventListener('abort', wake, { once: true });
        slotFreed = wake;
        if (signal.aborted) wake();
      });
    }
    options.onEvent?.({ kind: 'stopping', inFlight });
    // Jobs none of whose trials started go back to the queue at once for other workers; the
    // rest of a job already under way is run here, so that the job completes.
    const untouched = new Set(ready.filter((t) => t.job.started === 0).map((t) => t.job));
    ready = failure === undefined ? ready.filter((t) => t.job.started > 0) : [];
    await held.release(untouched);
    for (fill(); inFlight > 0; fill()) await new Promise<void>((resolve) => (slotFreed = resolve));
    await writer.flush();
    await runs.letGoAll();
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
  if (failure !== undefined) throw failure;
  return { trials, errors };
}

/**
 * The queued runs this worker serves, refreshed from the store at most once a second while
 * idle, and every 10 s while busy (listing runs counts their trials, a cost that grows with them).
 */
class RunDirectory {
  readonly #options: QueueWorkerOptions;
  readonly #pacing: PacingProvider;
  readonly #loaded = new Map<string, Promise<ActiveRun | undefined>>();
  /** Runs that stopped running, let go once no trial of theirs is in flight here. */
  readonly #leaving = new Map<string, Promise<ActiveRun | undefined>>();
  #active: ActiveRun[] = [];
  #checked = 0;

  constructor(options: QueueWorkerOptions, pacing: PacingProvider) {
    this.#options = options;
    this.#pacing = pacing;
  }

  async active(busy: boolean): Promise<ActiveRun[]> {
    if (performance.now() - this.#checked < (busy ? 10_000 : 1000)) return this.#active;
    this.#checked = performance.now();
    const running = await this.#options.store.runs.list({ status: 'running', limit: 100 });
    const queued = running.filter((run) => queuedRunConfig(run) !== undefined && this.#options.accepts(run));
    const active = await Promise.all(queued.map((run) => this.#load(run)));
    this.#active = active.filter((a): a is ActiveRun => a !== undefined);
    // A worker serves run after run for days: a run no longer running (listed or, beyond the
    // list's first 100, asked for) is let go, or its eval and every case would stay here.
    const listed = new Set(running.map((run) => run.runId));
    for (const [runId, loaded] of this.#loaded) {
      if (listed.has(runId) || (await this.#options.store.runs.get(runId))?.status === 'running') continue;
      this.#loaded.delete(runId);
      this.#leaving.set(runId, loaded);
    }
    return this.#active;
  }

  /** Closes the targets of runs that stopped running, once `busy` says no trial of theirs is here. */
  async letGo(busy: (runId: string) => boolean): Promise<void> {
    for (const [runId, loaded] of this.#leaving) {
      if (busy(runId)) continue;
      this.#leaving.delete(runId);
      const active = await loaded;
      if (active === undefined) continue;
      try {
        await active.eval.target.close?.();
      } catch (error) {
        // Nothing of the run depends on it any more: say so, and go on serving the others.
        this.#options.onEvent?.({
          kind: 'run-refused',
          runId,
          message: `closing its target: ${(error as Error).message}`,
        });
      }
      this.#options.onEvent?.({ kind: 'run-left', runId });
    }
  }

  /** On stopping, once nothing is in flight: every target this worker opened is closed. */
  async letGoAll(): Promise<void> {
    for (const [runId, loaded] of this.#loaded) this.#leaving.set(runId, loaded);
    this.#loaded.clear();
    await this.letGo(() => false);
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
            runId: run.runId,
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
