import type { Grader } from '../graders/grader.js';
import type { Store } from '../store/store.js';
import type { StoredTrace } from '../store/trace-types.js';
import { gradeTrace, type GradeReason } from './online-grade.js';

/** A trace chosen for grading, and why. */
export interface ChosenTrace extends GradeReason {
  readonly trace: StoredTrace;
}

/** What a handed-over batch came to: scores stored now (local) or traces queued for workers. */
export interface OnlineBatchResult {
  readonly scores: number;
  readonly graderErrors: number;
  readonly queued: number;
}

/**
 * Where an online eval's graders run, like the offline `Executor` (runner/executor.ts):
 * `local` grades in this process; `queue` hands each chosen trace to `assay worker` processes
 * through the job queue of a Postgres store. Either way grading is never on the request path:
 * `assay online run` reads what ingest stored and hands it over here.
 */
export interface OnlineExecutor {
  readonly kind: 'local' | 'queue';
  /** Resolves once the batch is durable: its scores stored (local) or its jobs queued (queue). */
  submit(evalName: string, batch: readonly ChosenTrace[]): Promise<OnlineBatchResult>;
}

/** Grades each trace through every grader in this process and stores the batch's scores at once. */
export function localOnlineExecutor(options: {
  readonly store: Store;
  readonly graders: readonly Grader[];
  readonly signal?: AbortSignal;
}): OnlineExecutor {
  const signal = options.signal ?? new AbortController().signal;
  return {
    kind: 'local',
    submit: async (evalName, batch) => {
      const rows = [];
      for (const chosen of batch)
        rows.push(...(await gradeTrace(evalName, chosen.trace, chosen, options.graders, signal)));
      if (rows.length > 0) await options.store.online!.write(rows);
      return { scores: rows.length, graderErrors: rows.filter((r) => r.error !== null).length, queued: 0 };
    },
  };
}

/** One queued trace: enough for a worker to load the eval and find the trace in the shared store. */
export interface OnlineJob {
  /** The eval file as given (relative to the working directory when it is inside it). */
  readonly file: string;
  /** The same file's absolute path, tried when `file` is not found from the worker's directory. */
  readonly absoluteFile: string;
  readonly eval: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
  readonly rate: number;
}

/** Hands every chosen trace to the queue; `enqueue` is the queue's insert (runner/queue/job-queue.ts). */
export function queueOnlineExecutor(options: {
  readonly file: string;
  readonly absoluteFile: string;
  readonly enqueue: (jobs: readonly OnlineJob[]) => Promise<void>;
}): OnlineExecutor {
  return {
    kind: 'queue',
    submit: async (evalName, batch) => {
      const jobs = batch.map((c): OnlineJob => ({
        file: options.file,
        absoluteFile: options.absoluteFile,
        eval: evalName,
        traceId: c.trace.traceId,
        spanId: c.trace.spanId,
        sampled: c.sampled,
        rate: c.rate,
      }));
      if (jobs.length > 0) await options.enqueue(jobs);
      return { scores: 0, graderErrors: 0, queued: jobs.length };
    },
  };
}

/**
 * A worker's side of a queued trace: reads the trace from the store, grades it with the eval's
 * graders and stores the scores (an upsert, so a job handed out twice stores one row per grader).
 * A trace that is no longer stored grades nothing.
 */
export async function gradeQueuedTrace(
  store: Store,
  job: OnlineJob,
  graders: readonly Grader[],
  signal: AbortSignal,
): Promise<number> {
  const copies = await store.traces!.list({ traceId: job.traceId, limit: 10_000 });
  const trace = copies.find((t) => t.spanId === job.spanId);
  if (!trace) return 0;
  const rows = await gradeTrace(job.eval, trace, job, graders, signal);
  await store.online!.write(rows);
  return rows.length;
}
