import { copyTraces, type CopyTracesResult } from './copy-traces.js';
import type { Store } from './store.js';
import type { StoredReview, StoredRun, WriteReviewLabelInput, WriteTrialInput } from './types.js';

export interface CopyStoreResult extends CopyTracesResult {
  readonly datasets: number;
  readonly runs: number;
  readonly trials: number;
  readonly reviews: number;
  /** Reviewers' labels (every reviewer's, not only the resolved one) the destination lacked or held differently. */
  readonly labels: number;
  readonly baselines: number;
  /** Runs already in the destination with the same trials and status: left as they are. */
  readonly unchangedRuns: number;
  /** Stored folds copied with their runs' summaries (compare and the dashboard read them instead of the trials). */
  readonly folds: number;
}

export interface CopyStoreOptions {
  /** Trials per write (one transaction each). */
  readonly batchSize?: number;
  readonly onRun?: (runId: string, trials: number) => void;
}

/**
 * Copies every dataset, run (with its trials and scores), review (with every reviewer's label)
 * and baseline, and the online data (traces, feedback, online scores; store/copy-traces.ts) from one store
 * to another, through the `Store` interface only, so it works between any two stores. It is
 * idempotent: rows are keyed as in the source and upserted, and a run whose trial count and
 * status already match is skipped, so a second copy adds and changes nothing.
 */
export async function copyStore(from: Store, to: Store, options: CopyStoreOptions = {}): Promise<CopyStoreResult> {
  const batchSize = options.batchSize ?? 1000;
  let datasets = 0;
  for (const d of await from.datasets.list()) {
    if (await to.datasets.get(d.version)) continue;
    await to.datasets.create({ name: d.name, version: d.version, cases: await from.datasets.listCases(d.version) });
    datasets++;
  }
  let runs = 0;
  let trials = 0;
  let unchangedRuns = 0;
  const copiedRuns: StoredRun[] = [];
  for (const run of (await from.runs.list()).reverse()) {
    const existing = await to.runs.get(run.runId);
    if (
      existing &&
      existing.trials === run.trials &&
      existing.status === run.status &&
      existing.finishedAt === run.finishedAt
    ) {
      unchangedRuns++;
      continue;
    }
    if (!existing) {
      const {
        runId,
        eval: evalName,
        datasetName,
        datasetVersion,
        target,
        gitCommit,
        startedAt,
        config,
        plannedTrials,
      } = run;
      await to.runs.create({
        runId,
        eval: evalName,
        datasetName,
        datasetVersion,
        target,
        gitCommit,
        startedAt,
        config,
        plannedTrials,
        owner: run.owner,
        matrixId: run.matrixId,
      });
    }
    let batch: WriteTrialInput[] = [];
    let written = 0;
    for await (const t of from.trials.iterate(run.runId, batchSize)) {
      const { runId, caseId, repeat, output, scores, error, startedAt, latencyMs } = t;
      batch.push({ runId, caseId, repeat, output, scores, error, startedAt, latencyMs });
      if (batch.length >= batchSize) {
        await to.trials.write(batch);
        written += batch.length;
        batch = [];
      }
    }
    await to.trials.write(batch);
    written += batch.length;
    await to.runs.update(run.runId, {
      status: run.status,
      finishedAt: run.finishedAt,
      plannedTrials: run.plannedTrials,
      summary: run.summary,
    });
    options.onRun?.(run.runId, written);
    copiedRuns.push(run);
    runs++;
    trials += written;
  }
  // Copying a done review also stamps its reviewer's label, so what the destination held before decides what is new.
  const held = new Set<string>();
  for await (const label of labelPages(to, batchSize)) held.add(JSON.stringify(label));
  let reviews = 0;
  for (let offset = 0; ; offset += batchSize) {
    const page = await from.reviews.list({ limit: batchSize, offset });
    for (const review of page) if (await copyReview(to, review)) reviews++;
    if (page.length < batchSize) break;
  }
  // After the reviews, so that each label ends exactly as in the source.
  let labels = 0;
  let page: WriteReviewLabelInput[] = [];
  const flush = async () => {
    await to.reviews.writeLabels(page);
    page = [];
  };
  for await (const label of labelPages(from, batchSize)) {
    if (!held.has(JSON.stringify(label))) labels++;
    page.push(label);
    if (page.length >= batchSize) await flush();
  }
  await flush();
  // Last, once the runs' trials and reviews are all written (each such write drops a stored
  // fold): a run's fold as the source stored it, with the same summary. The fold's key (trial
  // count, done reviews, pass rules, format) is checked on every read, so a fold that does not
  // match what the destination now holds is refolded there, never used.
  let folds = 0;
  if (from.runs.getFold && to.runs.getFold) {
    for (const run of copiedRuns) {
      const fold = run.summary ? await from.runs.getFold(run.runId) : undefined;
      if (!fold) continue;
      await to.runs.update(run.runId, { summary: run.summary, fold });
      folds++;
    }
  }
  let baselines = 0;
  for (const b of await from.baselines.list()) {
    if ((await to.baselines.get(b.name))?.runId === b.runId) continue;
    await to.baselines.set(b.name, b.runId);
    baselines++;
  }
  const online = await copyTraces(from, to, batchSize);
  return { datasets, runs, trials, reviews, labels, baselines, unchangedRuns, folds, ...online };
}

/** Every reviewer's label in a store, page by page. */
async function* labelPages(store: Store, batchSize: number): AsyncGenerator<WriteReviewLabelInput> {
  for (let offset = 0; ; offset += batchSize) {
    const page = await store.reviews.listLabels({ limit: batchSize, offset });
    for (const { status: _, reviewer, ...label } of page) if (reviewer !== null) yield { ...label, reviewer };
    if (page.length < batchSize) return;
  }
}

async function copyReview(to: Store, review: StoredReview): Promise<boolean> {
  const { runId, caseId, repeat, grader } = review;
  const [existing] = await to.reviews
    .list({ runId, caseId, grader, status: undefined })
    .then((all) => all.filter((r) => r.repeat === repeat));
  if (existing && existing.updatedAt === review.updatedAt && existing.status === review.status) return false;
  await to.reviews.upsert(review);
  return true;
}
