import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import type { Store } from '../../store/store.js';
import { queueConnectionOf, startBoss } from './queue-boss.js';

/**
 * A named, long-lived job queue on a Postgres store (pg-boss), for work that is not a run's
 * trials: online grading of sampled traces. Jobs are retried when their worker fails or dies
 * (its lease expires), so every job runs at least once; handlers must be idempotent.
 */
export interface JobQueueOptions {
  /** How long a worker holds a job before another worker may take it. */
  readonly leaseSeconds: number;
  /** Times a failed job is handed out again (default 5). */
  readonly retryLimit?: number;
}

const INSERT_CHUNK = 1000;

async function ensureQueue(boss: PgBoss, name: string, options: JobQueueOptions): Promise<void> {
  if (await boss.getQueue(name)) return;
  await boss
    .createQueue(name, {
      name,
      retryLimit: options.retryLimit ?? 5,
      retryDelay: 1,
      expireInSeconds: options.leaseSeconds,
    })
    // Another process created it at the same moment.
    .catch(async (error: unknown) => {
      if (!(await boss.getQueue(name))) throw error;
    });
}

/** Puts jobs in the queue (created on first use); resolves once they are stored in Postgres. */
export async function enqueueJobs<T extends object>(
  store: Store,
  name: string,
  jobs: readonly T[],
  options: JobQueueOptions,
): Promise<void> {
  const boss = await startBoss(queueConnectionOf(store), { maxConnections: 2 });
  try {
    await ensureQueue(boss, name, options);
    for (let i = 0; i < jobs.length; i += INSERT_CHUNK) {
      await boss.insert(
        jobs.slice(i, i + INSERT_CHUNK).map((data) => ({
          name,
          data,
          retryLimit: options.retryLimit ?? 5,
          retryDelay: 1,
          expireInSeconds: options.leaseSeconds,
        })),
      );
    }
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}

/** Resolves once no job of the queue is waiting or held by a worker (at once when there is no queue). */
export async function waitForJobs(store: Store, name: string, pollMs = 500): Promise<void> {
  const boss = await startBoss(queueConnectionOf(store), { maxConnections: 1 });
  try {
    if (!(await boss.getQueue(name))) return;
    while ((await boss.getQueueSize(name, { before: 'completed' })) > 0) await sleep(pollMs);
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
}

export type JobWorkerEvent =
  | { readonly kind: 'ready' }
  | { readonly kind: 'done'; readonly done: number; readonly failed: number }
  | { readonly kind: 'failed'; readonly message: string };

export interface JobWorkerOptions<T> {
  readonly store: Store;
  readonly queue: string;
  /** Jobs in flight at once in this process. */
  readonly concurrency: number;
  /** Does one job; a throw fails it (pg-boss hands it out again up to its retry limit). */
  readonly handle: (data: T) => Promise<void>;
  /** Abort to stop taking jobs: those in flight finish first. */
  readonly signal: AbortSignal;
  /** Return once no job was available for this long after starting or after the last one. */
  readonly exitWhenIdleMs?: number;
  readonly pollMs?: number;
  readonly onEvent?: (event: JobWorkerEvent) => void;
}

/**
 * Takes jobs of one queue until stopped: up to `concurrency` at once, each completed only once
 * its handler resolved. A worker killed mid-job loses nothing: the job's lease expires and
 * another worker takes it.
 */
export async function runJobWorker<T extends object>(
  options: JobWorkerOptions<T>,
): Promise<{ done: number; failed: number }> {
  const { signal, queue } = options;
  const boss = await startBoss(queueConnectionOf(options.store), { maxConnections: 2 });
  options.onEvent?.({ kind: 'ready' });
  const pollMs = options.pollMs ?? 200;
  let inFlight = 0;
  let done = 0;
  let failed = 0;
  let slotFreed: (() => void) | undefined;
  let idleSince = performance.now();
  const run = async (job: PgBoss.Job<T>) => {
    try {
      await options.handle(job.data);
      await boss.complete(queue, job.id);
      done++;
      options.onEvent?.({ kind: 'done', done, failed });
    } catch (error) {
      failed++;
      const message = error instanceof Error ? error.message : String(error);
      options.onEvent?.({ kind: 'failed', message });
      await boss.fail(queue, job.id, { message }).catch(() => undefined);
    }
  };
  try {
    while (!signal.aborted) {
      let fetched = 0;
      if (inFlight < options.concurrency && (await boss.getQueue(queue))) {
        const jobs = await boss.fetch<T>(queue, { batchSize: options.concurrency - inFlight });
        fetched = jobs.length;
        for (const job of jobs) {
          inFlight++;
          void run(job).finally(() => {
            inFlight--;
            slotFreed?.();
          });
        }
      }
      if (fetched > 0 || inFlight > 0) idleSince = performance.now();
      else if (options.exitWhenIdleMs !== undefined && performance.now() - idleSince >= options.exitWhenIdleMs) break;
      if (fetched > 0 && inFlight < options.concurrency) continue;
      const freed = new Promise<void>((resolve) => (slotFreed = resolve));
      await Promise.race([freed, sleep(pollMs, undefined, { signal }).catch(() => undefined)]);
    }
    while (inFlight > 0) await new Promise<void>((resolve) => (slotFreed = resolve));
  } finally {
    await boss.stop({ graceful: false, wait: true, close: true });
  }
  return { done, failed };
}
