import { buildTrialFilter, type SqlFragment } from '../trial-filter.js';
import type { ListTrialsQuery } from '../types.js';

/** A metadata value as text, with JSON booleans as 'true'/'false' (as segments name them). */
function metadataText(field: string): SqlFragment {
  const path = `$."${field.replace(/"/g, '""')}"`;
  return {
    sql: `(CASE json_type(c.metadata, ?) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(json_extract(c.metadata, ?) AS TEXT) END)`,
    params: [path, path],
  };
}

/** The WHERE clause for a trial listing, in SQLite's dialect. */
export function trialFilter(runId: string, query: ListTrialsQuery): SqlFragment {
  return buildTrialFilter(runId, query, metadataText);
}
