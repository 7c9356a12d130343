import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { AssayError } from '../../core/errors.js';
import { trialKey } from '../../store/store.js';
import type { ExecutionContext, Executor, TrialTask } from '../executor.js';
import { queueConnectionOf, queueName, runIdOfQueue, startBoss, type TrialJob, type TrialRef } from './queue-boss.js';

export interface QueueExecutorOptions {
  /**
   * How long a worker holds a trial before it is given to another worker (a worker killed
   * mid-trial loses it for this long). Default: the timeout times (1 + graders), plus 30 s.
   */
  readonly leaseSeconds?: number;
  /** How often progress is read from the store (default 250 ms; at least 1 ms per 100 trials enqueued). */
  readonly pollMs?: number;
  /** Called while no trial has landed for a while (e.g. no worker is running). */
  readonly onWaiting?: (seconds: number) => void;
}

/** Times a trial is handed out again after its worker failed or lost its lease. */
const RETRY_LIMIT = 10;
const INSERT_CHUNK = 1000;
const SIZE_CHECK_MS = 2000;
const MAX_TRIALS_PER_JOB = 25;

/**
 * The `queue` executor: puts the run's pending trials in a pg-boss queue on the shared
 * Postgres store and waits, reading progress from the store, until the workers have written
 * them all. The coordinator calls no target. Stopped, it deletes the queue (workers finish
 * what they hold); `--resume` enqueues again only what is missing.
 */
export function queueExecutor(options: QueueExecutorOptions = {}): Executor {
  return { kind: 'queue', execute: (context) => executeQueued(context, options) };
}

export function defaultLeaseSeconds(timeoutMs: number, graders: number): number {
  return Math.ceil(timeoutMs / 1000) * (1 + graders) + 30;
}

async function executeQueued(context: ExecutionContext, options: QueueExecutorOptions): Promise<void> {
  const { store, runId, signal, progress } = context;
  const boss = await startBoss(queueConnectionOf(store), { maxConnections: 2 });
  const name = queueName(runId);
  const lease = options.leaseSeconds ?? defaultLeaseSeconds(context.eval.timeoutMs, context.eval.graders.length);
  try {
    await sweepFinishedQueues(boss, store);
    // A resumed run drops what still waits in its queue and enqueues again what is missing;
    // trials held by workers at this moment finish and are stored once (the upsert).
    let pending = context.pending;
    if (await boss.getQueue(name)) {
      await boss.purgeQueue(name);
      // Workers went on while the run was down: skip what they stored since it was opened.
      pending = without(pending, await store.trials.completedKeys(runId));
    } else await boss.createQueue(name, { name, retryLimit: RETRY_LIMIT, retryDelay: 1, expireInSeconds: lease });
    const planned = context.eval.dataset.cases.length * context.eval.repeats;
    const enqueued = await enqueue(boss, name, pending, { lease, perJob: trialsPerJob(planned) });
    await watch(context, boss, name, enqueued, options);
    if (signal.aborted) {
      await boss.purgeQueue(name);
      return;
    }
    const run = await store.runs.get(runId);
    if (run) progress.stored(run.trials, run.errors);
    const missing = run ? run.plannedTrials - run.trials : 0;
    if (missing > 0) {
      throw new AssayError(
        'QUEUE_TRIALS_FAILED',
        `Workers gave up on ${missing} of ${run!.plannedTrials} trials of run ${runId}.`,
        {
          hint: 'The worker logs say why (often: the eval file differs on that machine). Fix it, then --resume the run.',
        },
      );
    }
  } finally {
    await deleteQueue(boss, name);
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}

/**
 * Deletes a run's queue once nothing is left in it. pg-boss refuses while it still holds
 * jobs (even completed ones, until its maintenance archives them), so this is best effort and
 * `sweepFinishedQueues` retries at the next queued run.
 */
async function deleteQueue(boss: PgBoss, name: string): Promise<void> {
  try {
    if ((await boss.getQueueSize(name, { before: 'completed' })) === 0) await boss.deleteQueue(name);
  } catch {
    // Jobs remain (completed, not yet archived): the queue is deleted by a later sweep.
  }
}

/** Deletes the queues of runs that are no longer running. */
async function sweepFinishedQueues(boss: PgBoss, store: ExecutionContext['store']): Promise<void> {
  for (const queue of await boss.getQueues()) {
    const runId = runIdOfQueue(queue.name);
    if (runId === undefined) continue;
    const run = await store.runs.get(runId);
    if (!run || run.status !== 'running') await deleteQueue(boss, queue.name);
  }
}

async function* without(tasks: AsyncIterator<TrialTask>, stored: ReadonlySet<string>): AsyncGenerator<TrialTask> {
  for (let next = await tasks.next(); !next.done; next = await tasks.next()) {
    if (!stored.has(trialKey(next.value.testCase.id, next.value.repeat))) yield next.value;
  }
}

/**
 * Trials per job: 1 for small runs (each trial goes to the first free worker), growing to 25
 * at 2,500 trials and more, where the queue's per-job work would otherwise dominate.
 */
export function trialsPerJob(plannedTrials: number): number {
  return Math.min(MAX_TRIALS_PER_JOB, Math.max(1, Math.floor(plannedTrials / 100)));
}

async function enqueue(
  boss: PgBoss,
  name: string,
  pending: AsyncIterator<TrialTask>,
  options: { readonly lease: number; readonly perJob: number },
): Promise<number> {
  // A job's trials may wait for a free slot on its worker before they start: a longer lease.
  const expireInSeconds = options.perJob > 1 ? 2 * options.lease : options.lease;
  let total = 0;
  let chunk: PgBoss.JobInsert<TrialJob>[] = [];
  let trials: TrialRef[] = [];
  const job = () => {
    chunk.push({ name, data: { trials }, retryLimit: RETRY_LIMIT, retryDelay: 1, expireInSeconds });
    total += trials.length;
    trials = [];
  };
  for (let next = await pending.next(); !next.done; next = await pending.next()) {
    trials.push({ caseId: next.value.testCase.id, repeat: next.value.repeat });
    if (trials.length >= options.perJob) job();
    if (chunk.length >= INSERT_CHUNK) {
      await boss.insert(chunk);
      chunk = [];
    }
  }
  if (trials.length > 0) job();
  if (chunk.length > 0) await boss.insert(chunk);
  return total;
}

/** Polls the store for progress until no job of the run is waiting or held, or the run is stopped. */
async function watch(
  context: ExecutionContext,
  boss: PgBoss,
  name: string,
  enqueued: number,
  options: QueueExecutorOptions,
): Promise<void> {
  const { store, runId, signal, progress } = context;
  // Each read counts the run's stored trials, so a large run is read less often (1 s at 100,000 trials).
  const pollMs = Math.max(options.pollMs ?? 250, enqueued / 100);
  let lastChange = performance.now();
  let lastCount = -1;
  let warned = 0;
  let sizeCheckedAt = -Infinity;
  for (;;) {
    const run = await store.runs.get(runId);
    const moved = run !== undefined && run.trials !== lastCount;
    if (run && moved) {
      lastCount = run.trials;
      lastChange = performance.now();
      progress.stored(run.trials, run.errors);
    }
    if (signal.aborted || enqueued === 0) return;
    // Counting the queue's jobs is the costlier read: it is done once every trial is stored,
    // when progress stalls (given-up jobs leave trials missing), and at least every 2 s.
    const complete = run !== undefined && run.trials >= run.plannedTrials;
    if (complete || !moved || performance.now() - sizeCheckedAt >= SIZE_CHECK_MS) {
      sizeCheckedAt = performance.now();
      if ((await boss.getQueueSize(name, { before: 'completed' })) === 0) return;
    }
    const quiet = Math.floor((performance.now() - lastChange) / 1000);
    if (quiet >= 10 && quiet >= warned * 2) {
      warned = quiet;
      options.onWaiting?.(quiet);
    }
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
}
