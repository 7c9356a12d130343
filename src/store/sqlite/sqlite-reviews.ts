import type Database from 'better-sqlite3';
import { reviewFilter } from '../review-filter.js';
import { reviewLabelParams, reviewParams, UPSERT_REVIEW_LABEL_SQL, UPSERT_REVIEW_SQL } from '../review-writes.js';
import { dropSqliteFold } from './sqlite-folds.js';
import type { Store } from '../store.js';
import { reviewFromRow, type ReviewRow } from '../store-rows.js';
import type {
  ClaimAuditSlotInput,
  ListReviewsQuery,
  StoredReview,
  UpsertReviewInput,
  WriteReviewLabelInput,
} from '../types.js';

/** Human review on SQLite: review rows, each reviewer's labels and the audit sample's claimed slots. */
export function sqliteReviews(db: Database.Database): Store['reviews'] {
  return {
    upsert: async (input: UpsertReviewInput): Promise<StoredReview> => {
      const now = new Date().toISOString();
      // The run's stored fold applied the reviews as they were: it is stale from here on.
      dropSqliteFold(db, input.runId);
      db.prepare(UPSERT_REVIEW_SQL).run(...reviewParams(input, now));
      const label = reviewLabelParams(input, now);
      if (label) db.prepare(UPSERT_REVIEW_LABEL_SQL).run(...label);
      const row = db
        .prepare('SELECT * FROM reviews WHERE run_id = ? AND case_id = ? AND repeat = ? AND grader = ?')
        .get(input.runId, input.caseId, input.repeat, input.grader) as ReviewRow;
      return reviewFromRow(row);
    },
    list: async (query: ListReviewsQuery = {}) => {
      const { sql, params } = reviewFilter(query);
      const rows = db
        .prepare(`SELECT * FROM reviews ${sql} ORDER BY run_id, case_id, repeat, grader LIMIT ? OFFSET ?`)
        .all(...params, query.limit ?? -1, query.offset ?? 0) as ReviewRow[];
      return rows.map(reviewFromRow);
    },
    count: async (query: ListReviewsQuery = {}) => {
      const { sql, params } = reviewFilter(query);
      return db
        .prepare(`SELECT COUNT(*) FROM reviews ${sql}`)
        .pluck()
        .get(...params) as number;
    },
    claimAuditSlot: async (input: ClaimAuditSlotInput) => {
      const key = [input.runId, input.grader];
      return db
        .transaction(() => {
          if (
            db
              .prepare('SELECT 1 FROM audit_samples WHERE run_id = ? AND grader = ? AND case_id = ?')
              .get(...key, input.caseId)
          )
            return true;
          const taken = db
            .prepare('SELECT COUNT(*) FROM audit_samples WHERE run_id = ? AND grader = ?')
            .pluck()
            .get(...key) as number;
          if (taken >= input.size) return false;
          db.prepare('INSERT INTO audit_samples (run_id, grader, case_id, claimed_at) VALUES (?, ?, ?, ?)').run(
            ...key,
            input.caseId,
            new Date().toISOString(),
          );
          return true;
        })
        .immediate();
    },
    writeLabels: async (labels: readonly WriteReviewLabelInput[]) => {
      // A label already there as given is not rewritten, so the change count says what changed.
      const write = db.prepare(
        `INSERT INTO review_labels (run_id, case_id, repeat, grader, reviewer, label, score, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, case_id, repeat, grader, reviewer) DO UPDATE SET label = excluded.label,
         score = excluded.score, comment = excluded.comment, created_at = excluded.created_at,
         updated_at = excluded.updated_at
       WHERE (label, score, comment, created_at, updated_at)
         IS NOT (excluded.label, excluded.score, excluded.comment, excluded.created_at, excluded.updated_at)`,
      );
      return db.transaction(() => {
        let changed = 0;
        for (const l of labels) {
          const args = [l.runId, l.caseId, l.repeat, l.grader, l.reviewer, l.label, l.score, l.comment];
          changed += write.run(...args, l.createdAt, l.updatedAt).changes;
        }
        return changed;
      })();
    },
    listLabels: async (query: ListReviewsQuery = {}) => {
      const { sql, params } = reviewFilter({ ...query, status: undefined });
      const rows = db
        .prepare(
          `SELECT *, 'done' AS status FROM review_labels ${sql}
                ORDER BY run_id, case_id, repeat, grader, created_at, reviewer LIMIT ? OFFSET ?`,
        )
        .all(...params, query.limit ?? -1, query.offset ?? 0) as ReviewRow[];
      return rows.map(reviewFromRow);
    },
  };
}
