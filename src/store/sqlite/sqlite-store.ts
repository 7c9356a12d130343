import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqliteDatabase } from './sqlite-database.js';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../store.js';
import { trialKey } from '../store.js';
import type {
  ClaimRunInput,
  ClaimRunResult,
  CreateRunInput,
  IterateTrialsOptions,
  ListColumnsOptions,
  ListRunsQuery,
  ListTrialsQuery,
  StoredRun,
  StoredTrial,
  UpdateRunInput,
  WriteTrialInput,
} from '../types.js';
import type { SqliteStoreConfig } from './sqlite-config.js';
import { readTrialColumns, scanTrialColumns } from './sqlite-columns.js';
import { sqliteMigrations } from './sqlite-migrations.js';
import { querySqliteReadOnly } from './sqlite-sql.js';
import {
  runFromRow,
  scoreFromRow,
  toJson,
  trialFromRow,
  type RunRow,
  type ScoreRow,
  type TrialRow,
} from '../store-rows.js';
import { trialFilter } from './sqlite-trial-filter.js';
import { sqliteTrialWriter } from './sqlite-trial-write.js';
import { sqliteBaselines } from './sqlite-baselines.js';
import { sqliteDatasets } from './sqlite-datasets.js';
import { dropSqliteFold, readSqliteFold, writeSqliteFold } from './sqlite-folds.js';
import { sqliteReviews } from './sqlite-reviews.js';
import { sqliteFeedback, sqliteOnlineScores, sqliteTraces } from './sqlite-traces.js';
import type { FeedbackStore, OnlineScoreStore, TraceStore } from '../trace-types.js';

const RUN_COLUMNS = `r.*,
  (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.run_id) AS trials,
  (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.run_id AND t.error IS NOT NULL) AS errors,
  (SELECT COUNT(*) FROM trials t WHERE t.run_id = r.run_id AND t.cached = 1) AS cached`;

const TRIAL_FROM = `FROM trials t
  JOIN runs r ON r.run_id = t.run_id
  LEFT JOIN cases c ON c.dataset_version = r.dataset_version AND c.case_id = t.case_id`;

const TRIAL_COLUMNS =
  't.run_id, t.case_id, t.repeat, t.output, t.error, t.started_at, t.latency_ms, c.slice, c.metadata, c.weight';

/** The output rebuilt from its accounting columns only (no text), for fast statistics. */
const LEAN_TRIAL_COLUMNS = `t.run_id, t.case_id, t.repeat,
  CASE WHEN t.output IS NULL THEN NULL ELSE json_object(
    'costUsd', t.cost_usd, 'latencyMs', t.latency_ms,
    'usage', json_object('inputTokens', t.input_tokens, 'outputTokens', t.output_tokens)) END AS output,
  t.error, t.started_at, t.latency_ms, c.slice, c.metadata, c.weight`;

/**
 * The embedded default store: one SQLite file in WAL mode. better-sqlite3 is synchronous, so
 * every method finishes its work before it returns; the methods are async to share the
 * `Store` interface with network-backed stores.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly location: string;
  readonly #db: Database.Database;
  readonly #hasFolds: boolean;
  /** The trial write path, its statements prepared on the first write. */
  #trialWriter: ((trials: readonly WriteTrialInput[]) => void) | undefined;

  constructor(config: SqliteStoreConfig) {
    this.location = config.path;
    if (config.path !== ':memory:' && !config.readonly) mkdirSync(dirname(config.path), { recursive: true });
    try {
      this.#db = openSqliteDatabase(config.path, {
        readonly: config.readonly ?? false,
        fileMustExist: config.readonly ?? false,
      });
    } catch (error) {
      throw new AssayError(
        'STORE_OPEN_FAILED',
        `Could not open the store at ${config.path}: ${(error as Error).message}`,
        {
          hint: 'Check the path passed with --store (or $ASSAY_STORE) and that its folder is writable.',
          cause: error,
        },
      );
    }
    this.#db.pragma('busy_timeout = 5000');
    const tables = this.#tables(config.path);
    if (config.mustBeStore && !tables.has('runs')) {
      this.#db.close();
      const message = `${config.path} is a SQLite database but not an Assay store (it has no runs table).`;
      throw new AssayError('STORE_NOT_ASSAY', message, {
        hint: 'Point --store (or $ASSAY_STORE) at the .db file `assay run` wrote, by default .assay/assay.db.',
      });
    }
    if (!config.readonly) {
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = NORMAL');
      this.#migrate();
    }
    // A read-only store of an older version has no run_folds table, or the one without parts:
    // its runs are folded from their trials.
    this.#hasFolds =
      !config.readonly ||
      (tables.has('run_folds') &&
        (this.#db.pragma('table_info(run_folds)') as { name: string }[]).some((c) => c.name === 'part'));
    this.datasets = sqliteDatasets(this.#db);
    this.baselines = sqliteBaselines(this.#db, this.location);
    this.reviews = sqliteReviews(this.#db);
  }

  /** The database's tables; the first read, so a file that is not a database fails here, clearly. */
  #tables(path: string): Set<string> {
    try {
      return new Set(this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    } catch (error) {
      this.#db.close();
      // SQLITE_NOTADB is the expected cause (e.g. --store cases.jsonl); anything else is reported as it is.
      if ((error as { code?: string }).code !== 'SQLITE_NOTADB') throw error;
      throw new AssayError('STORE_NOT_DATABASE', `${path} is not an Assay store: the file is not a SQLite database.`, {
        hint: 'Point --store (or $ASSAY_STORE) at the .db file `assay run` wrote, by default .assay/assay.db.',
        cause: error,
      });
    }
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(this.#db.prepare('SELECT id FROM migrations').pluck().all() as string[]);
    const isApplied = this.#db.prepare('SELECT 1 FROM migrations WHERE id = ?').pluck();
    for (const migration of sqliteMigrations) {
      if (applied.has(migration.id)) continue;
      // IMMEDIATE, and checked again inside: two processes opening a new store at once must not
      // both apply a migration (the second would fail on "table already exists").
      this.#db
        .transaction(() => {
          if (isApplied.get(migration.id) !== undefined) return;
          this.#db.exec(migration.sql);
          this.#db
            .prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)')
            .run(migration.id, new Date().toISOString());
        })
        .immediate();
    }
  }

  readonly datasets: Store['datasets'];

  readonly runs: Store['runs'] = {
    create: async (input: CreateRunInput): Promise<StoredRun> => {
      this.#db
        .prepare(
          `INSERT INTO runs (run_id, eval, status, dataset_name, dataset_version, target, git_commit, started_at, finished_at, config,
             planned_trials, summary, heartbeat_at, owner, matrix_id)
           VALUES (?, ?, 'running', ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?)`,
        )
        .run(
          input.runId,
          input.eval,
          input.datasetName,
          input.datasetVersion,
          JSON.stringify(input.target),
          input.gitCommit,
          input.startedAt,
          JSON.stringify(input.config),
          input.plannedTrials,
          input.startedAt,
          input.owner ?? null,
          input.matrixId ?? null,
        );
      return this.#getRun(input.runId)!;
    },
    update: async (runId: string, input: UpdateRunInput): Promise<StoredRun> => {
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (column: string, value: unknown) => {
        sets.push(`${column} = ?`);
        params.push(value);
      };
      if (input.status !== undefined) set('status', input.status);
      if (input.heartbeatAt !== undefined) set('heartbeat_at', input.heartbeatAt);
      if (input.finishedAt !== undefined) set('finished_at', input.finishedAt);
      if (input.plannedTrials !== undefined) set('planned_trials', input.plannedTrials);
      if (input.summary !== undefined) set('summary', toJson(input.summary));
      if (input.config !== undefined) set('config', JSON.stringify(input.config));
      this.#db.transaction(() => {
        if (sets.length > 0)
          this.#db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE run_id = ?`).run(...params, runId);
        if (input.fold && input.summary) writeSqliteFold(this.#db, runId, input.fold);
        else if (input.summary !== undefined || input.config !== undefined || input.fold !== undefined)
          dropSqliteFold(this.#db, runId);
      })();
      const run = this.#getRun(runId);
      if (!run)
        throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${this.location}.`, {
          hint: 'List runs with `assay runs`.',
        });
      return run;
    },
    claim: async (runId: string, input: ClaimRunInput): Promise<ClaimRunResult | undefined> => {
      // IMMEDIATE takes the write lock before reading, so two processes cannot both see the run free.
      return this.#db
        .transaction((): ClaimRunResult | undefined => {
          const run = this.#getRun(runId);
          if (!run) return undefined;
          if (input.isHeld(run)) return { claimed: false, run };
          this.#db
            .prepare(
              `UPDATE runs SET status = 'running', finished_at = NULL, planned_trials = ?, heartbeat_at = ?, owner = ?
            WHERE run_id = ?`,
            )
            .run(input.plannedTrials, input.now, input.owner, runId);
          dropSqliteFold(this.#db, runId);
          return { claimed: true, run: this.#getRun(runId)! };
        })
        .immediate();
    },
    get: async (runId: string) => this.#getRun(runId),
    getFold: async (runId: string) => (this.#hasFolds ? readSqliteFold(this.#db, runId) : undefined),
    list: async (query: ListRunsQuery = {}): Promise<StoredRun[]> => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (query.eval !== undefined) {
        where.push('r.eval = ?');
        params.push(query.eval);
      }
      if (query.status !== undefined) {
        where.push('r.status = ?');
        params.push(query.status);
      }
      if (query.matrix !== undefined) {
        where.push('r.matrix_id = ?');
        params.push(query.matrix);
      }
      const sql = `SELECT ${RUN_COLUMNS} FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.started_at DESC, r.run_id DESC LIMIT ? OFFSET ?`;
      const rows = this.#db.prepare(sql).all(...params, query.limit ?? -1, query.offset ?? 0) as RunRow[];
      return rows.map(runFromRow);
    },
  };

  #getRun(runId: string): StoredRun | undefined {
    const row = this.#db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.run_id = ?`).get(runId) as
      RunRow | undefined;
    return row && runFromRow(row);
  }

  readonly trials: Store['trials'] = {
    write: async (trials: readonly WriteTrialInput[]) => this.#writeTrials(trials),
    list: async (runId: string, query: ListTrialsQuery = {}) => this.#listTrials(runId, query),
    count: async (runId: string, query: ListTrialsQuery = {}) => {
      const filter = trialFilter(runId, query);
      return this.#db
        .prepare(`SELECT COUNT(*) ${filter.usesCase ? TRIAL_FROM : 'FROM trials t'} WHERE ${filter.sql}`)
        .pluck()
        .get(...filter.params) as number;
    },
    iterate: (runId: string, options?: number | IterateTrialsOptions) => {
      const o = typeof options === 'number' ? { pageSize: options } : (options ?? {});
      return this.#iterateTrials(runId, o.pageSize ?? 1000, o.withOutput ?? true);
    },
    listColumns: async (runId: string, options?: ListColumnsOptions) => readTrialColumns(this.#db, runId, options),
    scanColumns: async (runId, onPage, options) => scanTrialColumns(this.#db, runId, onPage, options),
    completedKeys: async (runId: string) => {
      const rows = this.#db
        .prepare('SELECT case_id, repeat FROM trials WHERE run_id = ? AND error IS NULL')
        .raw()
        .all(runId) as [string, number][];
      return new Set(rows.map(([caseId, repeat]) => trialKey(caseId, repeat)));
    },
    listForCase: async (caseId: string, limit = 50) => {
      const rows = this.#db
        .prepare(
          `SELECT ${TRIAL_COLUMNS} ${TRIAL_FROM} WHERE t.case_id = ? ORDER BY r.started_at DESC, t.repeat LIMIT ?`,
        )
        .all(caseId, limit) as TrialRow[];
      return this.#withScores(rows);
    },
  };

  #writeTrials(trials: readonly WriteTrialInput[]): void {
    (this.#trialWriter ??= sqliteTrialWriter(this.#db))(trials);
  }

  #listTrials(runId: string, query: ListTrialsQuery): StoredTrial[] {
    const filter = trialFilter(runId, query);
    const rows = this.#db
      .prepare(
        `SELECT ${TRIAL_COLUMNS} ${TRIAL_FROM} WHERE ${filter.sql} ORDER BY t.case_id, t.repeat LIMIT ? OFFSET ?`,
      )
      .all(...filter.params, query.limit ?? -1, query.offset ?? 0) as TrialRow[];
    return this.#withScores(rows);
  }

  async *#iterateTrials(runId: string, pageSize: number, withOutput: boolean): AsyncGenerator<StoredTrial> {
    const columns = withOutput ? TRIAL_COLUMNS : LEAN_TRIAL_COLUMNS;
    const page = this.#db.prepare(
      `SELECT ${columns} ${TRIAL_FROM} WHERE t.run_id = ? AND (t.case_id, t.repeat) > (?, ?) ORDER BY t.case_id, t.repeat LIMIT ?`,
    );
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = page.all(runId, after[0], after[1], pageSize) as TrialRow[];
      if (rows.length === 0) return;
      yield* this.#withScores(rows, true);
      const last = rows[rows.length - 1];
      after = [last.case_id, last.repeat];
      if (rows.length < pageSize) return;
    }
  }

  /**
   * Attaches scores to trials, in grader order. A sparse page (a filtered listing) looks each
   * trial up by primary key; a dense page (one run's trials in key order, as `iterate` reads
   * them) reads the scores of exactly its key range and merges the two ordered lists.
   */
  #withScores(rows: readonly TrialRow[], dense = false): StoredTrial[] {
    if (rows.length === 0) return [];
    if (!dense) {
      const one = this.#db.prepare(
        'SELECT * FROM scores WHERE run_id = ? AND case_id = ? AND repeat = ? ORDER BY ordinal',
      );
      return rows.map((row) =>
        trialFromRow(row, (one.all(row.run_id, row.case_id, row.repeat) as ScoreRow[]).map(scoreFromRow)),
      );
    }
    const first = rows[0];
    const last = rows[rows.length - 1];
    const scores = this.#db
      .prepare(
        `SELECT * FROM scores WHERE run_id = ? AND (case_id, repeat) >= (?, ?) AND (case_id, repeat) <= (?, ?)
         ORDER BY case_id, repeat, ordinal`,
      )
      .all(first.run_id, first.case_id, first.repeat, last.case_id, last.repeat) as ScoreRow[];
    // Both lists come from SQLite in the same key order, and every score in the range
    // belongs to a trial of the page, so one forward pass pairs them.
    let k = 0;
    return rows.map((row) => {
      const own = [];
      while (k < scores.length && scores[k].case_id === row.case_id && scores[k].repeat === row.repeat)
        own.push(scoreFromRow(scores[k++]));
      return trialFromRow(row, own);
    });
  }

  readonly baselines: Store['baselines'];
  readonly reviews: Store['reviews'];

  get traces(): TraceStore {
    return (this.#traces ??= sqliteTraces(this.#db));
  }

  get feedback(): FeedbackStore {
    return (this.#feedback ??= sqliteFeedback(this.#db));
  }

  get online(): OnlineScoreStore {
    return (this.#online ??= sqliteOnlineScores(this.#db));
  }

  #online: OnlineScoreStore | undefined;
  #traces: TraceStore | undefined;
  #feedback: FeedbackStore | undefined;

  readonly sql: NonNullable<Store['sql']> = {
    query: async (text: string) => querySqliteReadOnly(this.location, text),
  };

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

export function createSqliteStore(config: SqliteStoreConfig): SqliteStore {
  return new SqliteStore(config);
}
