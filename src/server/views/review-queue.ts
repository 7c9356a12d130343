import { refreshRunSummary } from '../../analysis/summarize-run.js';
import type { Store } from '../../store/store.js';
import type { ListReviewsQuery, UpsertReviewInput } from '../../store/types.js';
import type { ReviewItem, ReviewQueueResponse, ReviewSaveResponse } from '../api-types.js';
import { getRunOrThrow } from './run-detail.js';
import { recordReview } from '../../graders/human/record-review.js';

/** The review queue: each review with its case and trial, plus progress counts. */
export async function reviewQueueView(
  store: Store,
  query: ListReviewsQuery & { limit: number; offset: number },
): Promise<ReviewQueueResponse> {
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
    const trial = trials.find((t) => t.repeat === review.repeat) ?? null;
    const request = trial?.scores.find((s) => s.grader === review.grader)?.meta?.review as
      { blind?: unknown } | undefined;
    const blind = request?.blind === true;
    // A blind task leaves the other graders' verdicts out of the response, so the page cannot show them.
    const shown = trial && blind ? { ...trial, scores: trial.scores.filter((s) => s.grader === review.grader) } : trial;
    items.push({ review, case: testCase ?? null, trial: shown, blind });
  }
  return { items, total, counts: { pending, done, skipped } };
}

/** Saves a review, then recomputes the run's summary so its metrics include the new label. */
export async function saveReview(store: Store, input: UpsertReviewInput): Promise<ReviewSaveResponse> {
  const run = await getRunOrThrow(store, input.runId);
  // One way to save a review everywhere: labels checked, every reviewer's label kept, conflicts resolved and said.
  const { review, conflict } = await recordReview(store, input);
  const note = conflict === undefined ? {} : { conflict };
  // A running run gets its summary from the runner when it ends.
  if (run.status === 'running') return { review, summary: null, ...note };
  const summary = await refreshRunSummary(store, input.runId);
  return { review, summary, ...note };
}
