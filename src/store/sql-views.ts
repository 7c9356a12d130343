import { AssayError } from '../core/errors.js';

/**
 * The documented views `assay sql` queries: `runs`, `cases`, `trials`, `scores`, `reviews`,
 * and for online evaluation `traces` and `feedback`.
 * Written once for every SQL store; a dialect supplies only the few expressions that differ
 * (reading a JSON field, the table a view reads from). docs/sql.md documents every column.
 *
 * Each store keeps the views under the `sql_` prefix (`sql_runs`, …), made by a migration, so
 * any SQL client can read them; an `assay sql` session shows them under their plain names.
 */
export interface SqlViewDialect {
  readonly name: 'sqlite' | 'postgres';
  /** A stored table, qualified so a same-named view cannot shadow it. */
  table(name: string): string;
  /** A JSON column's top-level field as text (NULL when absent). */
  jsonText(column: string, key: string): string;
  /** A JSON column's top-level field as JSON (text in SQLite, jsonb in Postgres). */
  jsonValue(column: string, key: string): string;
  /** A JSON column as JSON, so `metadata ->> 'intent'` works on every store. */
  json(column: string): string;
  /** A stored boolean as 1, 0 or NULL. */
  flag(column: string): string;
}

export interface SqlView {
  readonly name: 'runs' | 'cases' | 'trials' | 'scores' | 'reviews' | 'traces' | 'feedback';
  select(d: SqlViewDialect): string;
}

export const SQL_VIEW_PREFIX = 'sql_';

export const sqlViews: readonly SqlView[] = [
  {
    name: 'runs',
    select: (d) => `SELECT r.run_id, r.eval, r.status, r.dataset_name, r.dataset_version,
      ${d.jsonText('r.target', 'kind')} AS target_kind, ${d.jsonText('r.target', 'model')} AS model,
      ${d.json('r.target')} AS target, r.git_commit, r.started_at, r.finished_at, r.planned_trials,
      CAST(${d.jsonText('r.config', 'repeats')} AS INTEGER) AS repeats
      FROM ${d.table('runs')} r`,
  },
  {
    name: 'cases',
    select: (
      d,
    ) => `SELECT c.dataset_version, c.case_id, c.ordinal, c.slice, c.weight, ${d.json('c.metadata')} AS metadata,
      ${d.jsonValue('c.data', 'input')} AS input, ${d.jsonValue('c.data', 'expected')} AS expected,
      ${d.jsonText('c.data', 'source')} AS source
      FROM ${d.table('cases')} c`,
  },
  {
    name: 'trials',
    select: (d) => `SELECT t.run_id, t.case_id, t.repeat, r.dataset_version,
      COALESCE(${d.jsonText('t.output', 'model')}, ${d.jsonText('r.target', 'model')}) AS model,
      ${d.jsonText('t.output', 'text')} AS output_text, ${d.json('t.output')} AS output, t.error,
      t.started_at, t.latency_ms, t.cost_usd,
      CAST(t.input_tokens AS INTEGER) AS input_tokens, CAST(t.output_tokens AS INTEGER) AS output_tokens
      FROM ${d.table('trials')} t JOIN ${d.table('runs')} r ON r.run_id = t.run_id`,
  },
  {
    name: 'scores',
    select: (
      d,
    ) => `SELECT s.run_id, s.case_id, s.repeat, s.grader, s.value, ${d.flag('s.pass')} AS pass, s.label, s.reason,
      s.error, ${d.flag('s.pending')} AS pending
      FROM ${d.table('scores')} s`,
  },
  {
    name: 'reviews',
    select: (d) => `SELECT v.run_id, v.case_id, v.repeat, v.grader, v.status, v.reviewer, v.label, v.score, v.comment,
      v.created_at, v.updated_at
      FROM ${d.table('reviews')} v`,
  },
];

/**
 * The online evaluation views: ingested traces and user feedback. Kept apart from `sqlViews`
 * because their tables came later: each store creates them in its own later migration.
 */
export const traceSqlViews: readonly SqlView[] = [
  {
    name: 'traces',
    select: (d) => `SELECT t.trace_id, t.span_id, CAST(t.seq AS INTEGER) AS seq, t.timestamp, t.ingested_at, t.source,
      t.model, t.status, t.error, t.latency_ms,
      CAST(t.input_tokens AS INTEGER) AS input_tokens, CAST(t.output_tokens AS INTEGER) AS output_tokens,
      ${d.json('t.input')} AS input, ${d.json('t.output')} AS output, ${d.json('t.metadata')} AS metadata
      FROM ${d.table('traces')} t`,
  },
  {
    name: 'feedback',
    select: (d) => `SELECT CAST(f.id AS INTEGER) AS id, f.trace_id, f.score, f.thumb, f.comment, f.created_at
      FROM ${d.table('feedback')} f`,
  },
];

/** Every view `assay sql` shows. */
export const allSqlViews: readonly SqlView[] = [...sqlViews, ...traceSqlViews];

/** `CREATE VIEW sql_<name> AS …` for every view (or the given ones), for a store migration. */
export function createSqlViewsStatements(d: SqlViewDialect, views: readonly SqlView[] = sqlViews): string[] {
  return views.map((v) => `CREATE VIEW ${SQL_VIEW_PREFIX}${v.name} AS ${v.select(d)}`);
}

export const sqliteViewDialect: SqlViewDialect = {
  name: 'sqlite',
  table: (name) => `main.${name}`,
  jsonText: (column, key) => `(${column} ->> '$.${key}')`,
  jsonValue: (column, key) => `(${column} -> '$.${key}')`,
  json: (column) => column,
  flag: (column) => column,
};

/** Every store refuses a write with this error. */
export function readOnlyError(): AssayError {
  return new AssayError('SQL_READ_ONLY', 'assay sql only reads: this statement would change the store.', {
    hint: 'Write a SELECT (or WITH … SELECT) over the views runs, cases, trials, scores, reviews, traces and feedback.',
  });
}
