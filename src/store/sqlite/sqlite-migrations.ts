import { ONLINE_SCORES_MIGRATION_SQL, TRACES_MIGRATION_SQL } from './sqlite-traces.js';
import { createSqlViewsStatements, sqliteViewDialect, traceSqlViews } from '../sql-views.js';

/** One schema change. Migrations run in order, once, each in its own transaction. */
export interface SqliteMigration {
  readonly id: string;
  readonly sql: string;
}

export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    id: '0001-initial',
    sql: `
      CREATE TABLE datasets (
        version     TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        case_count  INTEGER NOT NULL,
        created_at  TEXT NOT NULL
      );
      CREATE TABLE cases (
        dataset_version TEXT NOT NULL,
        case_id         TEXT NOT NULL,
        ordinal         INTEGER NOT NULL,
        slice           TEXT NOT NULL,
        metadata        TEXT NOT NULL,
        weight          REAL NOT NULL,
        data            TEXT NOT NULL,
        PRIMARY KEY (dataset_version, case_id)
      ) WITHOUT ROWID;
      CREATE TABLE runs (
        run_id          TEXT PRIMARY KEY,
        eval            TEXT NOT NULL,
        status          TEXT NOT NULL,
        dataset_name    TEXT NOT NULL,
        dataset_version TEXT NOT NULL,
        target          TEXT NOT NULL,
        git_commit      TEXT,
        started_at      TEXT NOT NULL,
        finished_at     TEXT,
        config          TEXT NOT NULL,
        planned_trials  INTEGER NOT NULL,
        summary         TEXT
      );
      CREATE INDEX runs_eval_started ON runs (eval, started_at);
      CREATE INDEX runs_started ON runs (started_at);
      CREATE TABLE trials (
        run_id        TEXT NOT NULL,
        case_id       TEXT NOT NULL,
        repeat        INTEGER NOT NULL,
        output        TEXT,
        error         TEXT,
        started_at    TEXT NOT NULL,
        latency_ms    REAL NOT NULL,
        cost_usd      REAL,
        input_tokens  INTEGER,
        output_tokens INTEGER,
        PRIMARY KEY (run_id, case_id, repeat)
      ) WITHOUT ROWID;
      CREATE INDEX trials_case ON trials (case_id, run_id);
      CREATE TABLE scores (
        run_id   TEXT NOT NULL,
        case_id  TEXT NOT NULL,
        repeat   INTEGER NOT NULL,
        grader   TEXT NOT NULL,
        ordinal  INTEGER NOT NULL,
        value    REAL,
        pass     INTEGER,
        label    TEXT,
        reason   TEXT,
        meta     TEXT,
        error    TEXT,
        pending  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, case_id, repeat, grader)
      ) WITHOUT ROWID;
      CREATE TABLE baselines (
        name       TEXT PRIMARY KEY,
        run_id     TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE reviews (
        run_id     TEXT NOT NULL,
        case_id    TEXT NOT NULL,
        repeat     INTEGER NOT NULL,
        grader     TEXT NOT NULL,
        status     TEXT NOT NULL,
        reviewer   TEXT,
        label      TEXT,
        score      REAL,
        comment    TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, case_id, repeat, grader)
      ) WITHOUT ROWID;
      CREATE INDEX reviews_status ON reviews (status, run_id);
    `,
  },
  {
    // Counting a run's trials and errors (every run listing and lookup does) reads this small
    // index instead of the trial rows with their outputs: about 8× faster on 100,000 trials.
    id: '0002-trial-counts-index',
    sql: 'CREATE INDEX trials_run_error ON trials (run_id, error);',
  },
  {
    // The documented views of `assay sql` (store/sql-views.ts), readable from any SQLite client.
    id: '0003-sql-views',
    sql: createSqlViewsStatements(sqliteViewDialect).join(';\n'),
  },
  {
    // Every reviewer's label of a trial, not only the last one: inter-rater agreement and
    // calibration need them all. The `reviews` row stays the task and its resolved label.
    id: '0004-review-labels',
    sql: `
      CREATE TABLE review_labels (
        run_id     TEXT NOT NULL,
        case_id    TEXT NOT NULL,
        repeat     INTEGER NOT NULL,
        grader     TEXT NOT NULL,
        reviewer   TEXT NOT NULL,
        label      TEXT,
        score      REAL,
        comment    TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, case_id, repeat, grader, reviewer)
      ) WITHOUT ROWID;
      INSERT INTO review_labels (run_id, case_id, repeat, grader, reviewer, label, score, comment, created_at, updated_at)
        SELECT run_id, case_id, repeat, grader, COALESCE(reviewer, 'unknown'), label, score, comment, created_at, updated_at
        FROM reviews WHERE status = 'done';
    `,
  },
  {
    // The audit review policy's sample, per run and grader: shared by every process writing the run.
    id: '0005-audit-samples',
    sql: `CREATE TABLE audit_samples (
      run_id TEXT NOT NULL, grader TEXT NOT NULL, case_id TEXT NOT NULL, claimed_at TEXT NOT NULL,
      PRIMARY KEY (run_id, grader, case_id)
    ) WITHOUT ROWID;`,
  },
  {
    // A running run proves it is alive: its process writes heartbeat_at every few seconds, and
    // owner names that process (pid@host) so a second --resume can tell it is still there.
    id: '0006-run-heartbeat',
    sql: 'ALTER TABLE runs ADD COLUMN heartbeat_at TEXT; ALTER TABLE runs ADD COLUMN owner TEXT;',
  },
  {
    // Outputs served from the response cache, counted per run through a small partial index,
    // so a summary can say that a run did not call its target.
    id: '0007-trial-cached',
    sql: `ALTER TABLE trials ADD COLUMN cached INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX trials_run_cached ON trials (run_id) WHERE cached = 1;`,
  },
  {
    // Online evaluation: ingested traces and user feedback (src/online/). Numbered 0010 so
    // migrations of parallel work can take 0004–0009; it only adds tables.
    id: '0010-traces',
    sql: TRACES_MIGRATION_SQL,
  },
  {
    id: '0011-online-scores',
    sql: ONLINE_SCORES_MIGRATION_SQL,
  },
  {
    // Matrix evals (issue 20): the cells of one `assay run` over targets × prompts share an id.
    id: '0012-run-matrix',
    sql: `ALTER TABLE runs ADD COLUMN matrix_id TEXT;
      CREATE INDEX runs_matrix ON runs (matrix_id) WHERE matrix_id IS NOT NULL;`,
  },
  {
    // `assay sql` views over the online tables, the same columns as on Postgres.
    id: '0015-trace-sql-views',
    sql: createSqlViewsStatements(sqliteViewDialect, traceSqlViews).join(';\n'),
  },
  {
    // A finished run's per-case fold beside its summary (analysis/fold-snapshot), so compare and
    // gates read one blob instead of every trial. Dropped whenever the run's trials or reviews change.
    // A rowid table on purpose: WITHOUT ROWID keeps the blob in the key's b-tree, and every lookup
    // (each trial batch deletes its run's fold) then reads a whole 37 MB fold to compare keys.
    id: '0016-run-folds',
    sql: 'CREATE TABLE run_folds (run_id TEXT PRIMARY KEY, fold BLOB NOT NULL);',
  },
  {
    // Folds in parts of at most a mebibyte (store/fold-parts.ts): one 37 MB value cost the
    // writing process ~85 MB. Stored folds are a cache: the old ones are dropped, and each run
    // gets its fold back on its next summary or compare.
    id: '0017-run-fold-parts',
    sql: `DROP TABLE run_folds;
      CREATE TABLE run_folds (run_id TEXT NOT NULL, part INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (run_id, part));`,
  },
];
