import type { SqlFragment } from './trial-filter.js';
import type { ListReviewsQuery } from './types.js';

/** The WHERE clause (with `?` placeholders) for a review listing; empty when nothing filters. */
export function reviewFilter(query: ListReviewsQuery): SqlFragment {
  const columns: [string, unknown][] = [
    ['run_id', query.runId],
    ['grader', query.grader],
    ['status', query.status],
    ['case_id', query.caseId],
  ];
  const used = columns.filter(([, value]) => value !== undefined);
  return {
    sql: used.length ? `WHERE ${used.map(([column]) => `${column} = ?`).join(' AND ')}` : '',
    params: used.map(([, value]) => value),
  };
}
