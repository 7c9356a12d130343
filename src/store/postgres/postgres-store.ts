import { AssayError } from '../../core/errors.js';
import type { Store } from '../store.js';
import { trialKey } from '../store.js';
import {
  runFromRow,
  scoreFromRow,
  toJson,
  trialFromRow,
  type RunRow,
  type ScoreRow,
  type TrialRow,
} from '../store-rows.js';
import { buildTrialFilter, type TrialFilterDialect } from '../trial-filter.js';
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
import { readTrialColumns, scanTrialColumns } from './postgres-columns.js';
import { parsePostgresTarget, type PostgresStoreConfig, type PostgresTarget } from './postgres-config.js';
import { loadPg, numbered, type PgPool, type PgQueryable, type PgStoreDb } from './postgres-driver.js';
import { migratePostgres } from './postgres-migrations.js';
import { queryPostgresReadOnly } from './postgres-sql.js';
import { foldParts, joinFoldParts } from '../fold-parts.js';
import { postgresBaselines } from './postgres-baselines.js';
import { postgresDatasets } from './postgres-datasets.js';
import { postgresReviews } from './postgres-reviews.js';
import { writeTrialsSql } from './postgres-trial-writes.js';
import { postgresFeedback, postgresOnlineScores, postgresTraces } from './postgres-traces.js';
import type { FeedbackStore, OnlineScoreStore, TraceStore } from '../trace-types.js';

// The counts in one pass over the run's trials: progress is read often while workers write.
const RUN_COLUMNS = `r.*, n.trials, n.errors, n.cached`;
const RUN_FROM = `runs r CROSS JOIN LATERAL (SELECT COUNT(*)::int AS trials,
  COUNT(*) FILTER (WHERE t.error IS NOT NULL)::int AS errors, COUNT(*) FILTER (WHERE t.cached = 1)::int AS cached
  FROM trials t WHERE t.run_id = r.run_id) n`;

const TRIAL_FROM = `FROM trials t
  JOIN runs r ON r.run_id = t.run_id
  LEFT JOIN cases c ON c.dataset_version = r.dataset_version AND c.case_id = t.case_id`;

const TRIAL_COLUMNS =
  't.run_id, t.case_id, t.repeat, t.output, t.error, t.started_at, t.latency_ms, c.slice, c.metadata, c.weight';

const LEAN_TRIAL_COLUMNS = `t.run_id, t.case_id, t.repeat,
  CASE WHEN t.output IS NULL THEN NULL ELSE json_build_object(
    'costUsd', t.cost_usd, 'latencyMs', t.latency_ms,
    'usage', json_build_object('inputTokens', t.input_tokens, 'outputTokens', t.output_tokens))::text END AS output,
  t.error, t.started_at, t.latency_ms, c.slice, c.metadata, c.weight`;

const postgresDialect: TrialFilterDialect = {
  // JSON booleans read 'true'/'false' like SQLite's.
  metadataText: (field) => ({ sql: '(c.metadata::jsonb ->> ?)', params: [field] }),
  trialKeys: (keys) => ({
    sql: '(t.case_id, t.repeat) IN (SELECT k.case_id, k.repeat FROM unnest(?::text[], ?::int[]) AS k(case_id, repeat))',
    params: [keys.map((k) => k.caseId), keys.map((k) => k.repeat)],
  }),
};

/**
 * The shared store for a team: the same tables and behaviour as SQLite on Postgres (through
 * the optional `pg` package, loaded on first use). Open it with `PostgresStore.open`.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres';
  /** The URL with its password redacted. */
  readonly location: string;
  readonly schema: string;
  readonly #pool: PgPool;
  readonly #target: PostgresTarget;
  #closed = false;

  private constructor(pool: PgPool, target: PostgresTarget) {
    this.#pool = pool;
    this.#target = target;
    this.location = target.redacted;
    this.schema = target.schema;
    const db: PgStoreDb = {
      pool,
      rows: (sql, params) => this.#rows(sql, params),
      transaction: (fn) => this.#transaction(fn),
    };
    this.datasets = postgresDatasets(db);
    this.baselines = postgresBaselines(db, this.location);
    this.reviews = postgresReviews(db);
  }

  /** Connects, creates the schema if needed and applies missing migrations. */
  static async open(config: PostgresStoreConfig): Promise<PostgresStore> {
    const target = parsePostgresTarget(config);
    const { Pool } = await loadPg();
    const pool = new Pool({
      connectionString: target.connectionString,
      max: config.maxConnections ?? 10,
      options: `-c search_path="${target.schema}"`,
      application_name: 'assay',
    });
    // An idle client that loses its connection emits here; without a listener it would crash the process.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, target.schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new AssayError(
        'STORE_OPEN_FAILED',
        `Could not open the store at ${target.redacted}: ${(error as Error).message}`,
        {
          hint: 'Check that Postgres is running and the URL in --store (or $ASSAY_STORE) names an existing database and user.',
          cause: error,
        },
      );
    }
    return new PostgresStore(pool, target);
  }

  /** For parts that share the connection (the queue, shared rate limits): the URL with its password. */
  get connection(): { readonly connectionString: string; readonly schema: string } {
    return { connectionString: this.#target.connectionString, schema: this.#target.schema };
  }

  /** The pool itself, for queries of the executor's own tables in the same schema. */
  get pool(): PgQueryable {
    return this.#pool;
  }

  async #rows<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.#pool.query<R>(numbered(sql), params)).rows;
  }

  async #transaction<T>(fn: (db: PgQueryable) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  readonly datasets: Store['datasets'];

  readonly runs: Store['runs'] = {
    create: async (input: CreateRunInput): Promise<StoredRun> => {
      await this.#rows(
        `INSERT INTO runs (run_id, eval, status, dataset_name, dataset_version, target, git_commit, started_at, finished_at, config,
           planned_trials, summary, heartbeat_at, owner, matrix_id)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?)`,
        [
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
        ],
      );
      return (await this.#getRun(input.runId))!;
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
      const dropsFold = input.summary !== undefined || input.config !== undefined || input.fold !== undefined;
      if (dropsFold)
        await this.#transaction(async (db) => {
          if (sets.length > 0)
            await db.query(numbered(`UPDATE runs SET ${sets.join(', ')} WHERE run_id = ?`), [...params, runId]);
          await db.query('DELETE FROM run_folds WHERE run_id = $1', [runId]);
          if (input.fold && input.summary) {
            const parts = foldParts(input.fold);
            for (let i = 0; i < parts.length; i++) {
              const part = Buffer.from(parts[i].buffer, parts[i].byteOffset, parts[i].byteLength);
              const insert =
                'INSERT INTO run_folds (run_id, part, bytes) SELECT run_id, $2, $3 FROM runs WHERE run_id = $1';
              await db.query(insert, [runId, i, part]);
            }
          }
        });
      else if (sets.length > 0)
        await this.#rows(`UPDATE runs SET ${sets.join(', ')} WHERE run_id = ?`, [...params, runId]);
      const run = await this.#getRun(runId);
      if (!run)
        throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in ${this.location}.`, {
          hint: 'List runs with `assay runs`.',
        });
      return run;
    },
    claim: async (runId: string, input: ClaimRunInput): Promise<ClaimRunResult | undefined> =>
      this.#transaction(async (db) => {
        // FOR UPDATE holds the row until commit: two processes cannot both see the run free.
        const lock = numbered(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.run_id = ? FOR UPDATE OF r`);
        const [row] = (await db.query<RunRow>(lock, [runId])).rows;
        if (!row) return undefined;
        const run = runFromRow(row);
        if (input.isHeld(run)) return { claimed: false, run };
        await db.query(
          numbered(`UPDATE runs SET status = 'running', finished_at = NULL, planned_trials = ?, heartbeat_at = ?, owner = ?
            WHERE run_id = ?`),
          [input.plannedTrials, input.now, input.owner, runId],
        );
        await db.query('DELETE FROM run_folds WHERE run_id = $1', [runId]);
        const [after] = (
          await db.query<RunRow>(numbered(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.run_id = ?`), [runId])
        ).rows;
        return { claimed: true, run: runFromRow(after) };
      }),
    get: async (runId: string) => this.#getRun(runId),
    getFold: async (runId: string) => {
      const rows = await this.#rows<{ bytes: Buffer }>('SELECT bytes FROM run_folds WHERE run_id = ? ORDER BY part', [
        runId,
      ]);
      return joinFoldParts(rows.map(({ bytes }) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    },
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
      const sql = `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY r.started_at DESC, r.run_id DESC LIMIT ? OFFSET ?`;
      const rows = await this.#rows<RunRow>(sql, [...params, query.limit ?? null, query.offset ?? 0]);
      return rows.map(runFromRow);
    },
  };

  async #getRun(runId: string): Promise<StoredRun | undefined> {
    const [row] = await this.#rows<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.run_id = ?`, [runId]);
    return row && runFromRow(row);
  }

  readonly trials: Store['trials'] = {
    write: async (trials: readonly WriteTrialInput[]) => {
      if (trials.length === 0) return;
      // One statement, atomic by itself: no BEGIN and COMMIT round trips around it.
      const statement = writeTrialsSql(trials);
      await this.#pool.query(statement.sql, statement.params);
    },
    list: async (runId: string, query: ListTrialsQuery = {}) => {
      const filter = buildTrialFilter(runId, query, postgresDialect);
      const rows = await this.#rows<TrialRow>(
        `SELECT ${TRIAL_COLUMNS} ${TRIAL_FROM} WHERE ${filter.sql} ORDER BY t.case_id, t.repeat LIMIT ? OFFSET ?`,
        [...filter.params, query.limit ?? null, query.offset ?? 0],
      );
      return this.#withScores(rows);
    },
    count: async (runId: string, query: ListTrialsQuery = {}) => {
      const filter = buildTrialFilter(runId, query, postgresDialect);
      const [row] = await this.#rows<{ n: number }>(
        `SELECT COUNT(*)::int AS n ${filter.usesCase ? TRIAL_FROM : 'FROM trials t'} WHERE ${filter.sql}`,
        filter.params,
      );
      return row.n;
    },
    iterate: (runId: string, options?: number | IterateTrialsOptions) => {
      const o = typeof options === 'number' ? { pageSize: options } : (options ?? {});
      return this.#iterateTrials(runId, o.pageSize ?? 1000, o.withOutput ?? true);
    },
    listColumns: async (runId: string, options?: ListColumnsOptions) => readTrialColumns(this.#pool, runId, options),
    scanColumns: async (runId, onPage, options) => scanTrialColumns(this.#pool, runId, onPage, options),
    completedKeys: async (runId: string) => {
      const rows = await this.#rows<{ case_id: string; repeat: number }>(
        'SELECT case_id, repeat FROM trials WHERE run_id = ? AND error IS NULL',
        [runId],
      );
      return new Set(rows.map((row) => trialKey(row.case_id, row.repeat)));
    },
    listForCase: async (caseId: string, limit = 50) => {
      const rows = await this.#rows<TrialRow>(
        `SELECT ${TRIAL_COLUMNS} ${TRIAL_FROM} WHERE t.case_id = ? ORDER BY r.started_at DESC, t.repeat LIMIT ?`,
        [caseId, limit],
      );
      return this.#withScores(rows);
    },
  };

  async *#iterateTrials(runId: string, pageSize: number, withOutput: boolean): AsyncGenerator<StoredTrial> {
    const columns = withOutput ? TRIAL_COLUMNS : LEAN_TRIAL_COLUMNS;
    const page = `SELECT ${columns} ${TRIAL_FROM} WHERE t.run_id = ? AND (t.case_id, t.repeat) > (?, ?)
      ORDER BY t.case_id, t.repeat LIMIT ?`;
    let after: [string, number] = ['', -1];
    for (;;) {
      const rows = await this.#rows<TrialRow>(page, [runId, after[0], after[1], pageSize]);
      if (rows.length === 0) return;
      yield* await this.#withScores(rows);
      const last = rows[rows.length - 1];
      after = [last.case_id, last.repeat];
      if (rows.length < pageSize) return;
    }
  }

  /** Attaches scores to a page of trials with one query over the page's keys. */
  async #withScores(rows: readonly TrialRow[]): Promise<StoredTrial[]> {
    if (rows.length === 0) return [];
    const scores = await this.#rows<ScoreRow>(
      `SELECT s.* FROM scores s JOIN unnest(?::text[], ?::text[], ?::int[]) AS k(run_id, case_id, repeat)
         ON s.run_id = k.run_id AND s.case_id = k.case_id AND s.repeat = k.repeat
       ORDER BY s.run_id, s.case_id, s.repeat, s.ordinal`,
      [rows.map((r) => r.run_id), rows.map((r) => r.case_id), rows.map((r) => r.repeat)],
    );
    const byTrial = new Map<string, ScoreRow[]>();
    for (const s of scores) {
      const key = `${s.run_id}\u0000${trialKey(s.case_id, s.repeat)}`;
      const list = byTrial.get(key);
      if (list) list.push(s);
      else byTrial.set(key, [s]);
    }
    return rows.map((row) =>
      trialFromRow(
        row,
        (byTrial.get(`${row.run_id}\u0000${trialKey(row.case_id, row.repeat)}`) ?? []).map(scoreFromRow),
      ),
    );
  }

  readonly baselines: Store['baselines'];
  readonly reviews: Store['reviews'];

  readonly traces: TraceStore = postgresTraces({ query: (text, values) => this.#pool.query(text, values) }, (fn) =>
    this.#transaction(fn),
  );
  readonly feedback: FeedbackStore = postgresFeedback({ query: (text, values) => this.#pool.query(text, values) });
  readonly online: OnlineScoreStore = postgresOnlineScores({ query: (text, values) => this.#pool.query(text, values) });

  readonly sql: NonNullable<Store['sql']> = {
    query: async (text: string) => queryPostgresReadOnly(this.#pool, this.schema, text),
  };

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
