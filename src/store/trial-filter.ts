import type { ListTrialsQuery } from './types.js';

export interface SqlFragment {
  readonly sql: string;
  readonly params: unknown[];
}

/** What differs between the SQL dialects of the stores in a trial listing. */
export interface TrialFilterDialect {
  /** A metadata field of the case as text (JSON booleans as 'true'/'false'). */
  metadataText(field: string): SqlFragment;
  /** `(t.case_id, t.repeat)` is one of these keys. */
  trialKeys(keys: NonNullable<ListTrialsQuery['trials']>): SqlFragment;
}

export interface TrialFilter extends SqlFragment {
  /**
   * Whether the clause reads the case (`c.`): when it does not, a count needs no join, since
   * the join to the run and the left join to its case keep exactly one row per trial. Over a
   * million trials that join costs seconds.
   */
  readonly usesCase: boolean;
}

/**
 * The WHERE clause (with `?` placeholders) for a trial listing over `trials t LEFT JOIN cases c`.
 * The store decides nothing about outcomes: analysis picks the trials (`query.trials`) and the
 * store returns them.
 */
export function buildTrialFilter(runId: string, query: ListTrialsQuery, dialect: TrialFilterDialect): TrialFilter {
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
    const text = dialect.metadataText(query.segment.field);
    clauses.push(`${text.sql} = ?`);
    params.push(...text.params, query.segment.value);
  }
  if (query.grader !== undefined) {
    clauses.push(
      'EXISTS (SELECT 1 FROM scores s WHERE s.run_id = t.run_id AND s.case_id = t.case_id AND s.repeat = t.repeat AND s.grader = ?)',
    );
    params.push(query.grader);
  }
  if (query.trials !== undefined) {
    const keys = dialect.trialKeys(query.trials);
    clauses.push(keys.sql);
    params.push(...keys.params);
  }
  if (query.search !== undefined && query.search.trim() !== '') {
    const needle = `%${query.search
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    clauses.push(
      `(lower(COALESCE(t.output, '')) LIKE ? ESCAPE '\\' OR lower(COALESCE(c.data, '')) LIKE ? ESCAPE '\\' OR lower(COALESCE(t.error, '')) LIKE ? ESCAPE '\\')`,
    );
    params.push(needle, needle, needle);
  }
  const usesCase = query.slice !== undefined || query.segment !== undefined || (query.search ?? '').trim() !== '';
  return { sql: clauses.join(' AND '), params, usesCase };
}
