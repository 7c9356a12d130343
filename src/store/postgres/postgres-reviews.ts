import { reviewFilter } from '../review-filter.js';
import { reviewLabelParams, reviewParams, UPSERT_REVIEW_LABEL_SQL, UPSERT_REVIEW_SQL } from '../review-writes.js';
import type { Store } from '../store.js';
import { reviewFromRow, type ReviewRow } from '../store-rows.js';
import type {
  ClaimAuditSlotInput,
  ListReviewsQuery,
  StoredReview,
  UpsertReviewInput,
  WriteReviewLabelInput,
} from '../types.js';
import { numbered, type PgStoreDb } from './postgres-driver.js';

/** Human review on Postgres: review rows, each reviewer's labels and the audit sample's claimed slots. */
export function postgresReviews(db: PgStoreDb): Store['reviews'] {
  return {
    upsert: async (input: UpsertReviewInput): Promise<StoredReview> => {
      const now = new Date().toISOString();
      return db.transaction(async (tx) => {
        // The run's stored fold applied the reviews as they were: it is stale from here on.
        await tx.query('DELETE FROM run_folds WHERE run_id = $1', [input.runId]);
        const { rows } = await tx.query<ReviewRow>(
          `${numbered(UPSERT_REVIEW_SQL)} RETURNING *`,
          reviewParams(input, now),
        );
        const label = reviewLabelParams(input, now);
        if (label) await tx.query(numbered(UPSERT_REVIEW_LABEL_SQL), label);
        return reviewFromRow(rows[0]);
      });
    },
    list: async (query: ListReviewsQuery = {}) => {
      const { sql, params } = reviewFilter(query);
      const rows = await db.rows<ReviewRow>(
        `SELECT * FROM reviews ${sql} ORDER BY run_id, case_id, repeat, grader LIMIT ? OFFSET ?`,
        [...params, query.limit ?? null, query.offset ?? 0],
      );
      return rows.map(reviewFromRow);
    },
    count: async (query: ListReviewsQuery = {}) => {
      const { sql, params } = reviewFilter(query);
      const [row] = await db.rows<{ n: number }>(`SELECT COUNT(*)::int AS n FROM reviews ${sql}`, params);
      return row.n;
    },
    listLabels: async (query: ListReviewsQuery = {}) => {
      const { sql, params } = reviewFilter({ ...query, status: undefined });
      const rows = await db.rows<ReviewRow>(
        `SELECT *, 'done' AS status FROM review_labels ${sql}
       ORDER BY run_id, case_id, repeat, grader, created_at, reviewer LIMIT ? OFFSET ?`,
        [...params, query.limit ?? null, query.offset ?? 0],
      );
      return rows.map(reviewFromRow);
    },
    writeLabels: async (labels: readonly WriteReviewLabelInput[]) => {
      // Postgres refuses to update one row twice in one statement: the last label of a key wins.
      const last = new Map(labels.map((l) => [JSON.stringify([l.runId, l.caseId, l.repeat, l.grader, l.reviewer]), l]));
      const rows = [...last.values()];
      if (rows.length === 0) return 0;
      const columns = LABEL_COLUMNS.map(([field]) => rows.map((l) => l[field]));
      const { rowCount } = await db.pool.query(writeLabelsSql, columns);
      return rowCount ?? 0;
    },
    claimAuditSlot: async (input: ClaimAuditSlotInput) =>
      db.transaction(async (tx) => {
        // Workers claiming for one run and grader take turns; others do not wait.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [input.runId, input.grader]);
        const key = [input.runId, input.grader];
        const mine = await tx.query('SELECT 1 FROM audit_samples WHERE run_id = $1 AND grader = $2 AND case_id = $3', [
          ...key,
          input.caseId,
        ]);
        if (mine.rows.length > 0) return true;
        const taken = await tx.query<{ n: number }>(
          'SELECT COUNT(*)::int AS n FROM audit_samples WHERE run_id = $1 AND grader = $2',
          key,
        );
        if (taken.rows[0].n >= input.size) return false;
        await tx.query('INSERT INTO audit_samples (run_id, grader, case_id, claimed_at) VALUES ($1, $2, $3, $4)', [
          ...key,
          input.caseId,
          new Date().toISOString(),
        ]);
        return true;
      }),
  };
}

const LABEL_COLUMNS = [
  ['runId', 'run_id', 'text'],
  ['caseId', 'case_id', 'text'],
  ['repeat', 'repeat', 'int'],
  ['grader', 'grader', 'text'],
  ['reviewer', 'reviewer', 'text'],
  ['label', 'label', 'text'],
  ['score', 'score', 'float8'],
  ['comment', 'comment', 'text'],
  ['createdAt', 'created_at', 'text'],
  ['updatedAt', 'updated_at', 'text'],
] as const satisfies readonly (readonly [keyof WriteReviewLabelInput, string, string])[];

// A label already there as given is not rewritten, so the row count says what changed.
const writeLabelsSql = `INSERT INTO review_labels AS l (${LABEL_COLUMNS.map(([, column]) => column).join(', ')})
  SELECT * FROM unnest(${LABEL_COLUMNS.map(([, , type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (run_id, case_id, repeat, grader, reviewer) DO UPDATE SET label = excluded.label, score = excluded.score,
    comment = excluded.comment, created_at = excluded.created_at, updated_at = excluded.updated_at
  WHERE (l.label, l.score, l.comment, l.created_at, l.updated_at)
    IS DISTINCT FROM (excluded.label, excluded.score, excluded.comment, excluded.created_at, excluded.updated_at)`;
