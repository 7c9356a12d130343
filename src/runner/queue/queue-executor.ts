import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { AssayError } from '../../core/errors.js';
import { trialKey } from '../../store/store.js';
import type { ExecutionContext, Executor, TrialTask } from '../executor.js';
import { queueConnectionOf, queueName, runIdOfQueue, startBoss, type TrialJob } from './queue-boss.js';

export interface QueueExecutorOptions {
  /**
   * How long a worker holds a trial before it is given to another worker (a worker killed
   * mid-trial loses it for this long). Default: the timeout times (1 + graders), plus 30 s.
   */
  readonly leaseSeconds?: number;
  /** How often progress is read from the store (default 250 ms). */
  readonly pollMs?: number;
  /** Called while no trial has landed for a while (e.g. no worker is running). */
  readonly onWaiting?: (seconds: number) => void;
}

/** Times a trial is handed out again after its worker failed or lost its lease. */
const RETRY_LIMIT = 10;
const INSERT_CHUNK = 1000;

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
    const enqueued = await enqueue(boss, name, pending, lease);
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

async function enqueue(boss: PgBoss, name: string, pending: AsyncIterator<TrialTask>, lease: number): Promise<number> {
  let total = 0;
  let chunk: PgBoss.JobInsert<TrialJob>[] = [];
  const send = async () => {
    await boss.insert(chunk);
    total += chunk.length;
    chunk = [];
  };
  for (let next = await pending.next(); !next.done; next = await pending.next()) {
    const data: TrialJob = { caseId: next.value.testCase.id, repeat: next.value.repeat };
    chunk.push({ name, data, retryLimit: RETRY_LIMIT, retryDelay: 1, expireInSeconds: lease });
    if (chunk.length >= INSERT_CHUNK) await send();
  }
  if (chunk.length > 0) await send();
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
  const pollMs = options.pollMs ?? 250;
  let lastChange = performance.now();
  let lastCount = -1;
  let warned = 0;
  for (;;) {
    const run = await store.runs.get(runId);
    if (run && run.trials !== lastCount) {
      lastCount = run.trials;
      lastChange = performance.now();
      progress.stored(run.trials, run.errors);
    }
    if (signal.aborted) return;
    if (enqueued === 0 || (await boss.getQueueSize(name, { before: 'completed' })) === 0) return;
    const quiet = Math.floor((performance.now() - lastChange) / 1000);
    if (quiet >= 10 && quiet >= warned * 2) {
      warned = quiet;
      options.onWaiting?.(quiet);
    }
    await sleep(pollMs, undefined, { signal }).catch(() => undefined);
  }
}
