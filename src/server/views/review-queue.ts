import { summarizeRun } from '../../analysis/summarize-run.js';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { ListReviewsQuery, UpsertReviewInput } from '../../store/types.js';
import type { ReviewItem, ReviewQueueResponse, ReviewSaveResponse } from '../api-types.js';
import { getRunOrThrow } from './run-detail.js';

/** The review queue: each review with its case and trial, plus progress counts. */
export async function reviewQueueView(store: Store, query: ListReviewsQuery & { limit: number; offset: number }): Promise<ReviewQueueResponse> {
  const scope = { runId: query.runId, grader: query.grader };
  const [reviews, total, pending, done, skipped] = await Promise.all([
    store.reviews.list(query),
    store.reviews.count({ ...query, limit: undefined, offset: undefined }),
    store.reviews.count({ ...scope, status: 'pending' }),
    store.reviews.count({ ...scope, status: 'done' }),
    store.reviews.count({ ...scope, status: 'skipped' }),
  ]);
  const versions = new Map<string, string | undefined>();
  const items: ReviewItem[] = [];
  for (const review of reviews) {
    if (!versions.has(review.runId)) versions.set(review.runId, (await store.runs.get(review.runId))?.datasetVersion);
    const version = versions.get(review.runId);
    const [testCase, trials] = await Promise.all([
      version ? store.datasets.getCase(version, review.caseId) : Promise.resolve(undefined),
      store.trials.list(review.runId, { caseId: review.caseId }),
    ]);
    items.push({ review, case: testCase ?? null, trial: trials.find((t) => t.repeat === review.repeat) ?? null });
  }
  return { items, total, counts: { pending, done, skipped } };
}

/** Saves a review, then recomputes the run's summary so its metrics include the new label. */
export async function saveReview(store: Store, input: UpsertReviewInput): Promise<ReviewSaveResponse> {
  const run = await getRunOrThrow(store, input.runId);
  await checkReviewTarget(store, input);
  const review = await store.reviews.upsert(input);
  // A running run gets its summary from the runner when it ends.
  if (run.status === 'running') return { review, summary: null };
  const summary = await summarizeRun(store, input.runId);
  await store.runs.update(input.runId, { summary: summary as unknown as { readonly [key: string]: unknown } });
  return { review, summary };
}

/** A review must name a stored trial (case and repeat) and a grader that scored it. */
async function checkReviewTarget(store: Store, input: UpsertReviewInput): Promise<void> {
  const trials = await store.trials.list(input.runId, { caseId: input.caseId });
  const trial = trials.find((t) => t.repeat === input.repeat);
  if (!trial) {
    const what = trials.length === 0 ? `case '${input.caseId}'` : `repeat ${input.repeat} of case '${input.caseId}'`;
    throw new AssayError('TRIAL_NOT_FOUND', `Run ${input.runId} has no ${what}.`, {
      hint: trials.length === 0
        ? 'Review a case of this run (GET /api/reviews lists the tasks).'
        : `Repeats of this case: ${trials.map((t) => t.repeat).join(', ')}.`,
    });
  }
  if (!trial.scores.some((s) => s.grader === input.grader)) {
    const message = `No grader '${input.grader}' scored case '${input.caseId}' in run ${input.runId}.`;
    throw new AssayError('REVIEW_UNKNOWN_GRADER', message, {
      hint: `Graders of this trial: ${trial.scores.map((s) => s.grader).join(', ') || 'none'}.`,
    });
  }
}
