import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadEvalFile } from '../config/load-eval-file.js';
import { AssayError } from '../core/errors.js';
import type { Grader } from '../graders/grader.js';
import { createGraders } from '../graders/registry.js';
import {
  gradeQueuedTrace,
  localOnlineExecutor,
  queueOnlineExecutor,
  type OnlineExecutor,
  type OnlineJob,
} from '../online/online-executor.js';
import { enqueueJobs, runJobWorker, type JobWorkerEvent } from '../runner/queue/job-queue.js';
import type { Store } from '../store/store.js';

/** One queue for every online eval: each job names its eval file, so any worker can grade it. */
export const ONLINE_QUEUE = 'assay_online';
/** A worker holds a queued trace this long before another may take it (graders call models). */
const ONLINE_LEASE_SECONDS = 600;

/**
 * The executor `assay online run` uses: on a Postgres store, the queue (graded by `assay
 * worker` processes, never by this one), unless `local` is asked for; on SQLite, this process.
 */
export function onlineExecutorFor(
  store: Store,
  file: string,
  graders: () => Promise<readonly Grader[]>,
  options: {
    readonly local?: boolean;
    readonly signal?: AbortSignal;
    readonly cwd?: string;
    /** How long a worker holds a queued trace before another may take it (default 600 s). */
    readonly leaseSeconds?: number;
  } = {},
): Promise<OnlineExecutor> | OnlineExecutor {
  if (store.kind !== 'postgres' || options.local)
    return graders().then((g) => localOnlineExecutor({ store, graders: g, signal: options.signal }));
  const cwd = options.cwd ?? process.cwd();
  const absoluteFile = resolve(cwd, file);
  const inside = relative(cwd, absoluteFile);
  return queueOnlineExecutor({
    file: inside.startsWith('..') || isAbsolute(inside) ? absoluteFile : inside.split('\\').join('/'),
    absoluteFile,
    enqueue: (jobs) =>
      enqueueJobs(store, ONLINE_QUEUE, jobs, { leaseSeconds: options.leaseSeconds ?? ONLINE_LEASE_SECONDS }),
  });
}

/**
 * The online half of `assay worker`: takes queued traces, loads each job's eval file once
 * (relative to the worker's directory, else the absolute path it was queued with), checks it
 * is still the named online eval, grades the trace and stores its scores.
 */
export function runOnlineWorker(options: {
  readonly store: Store;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly exitWhenIdleMs?: number;
  readonly onEvent?: (event: JobWorkerEvent) => void;
}): Promise<{ done: number; failed: number }> {
  const loaded = new Map<string, Promise<readonly Grader[]>>();
  const gradersOf = (job: OnlineJob): Promise<readonly Grader[]> => {
    const file = existsSync(resolve(job.file)) ? job.file : job.absoluteFile;
    let graders = loaded.get(file);
    if (!graders) {
      graders = loadOnlineGraders(file, job.eval);
      // A failed load is tried again with the next job (the file may be fixed meanwhile).
      graders.catch(() => loaded.delete(file));
      loaded.set(file, graders);
    }
    return graders;
  };
  const trialSignal = new AbortController().signal;
  return runJobWorker<OnlineJob>({
    store: options.store,
    queue: ONLINE_QUEUE,
    concurrency: options.concurrency,
    signal: options.signal,
    exitWhenIdleMs: options.exitWhenIdleMs,
    onEvent: options.onEvent,
    // Grading is never cut short by Ctrl-C: the worker finishes and stores what it holds.
    handle: async (job) => {
      await gradeQueuedTrace(options.store, job, await gradersOf(job), trialSignal);
    },
  });
}

async function loadOnlineGraders(file: string, evalName: string): Promise<readonly Grader[]> {
  const loaded = await loadEvalFile(file);
  if (!loaded.definition.online || loaded.definition.name !== evalName) {
    throw new AssayError(
      'QUEUE_EVAL_MISMATCH',
      `${file} here is not the online eval '${evalName}' the trace was queued for.`,
      { hint: 'Run workers from the directory that holds the same eval files as `assay online run`.' },
    );
  }
  return createGraders(loaded.definition.graders, { baseDir: loaded.baseDir, env: process.env });
}
