import {
  CaseColumnsBuilder,
  DEFAULT_PAGE_SIZE,
  trialColumnsFromJson,
  type CaseJson,
  type ScoreJson,
  type TrialJson,
} from '../store-columns.js';
import type { CaseColumns, ListColumnsOptions, ScanColumnsOptions, TrialColumns } from '../types.js';
import type { PgClient, PgPool } from './postgres-driver.js';

// Columnar reads: Postgres builds each column as one JSON array (json_agg, ordered in the
// aggregate) and sends it as text, which V8 parses natively. Doubles print in their shortest
// exact form (extra_float_digits = 1, the default since Postgres 12), so they survive the trip.

/** `SELECT` of one JSON array per field, aliased c0, c1… in field order. */
function columnsSql(fields: readonly string[], order: string, from: string): string {
  const columns = fields.map((f, i) => `COALESCE(json_agg(${f} ORDER BY ${order}), '[]')::text AS c${i}`);
  return `SELECT ${columns.join(', ')} FROM ${from}`;
}

const TRIAL_FIELDS = ['case_id', 'repeat', 'error', 'latency_ms', 'cost_usd', 'input_tokens', 'output_tokens'];
const TRIALS_SQL = columnsSql(TRIAL_FIELDS, 'case_id, repeat', 'trials WHERE run_id = $1');

// A score made by a model call keeps the call in `meta.judge`: its cost (when the price is
// known) and its tokens count toward the run's.
const JUDGE_FIELDS = `CASE WHEN jsonb_typeof(meta::jsonb -> 'judge') = 'object' THEN 1 ELSE 0 END AS judge_call,
  CASE WHEN jsonb_typeof(meta::jsonb #> '{judge,costUsd}') = 'number' THEN (meta::jsonb #>> '{judge,costUsd}')::float8 END AS judge_cost,
  CASE WHEN jsonb_typeof(meta::jsonb #> '{judge,usage,totalTokens}') = 'number'
    THEN (meta::jsonb #>> '{judge,usage,totalTokens}')::float8 ELSE 0 END AS judge_tokens`;
const SCORE_FIELDS = [
  'case_id',
  'repeat',
  'grader',
  'ordinal',
  'value',
  'pass',
  'pending',
  'error',
  'judge_call',
  'judge_cost',
  'judge_tokens',
];
// A trial's scores in grader order, as SQLite's primary key gives them: the same columns from
// both stores, and from trials just written (TrialColumnsBuilder).
const scoresSql = (reasons: boolean, where = 'run_id = $1'): string =>
  columnsSql(
    reasons ? [...SCORE_FIELDS, 'reason'] : SCORE_FIELDS,
    'case_id, repeat, grader',
    `(SELECT case_id, repeat, grader, ordinal, value, pass, pending, error, reason, ${JUDGE_FIELDS} FROM scores WHERE ${where}) s`,
  );

// A page of trials after a key (keyset on the primary key), and the scores of the trials from
// that key to the page's last.
const AFTER = 'run_id = $1 AND (case_id, repeat) > ($2::text, $3::integer)';
const PAGE_TRIALS_SQL = columnsSql(
  TRIAL_FIELDS,
  'case_id, repeat',
  `(SELECT ${TRIAL_FIELDS.join(', ')} FROM trials WHERE ${AFTER} ORDER BY case_id, repeat LIMIT $4) t`,
);
const pageScoresSql = (reasons: boolean): string =>
  scoresSql(reasons, `${AFTER} AND (case_id, repeat) <= ($4::text, $5::integer)`);
// A page of a dataset version's cases after a case id (keyset on the primary key).
// The first page starts at '' itself (>=), the next ones after the last id read (>).
const casePageSql = (op: '>=' | '>'): string =>
  columnsSql(
    ['case_id', 'slice', 'metadata', 'weight'],
    'case_id',
    `(SELECT case_id, slice, metadata, weight FROM cases WHERE dataset_version = $1 AND case_id ${op} $2::text ORDER BY case_id LIMIT $3) c`,
  );
const CASE_FIRST_PAGE_SQL = casePageSql('>=');
const CASE_NEXT_PAGE_SQL = casePageSql('>');

/** Both tables in one snapshot (REPEATABLE READ), so a trial written between the reads cannot split. */
export async function readTrialColumns(
  pool: PgPool,
  runId: string,
  options: ListColumnsOptions = {},
): Promise<TrialColumns> {
  const withReasons = options.reasons === true;
  return inSnapshot(pool, async (client) => {
    const trials = await jsonColumns(client, TRIALS_SQL, runId);
    const scores = await jsonColumns(client, scoresSql(withReasons), runId);
    return trialColumnsFromJson(trials as TrialJson, scores as ScoreJson, withReasons);
  });
}

/**
 * A run's columns a page of at most `pageSize` trials at a time, in key order, all in one
 * snapshot (REPEATABLE READ): memory is bounded by the page, not the run.
 */
export async function scanTrialColumns(
  pool: PgPool,
  runId: string,
  onPage: (page: TrialColumns) => void,
  options: ScanColumnsOptions = {},
): Promise<void> {
  const withReasons = options.reasons === true;
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const scores = pageScoresSql(withReasons);
  await inSnapshot(pool, async (client) => {
    // '' with repeat -1 sorts before every key.
    let after: [string, number] = ['', -1];
    for (;;) {
      const trialJson = (await jsonColumns(client, PAGE_TRIALS_SQL, [runId, ...after, pageSize])) as TrialJson;
      const n = trialJson[0].length;
      if (n === 0) break;
      const last: [string, number] = [trialJson[0][n - 1], trialJson[1][n - 1]];
      const scoreJson = (await jsonColumns(client, scores, [runId, ...after, ...last])) as ScoreJson;
      onPage(trialColumnsFromJson(trialJson, scoreJson, withReasons));
      if (n < pageSize) break;
      after = last;
    }
  });
}

/** A dataset version's segment fields as columns, read a page at a time in one snapshot. */
export async function readCaseColumns(
  pool: PgPool,
  version: string,
  pageSize = DEFAULT_PAGE_SIZE,
): Promise<CaseColumns> {
  const { rows } = await pool.query<{ case_count: number | string }>(
    'SELECT case_count FROM datasets WHERE version = $1',
    [version],
  );
  const builder = new CaseColumnsBuilder(Number(rows[0]?.case_count ?? 0));
  await inSnapshot(pool, async (client) => {
    for (;;) {
      const after = builder.lastId;
      const sql = after === undefined ? CASE_FIRST_PAGE_SQL : CASE_NEXT_PAGE_SQL;
      const page = await jsonColumns(client, sql, [version, after ?? '', pageSize]);
      if (builder.add(page as CaseJson) < pageSize) break;
    }
  });
  return builder.finish();
}

/** Runs `read` on one connection inside a read-only REPEATABLE READ transaction: every query sees one snapshot. */
async function inSnapshot<T>(pool: PgPool, read: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await read(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

async function jsonColumns(
  db: Pick<PgPool, 'query'>,
  sql: string,
  params: string | readonly unknown[],
): Promise<unknown[][]> {
  const { rows } = await db.query<Record<string, string>>(sql, typeof params === 'string' ? [params] : params);
  const row = rows[0];
  return Object.keys(row).map((_, i) => JSON.parse(row[`c${i}`]) as unknown[]);
}
