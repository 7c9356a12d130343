import type { ListTrialsQuery } from './types.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The WHERE clause for a trial listing over `trials t LEFT JOIN cases c`, with `?` placeholders.
 * `metadataText` is the dialect's expression for a metadata field as text. Outcomes follow
 * the summary's rules: an error (target or grader) is never a pass or a fail.
 */
export function buildTrialFilter(runId: string, query: ListTrialsQuery, metadataText: (field: string) => SqlFragment): SqlFragment {
  const clauses = ['t.run_id = ?'];
  const params: unknown[] = [runId];
  if (query.caseId !== undefined) {
    clauses.push('t.case_id = ?');
    params.push(query.caseId);
  }
  if (query.slice !== undefined) {
    clauses.push(`COALESCE(c.slice, 'typical') = ?`);
    params.push(query.slice);
  }
  if (query.segment !== undefined) {
    const text = metadataText(query.segment.field);
    clauses.push(`${text.sql} = ?`);
    params.push(...text.params, query.segment.value);
  }
  const graderClause = query.grader === undefined ? '' : ' AND s.grader = ?';
  const graderParams = query.grader === undefined ? [] : [query.grader];
  const scores = `FROM scores s WHERE s.run_id = t.run_id AND s.case_id = t.case_id AND s.repeat = t.repeat${graderClause}`;
  switch (query.outcome) {
    case 'error':
      clauses.push(`(t.error IS NOT NULL OR EXISTS (SELECT 1 ${scores} AND s.error IS NOT NULL))`);
      params.push(...graderParams);
      break;
    case 'fail':
      clauses.push(`(t.error IS NULL AND EXISTS (SELECT 1 ${scores} AND s.pass = 0 AND s.error IS NULL))`);
      params.push(...graderParams);
      break;
    case 'pass':
      clauses.push(
        `(t.error IS NULL AND EXISTS (SELECT 1 ${scores} AND s.pass = 1)` +
          ` AND NOT EXISTS (SELECT 1 ${scores} AND (s.pass = 0 OR s.error IS NOT NULL)))`,
      );
      params.push(...graderParams, ...graderParams);
      break;
    case 'pending':
      clauses.push(`EXISTS (SELECT 1 ${scores} AND s.pending = 1)`);
      params.push(...graderParams);
      break;
    case undefined:
      if (query.grader !== undefined) {
        clauses.push(`EXISTS (SELECT 1 ${scores})`);
        params.push(...graderParams);
      }
      break;
  }
  if (query.search !== undefined && query.search.trim() !== '') {
    const needle = `%${query.search.trim().toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    clauses.push(`(lower(COALESCE(t.output, '')) LIKE ? ESCAPE '\\' OR lower(COALESCE(c.data, '')) LIKE ? ESCAPE '\\' OR lower(COALESCE(t.error, '')) LIKE ? ESCAPE '\\')`);
    params.push(needle, needle, needle);
  }
  return { sql: clauses.join(' AND '), params };
}
