import type PgBoss from 'pg-boss';
import type { Case } from '../../core/types.js';
import { trialKey, type Store } from '../../store/store.js';
import type { WriteTrialInput } from '../../store/types.js';
import type { TrialJob } from './queue-boss.js';

/** What a worker knows of a run it serves. */
export interface JobSource {
  readonly runId: string;
  readonly queue: string;
  readonly cases: ReadonlyMap<string, Case>;
}

/** A job this worker holds: completed once each of its trials is stored. */
export interface HeldJob {
  readonly source: JobSource;
  readonly id: string;
  /** Trials not stored yet. */
  remaining: number;
  /** Trials started so far (a job none of whose trials started can be handed back). */
  started: number;
}

/** One trial of a held job, waiting for a free slot. */
export interface ReadyTrial {
  readonly job: HeldJob;
  readonly testCase: Case;
  readonly repeat: number;
}

/**
 * The jobs a worker holds and the trials in them. A job is completed only after every one of
 * its trials is stored, so a worker killed at any point leaves its jobs to come back when their
 * lease expires; a job coming back skips the trials already stored, which are not paid twice.
 */
export class HeldJobs {
  readonly #boss: PgBoss;
  readonly #store: Store;
  readonly #byTrial = new Map<string, HeldJob>();

  constructor(boss: PgBoss, store: Store) {
    this.#boss = boss;
    this.#store = store;
  }

  /** Holds fetched jobs and returns their trials. A job naming a case this worker lacks is failed at once. */
  async take(source: JobSource, jobs: readonly PgBoss.JobWithMetadata<TrialJob>[]): Promise<ReadyTrial[]> {
    const ready: ReadyTrial[] = [];
    let stored: Set<string> | undefined;
    for (const fetched of jobs) {
      const missing = fetched.data.trials.find((t) => !source.cases.has(t.caseId));
      if (missing) {
        const message = `case '${missing.caseId}' is not in this worker's copy of the eval`;
        await this.#boss.fail(source.queue, fetched.id, { message });
        continue;
      }
      let refs = fetched.data.trials;
      // A job handed out again (its worker died or gave it back) may hold trials stored already.
      if (fetched.retryCount > 0) {
        stored ??= await this.#store.trials.completedKeys(source.runId);
        refs = refs.filter((t) => !stored!.has(trialKey(t.caseId, t.repeat)));
      }
      if (refs.length === 0) {
        await this.#boss.complete(source.queue, fetched.id);
        continue;
      }
      const job: HeldJob = { source, id: fetched.id, remaining: refs.length, started: 0 };
      for (const t of refs) ready.push({ job, testCase: source.cases.get(t.caseId)!, repeat: t.repeat });
    }
    return ready;
  }

  /** Notes a finished trial of a job, before it is written. */
  finished(job: HeldJob, trial: WriteTrialInput): void {
    this.#byTrial.set(keyOf(trial), job);
  }

  /** Completes the jobs whose last trials this batch stored. */
  async written(batch: readonly WriteTrialInput[]): Promise<void> {
    const done = new Map<string, string[]>();
    for (const trial of batch) {
      const job = this.#byTrial.get(keyOf(trial));
      if (!job) continue;
      this.#byTrial.delete(keyOf(trial));
      job.remaining--;
      if (job.remaining === 0) done.set(job.source.queue, [...(done.get(job.source.queue) ?? []), job.id]);
    }
    for (const [queue, ids] of done) await this.#boss.complete(queue, ids);
  }

  /** Hands jobs back to the queue at once, for other workers. */
  async release(jobs: Iterable<HeldJob>): Promise<void> {
    const byQueue = new Map<string, Set<string>>();
    for (const job of jobs) byQueue.set(job.source.queue, (byQueue.get(job.source.queue) ?? new Set()).add(job.id));
    for (const [queue, ids] of byQueue) await this.#boss.fail(queue, [...ids]);
  }
}

function keyOf(t: { readonly runId: string; readonly caseId: string; readonly repeat: number }): string {
  return `${t.runId}\u0000${trialKey(t.caseId, t.repeat)}`;
}
