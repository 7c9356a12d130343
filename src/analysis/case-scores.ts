import type { Score } from '../core/types.js';
import type { Store } from '../store/store.js';
import type { StoredReview, StoredTrial } from '../store/types.js';

/** One grader's results on one case, over its repeats. */
export interface CaseGrade {
  /** Sum of score values over graded repeats. */
  sum: number;
  passes: number;
  graded: number;
  errors: number;
  pending: number;
}

/** Everything the summary needs of one case: its segment fields and per-grader tallies. */
export interface CaseRecord {
  readonly caseId: string;
  readonly slice: string;
  readonly metadata: StoredTrial['metadata'];
  readonly weight: number;
  readonly grades: Map<string, CaseGrade>;
  trials: number;
  targetErrors: number;
}

/** A done review replaces the pending human score it answers. */
export function applyReview(score: Score, review: StoredReview | undefined): Score {
  if (!score.pending || review === undefined || review.status !== 'done') return score;
  const value = review.score ?? (review.label === 'pass' ? 1 : review.label === 'fail' ? 0 : Number.NaN);
  if (!Number.isFinite(value)) return score;
  const pass = review.label === 'pass' ? true : review.label === 'fail' ? false : value >= 0.5;
  return {
    grader: score.grader, value, pass, label: review.label ?? undefined, reason: review.comment ?? `reviewed by ${review.reviewer ?? 'a person'}`,
    meta: { ...score.meta, reviewer: review.reviewer },
  };
}

export function reviewKey(caseId: string, repeat: number, grader: string): string {
  return `${caseId}\u0000${repeat}\u0000${grader}`;
}

/** Loads the done reviews of a run, keyed by (case, repeat, grader). */
export async function loadDoneReviews(store: Store, runId: string): Promise<Map<string, StoredReview>> {
  const reviews = await store.reviews.list({ runId, status: 'done' });
  return new Map(reviews.map((r) => [reviewKey(r.caseId, r.repeat, r.grader), r]));
}

/** Adds one trial to its case's tallies. A target error counts as an error for every grader. */
export function tallyTrial(record: CaseRecord, trial: StoredTrial, graderNames: readonly string[], reviews: Map<string, StoredReview>): void {
  record.trials++;
  if (trial.error !== null) {
    record.targetErrors++;
    for (const name of graderNames) gradeOf(record, name).errors++;
    return;
  }
  for (const raw of trial.scores) {
    const score = applyReview(raw, reviews.get(reviewKey(trial.caseId, trial.repeat, raw.grader)));
    const grade = gradeOf(record, score.grader);
    if (score.error !== undefined) grade.errors++;
    else if (score.pending) grade.pending++;
    else {
      grade.graded++;
      grade.sum += score.value;
      if (score.pass) grade.passes++;
    }
  }
}

function gradeOf(record: CaseRecord, grader: string): CaseGrade {
  let grade = record.grades.get(grader);
  if (!grade) {
    grade = { sum: 0, passes: 0, graded: 0, errors: 0, pending: 0 };
    record.grades.set(grader, grade);
  }
  return grade;
}
