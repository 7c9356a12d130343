import type { UpsertReviewInput } from './types.js';

// A review saved through `reviews.upsert`, as both stores write it: the review row, and for a
// done review with a reviewer, that reviewer's label. Written with `?` placeholders (Postgres
// numbers them).

export const UPSERT_REVIEW_SQL = `INSERT INTO reviews (run_id, case_id, repeat, grader, status, reviewer, label, score, comment, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, case_id, repeat, grader) DO UPDATE SET
    status = excluded.status, reviewer = excluded.reviewer, label = excluded.label, score = excluded.score,
    comment = excluded.comment, updated_at = excluded.updated_at`;

export const UPSERT_REVIEW_LABEL_SQL = `INSERT INTO review_labels (run_id, case_id, repeat, grader, reviewer, label, score, comment, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, case_id, repeat, grader, reviewer) DO UPDATE SET
    label = excluded.label, score = excluded.score, comment = excluded.comment, updated_at = excluded.updated_at`;

/** The parameters of {@link UPSERT_REVIEW_SQL}. */
export function reviewParams(input: UpsertReviewInput, now: string): unknown[] {
  return [
    input.runId,
    input.caseId,
    input.repeat,
    input.grader,
    input.status,
    input.reviewer ?? null,
    input.label ?? null,
    input.score ?? null,
    input.comment ?? null,
    input.createdAt ?? now,
    input.updatedAt ?? now,
  ];
}

/** The parameters of {@link UPSERT_REVIEW_LABEL_SQL}; undefined when the review records no reviewer's label (not done, or no reviewer). */
export function reviewLabelParams(input: UpsertReviewInput, now: string): unknown[] | undefined {
  if (input.status !== 'done' || !input.reviewer) return undefined;
  return [
    input.runId,
    input.caseId,
    input.repeat,
    input.grader,
    input.reviewer,
    input.label ?? null,
    input.score ?? null,
    input.comment ?? null,
    input.createdAt ?? now,
    input.updatedAt ?? now,
  ];
}
