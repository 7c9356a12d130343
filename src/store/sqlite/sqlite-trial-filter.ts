import { buildTrialFilter, type TrialFilter, type TrialFilterDialect } from '../trial-filter.js';
import type { ListTrialsQuery } from '../types.js';

const sqliteDialect: TrialFilterDialect = {
  metadataText(field) {
    const path = `$."${field.replace(/"/g, '""')}"`;
    return {
      sql: `(CASE json_type(c.metadata, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(c.metadata, ?) AS TEXT) END)`,
      params: [path, path],
    };
  },
  trialKeys(keys) {
    return {
      sql: `(t.case_id, t.repeat) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
      params: [JSON.stringify(keys.map((k) => [k.caseId, k.repeat]))],
    };
  },
};

/** The WHERE clause for a trial listing, in SQLite's dialect. */
export function trialFilter(runId: string, query: ListTrialsQuery): TrialFilter {
  return buildTrialFilter(runId, query, sqliteDialect);
}
