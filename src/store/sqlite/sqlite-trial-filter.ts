import type { ListTrialsQuery } from '../types.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/** A metadata value as text, with JSON booleans as 'true'/'false' (as segments name them). */
function metadataText(field: string): SqlFragment {
  const path = `$."${field.replace(/"/g, '""')}"`;
  return {
    sql: `(CASE json_type(c.metadata, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(c.metadata, ?) AS TEXT) END)`,
    params: [path, path],
  };
}

/**
 * The WHERE clause for a trial listing over `trials t LEFT JOIN cases c`. The store decides
 * nothing about outcomes: analysis picks the trials (`query.trials`) and the store returns them.
 */
export function trialFilter(runId: string, query: ListTrialsQuery): SqlFragment {
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
  if (query.grader !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM scores s WHERE s.run_id = t.run_id AND s.case_id = t.case_id AND s.repeat = t.repeat AND s.grader = ?)');
    params.push(query.grader);
  }
  if (query.trials !== undefined) {
    clauses.push(`(t.case_id, t.repeat) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`);
    params.push(JSON.stringify(query.trials.map((k) => [k.caseId, k.repeat])));
  }
  if (query.search !== undefined && query.search.trim() !== '') {
    const needle = `%${query.search.trim().toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    clauses.push(`(lower(COALESCE(t.output, '')) LIKE ? ESCAPE '\\' OR lower(COALESCE(c.data, '')) LIKE ? ESCAPE '\\' OR lower(COALESCE(t.error, '')) LIKE ? ESCAPE '\\')`);
    params.push(needle, needle, needle);
  }
  return { sql: clauses.join(' AND '), params };
}
