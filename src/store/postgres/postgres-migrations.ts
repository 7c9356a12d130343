import type { PgQueryable } from './postgres-driver.js';
import { postgresViewStatements } from './postgres-sql.js';
import { POSTGRES_TRACES_MIGRATION_SQL } from './postgres-traces.js';
import { traceSqlViews } from '../sql-views.js';

/** One schema change. Migrations run in order, once, each recorded in `migrations`. */
export interface PostgresMigration {
  readonly id: string;
  /** The statements, or a function of the store's schema for those that name it. */
  readonly sql: string | ((schema: string) => string);
}

// The same tables as SQLite. Keys are COLLATE "C" so that Postgres sorts them in code point
// order like SQLite (the columnar reads and paging depend on one order); timestamps are ISO
// text and JSON is text, so both stores return byte-identical values.
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    id: '0001-initial',
    sql: `
      CREATE TABLE datasets (
        version     TEXT COLLATE "C" PRIMARY KEY,
        name        TEXT NOT NULL,
        case_count  INTEGER NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE TABLE cases (
        dataset_version TEXT COLLATE "C" NOT NULL,
        case_id         TEXT COLLATE "C" NOT NULL,
        ordinal         INTEGER NOT NULL,
        slice           TEXT NOT NULL,
        metadata        TEXT NOT NULL,
        weight          DOUBLE PRECISION NOT NULL,
        data            TEXT NOT NULL,
        PRIMARY KEY (dataset_version, case_id)
      );
      CREATE TABLE runs (
        run_id          TEXT COLLATE "C" PRIMARY KEY,
        eval            TEXT NOT NULL,
        status          TEXT NOT NULL,
        dataset_name    TEXT NOT NULL,
        dataset_version TEXT NOT NULL,
        target          TEXT NOT NULL,
        git_commit      TEXT,
        started_at      TEXT COLLATE "C" NOT NULL,
        finished_at     TEXT,
        config          TEXT NOT NULL,
        planned_trials  INTEGER NOT NULL,
        summary         TEXT
      );
      CREATE INDEX runs_eval_started ON runs (eval, started_at);
      CREATE INDEX runs_started ON runs (started_at);
      CREATE TABLE trials (
        run_id        TEXT COLLATE "C" NOT NULL,
        case_id       TEXT COLLATE "C" NOT NULL,
        repeat        INTEGER NOT NULL,
        output        TEXT,
        error         TEXT,
        started_at    TEXT NOT NULL,
        latency_ms    DOUBLE PRECISION NOT NULL,
        cost_usd      DOUBLE PRECISION,
        input_tokens  BIGINT,
        output_tokens BIGINT,
        PRIMARY KEY (run_id, case_id, repeat)
      );
      CREATE INDEX trials_case ON trials (case_id, run_id);
      CREATE INDEX trials_run_error ON trials (run_id, error);
      CREATE TABLE scores (
        run_id   TEXT COLLATE "C" NOT NULL,
        case_id  TEXT COLLATE "C" NOT NULL,
        repeat   INTEGER NOT NULL,
        grader   TEXT COLLATE "C" NOT NULL,
        ordinal  INTEGER NOT NULL,
        value    DOUBLE PRECISION,
        pass     SMALLINT,
        label    TEXT,
        reason   TEXT,
        meta     TEXT,
        error    TEXT,
        pending  SMALLINT NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, case_id, repeat, grader)
      );
      CREATE TABLE baselines (
        name       TEXT COLLATE "C" PRIMARY KEY,
        run_id     TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE reviews (
        run_id     TEXT COLLATE "C" NOT NULL,
        case_id    TEXT COLLATE "C" NOT NULL,
        repeat     INTEGER NOT NULL,
        grader     TEXT COLLATE "C" NOT NULL,
        status     TEXT NOT NULL,
        reviewer   TEXT,
        label      TEXT,
        score      DOUBLE PRECISION,
        comment    TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, case_id, repeat, grader)
      );
      CREATE INDEX reviews_status ON reviews (status, run_id);
    `,
  },
  {
    // The audit review policy's sample, per run and grader: shared by every worker writing the run.
    id: '0002-audit-samples',
    sql: `CREATE TABLE audit_samples (
      run_id TEXT COLLATE "C" NOT NULL, grader TEXT COLLATE "C" NOT NULL, case_id TEXT COLLATE "C" NOT NULL,
      claimed_at TEXT NOT NULL, PRIMARY KEY (run_id, grader, case_id)
    );`,
  },
  {
    // The documented views of `assay sql` (store/sql-views.ts), readable from any SQL client.
    id: '0003-sql-views',
    sql: (schema) => postgresViewStatements(schema).join(';\n'),
  },
  {
    // Every reviewer's label of a trial, not only the last one: inter-rater agreement and
    // calibration need them all. The `reviews` row stays the task and its resolved label.
    id: '0004-review-labels',
    sql: `
      CREATE TABLE review_labels (
        run_id     TEXT COLLATE "C" NOT NULL,
        case_id    TEXT COLLATE "C" NOT NULL,
        repeat     INTEGER NOT NULL,
        grader     TEXT COLLATE "C" NOT NULL,
        reviewer   TEXT COLLATE "C" NOT NULL,
        label      TEXT,
        score      DOUBLE PRECISION,
        comment    TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, case_id, repeat, grader, reviewer)
      );
      INSERT INTO review_labels (run_id, case_id, repeat, grader, reviewer, label, score, comment, created_at, updated_at)
        SELECT run_id, case_id, repeat, grader, COALESCE(reviewer, 'unknown'), label, score, comment, created_at, updated_at
        FROM reviews WHERE status = 'done';
    `,
  },
  {
    // Run heartbeats and owners (pid@host), as in SQLite: stale runs and a refused second --resume.
    id: '0005-run-heartbeat',
    sql: 'ALTER TABLE runs ADD COLUMN heartbeat_at TEXT; ALTER TABLE runs ADD COLUMN owner TEXT;',
  },
  {
    // Outputs served from the response cache, counted per run through a partial index.
    id: '0006-trial-cached',
    sql: `ALTER TABLE trials ADD COLUMN cached SMALLINT NOT NULL DEFAULT 0;
      CREATE INDEX trials_run_cached ON trials (run_id) WHERE cached = 1;`,
  },
  {
    // Online evaluation: ingested traces, user feedback, online scores and cursors, as in SQLite.
    id: '0007-traces',
    sql: POSTGRES_TRACES_MIGRATION_SQL,
  },
  {
    // `assay sql` views `traces` and `feedback`, the same columns as on SQLite.
    id: '0008-trace-sql-views',
    sql: (schema) => postgresViewStatements(schema, traceSqlViews).join(';\n'),
  },
  {
    // Matrix evals (issue 20), as in SQLite: the cells of one matrix run share an id.
    id: '0009-run-matrix',
    sql: `ALTER TABLE runs ADD COLUMN matrix_id TEXT;
      CREATE INDEX runs_matrix ON runs (matrix_id) WHERE matrix_id IS NOT NULL;`,
  },
  {
    // A finished run's per-case fold beside its summary, as in SQLite (0016-run-folds).
    id: '0010-run-folds',
    sql: 'CREATE TABLE run_folds (run_id TEXT PRIMARY KEY, fold BYTEA NOT NULL);',
  },
  {
    // Folds in parts of at most a mebibyte, as in SQLite (0017-run-fold-parts): the client sent
    // a 37 MB fold as one 74 MB hex text.
    id: '0011-run-fold-parts',
    sql: `DROP TABLE run_folds;
      CREATE TABLE run_folds (run_id TEXT NOT NULL, part INTEGER NOT NULL, bytes BYTEA NOT NULL, PRIMARY KEY (run_id, part));`,
  },
];

// pg_advisory_xact_lock key: "assay" + migrations, so two processes opening a new store at
// once take turns instead of both creating the tables.
const MIGRATION_LOCK = 0x61737361;

/**
 * Applies missing migrations in one transaction under an advisory lock: a second process
 * waits for the first, then finds every migration recorded and applies nothing.
 */
export async function migratePostgres(client: PgQueryable, schema: string): Promise<string[]> {
  const applied: string[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((await client.query<{ id: string }>('SELECT id FROM migrations')).rows.map((r) => r.id));
    for (const migration of postgresMigrations) {
      if (done.has(migration.id)) continue;
      await client.query(typeof migration.sql === 'string' ? migration.sql : migration.sql(schema));
      await client.query('INSERT INTO migrations (id, applied_at) VALUES ($1, $2)', [
        migration.id,
        new Date().toISOString(),
      ]);
      applied.push(migration.id);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return applied;
}
