import { AssayError } from '../../core/errors.js';
import type { Case, Score, TargetOutput } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { StoredReview, StoredRun } from '../../store/types.js';
import type { ReviewRequest } from './human-grader.js';
import { labelsFor } from './review-labels.js';

/** Everything a reviewer needs to label one trial. */
export interface ReviewTask {
  readonly review: StoredReview;
  readonly testCase: Case | undefined;
  readonly output: TargetOutput | null;
  /** The pending score itself (its `meta.review` says why the trial is here). */
  readonly score: Score | undefined;
  readonly otherScores: readonly Score[];
  readonly labels: readonly string[];
  readonly why?: string;
  readonly instructions?: string;
  /** Blind review: the reviewer is shown no judge verdicts or reasoning (`otherScores` is empty). */
  readonly blind: boolean;
}

/**
 * Loads review tasks with their case, output and the other graders' scores. A task is blind
 * when its review request says so (the default for random, audit and all policies) or when
 * `blind` is given; a blind task carries no other scores, so no face can show them.
 */
export async function loadReviewTasks(
  store: Store,
  query: { runId?: string; grader?: string; status?: StoredReview['status']; blind?: boolean },
): Promise<ReviewTask[]> {
  if (query.runId !== undefined && !(await store.runs.get(query.runId))) {
    throw new AssayError('RUN_NOT_FOUND', `No run '${query.runId}' in ${store.location}.`, {
      hint: 'List runs with `assay runs` (and check --store).',
    });
  }
  const reviews = await store.reviews.list({
    status: query.status ?? 'pending',
    ...(query.runId !== undefined && { runId: query.runId }),
    ...(query.grader !== undefined && { grader: query.grader }),
  });
  const runs = new Map<string, StoredRun | undefined>();
  const tasks: ReviewTask[] = [];
  for (const review of reviews) {
    if (!runs.has(review.runId)) runs.set(review.runId, await store.runs.get(review.runId));
    const run = runs.get(review.runId);
    const trial = (await store.trials.list(review.runId, { caseId: review.caseId })).find(
      (t) => t.repeat === review.repeat,
    );
    const testCase = run ? await store.datasets.getCase(run.datasetVersion, review.caseId) : undefined;
    const score = trial?.scores.find((s) => s.grader === review.grader);
    const request = score?.meta?.review as Partial<ReviewRequest> | undefined;
    const blind = query.blind ?? request?.blind === true;
    tasks.push({
      review,
      testCase,
      output: trial?.output ?? null,
      score,
      otherScores: blind ? [] : (trial?.scores.filter((s) => s.grader !== review.grader) ?? []),
      blind,
      labels: labelsFor(score),
      ...(typeof request?.why === 'string' && { why: request.why }),
      ...(typeof request?.instructions === 'string' && { instructions: request.instructions }),
    });
  }
  return tasks;
}
