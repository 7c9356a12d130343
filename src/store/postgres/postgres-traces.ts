import type {
  FeedbackInput,
  FeedbackStore,
  ListTracesQuery,
  OnlineScore,
  OnlineScoreStore,
  TraceStore,
  TraceWrite,
  WindowVolume,
} from '../trace-types.js';
import {
  feedbackFromRow,
  jsonColumn,
  onlineScoreFromRow,
  traceFromRow,
  type FeedbackRow,
  type OnlineRow,
  type TraceRow,
} from '../trace-rows.js';
import { traceKey } from '../trace-types.js';
import type { PgQueryable } from './postgres-driver.js';

/**
 * Migration `0007-traces`: the online tables of SQLite's `0010-traces` and `0011-online-scores`.
 * `seq` comes from a sequence and is taken again when a (trace, span) is re-sent, so a replaced
 * record moves to the end of the ingestion order as it does in SQLite.
 */
export const POSTGRES_TRACES_MIGRATION_SQL = `
  CREATE SEQUENCE traces_seq;
  CREATE TABLE traces (
    seq           BIGINT NOT NULL DEFAULT nextval('traces_seq') UNIQUE,
    trace_id      TEXT COLLATE "C" NOT NULL,
    span_id       TEXT COLLATE "C" NOT NULL,
    timestamp     TEXT COLLATE "C" NOT NULL,
    ingested_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    input         TEXT,
    output        TEXT,
    metadata      TEXT NOT NULL,
    latency_ms    DOUBLE PRECISION,
    model         TEXT,
    input_tokens  BIGINT,
    output_tokens BIGINT,
    status        TEXT NOT NULL,
    error         TEXT,
    PRIMARY KEY (trace_id, span_id)
  );
  CREATE INDEX traces_timestamp ON traces (timestamp);
  CREATE TABLE feedback (
    id         BIGSERIAL PRIMARY KEY,
    trace_id   TEXT COLLATE "C" NOT NULL,
    score      DOUBLE PRECISION,
    thumb      TEXT,
    comment    TEXT,
    created_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX feedback_trace ON feedback (trace_id);
  CREATE TABLE online_scores (
    eval      TEXT COLLATE "C" NOT NULL,
    trace_id  TEXT COLLATE "C" NOT NULL,
    span_id   TEXT COLLATE "C" NOT NULL,
    grader    TEXT COLLATE "C" NOT NULL,
    timestamp TEXT COLLATE "C" NOT NULL,
    sampled   SMALLINT NOT NULL,
    weight    DOUBLE PRECISION NOT NULL,
    value     DOUBLE PRECISION,
    pass      SMALLINT,
    reason    TEXT,
    error     TEXT,
    metadata  TEXT NOT NULL,
    PRIMARY KEY (eval, trace_id, span_id, grader)
  );
  CREATE INDEX online_scores_time ON online_scores (eval, timestamp);
  CREATE TABLE online_cursors (eval TEXT COLLATE "C" PRIMARY KEY, seq BIGINT NOT NULL);
`;

/** The last copy of each (trace, span) in a batch: one upsert may not touch a row twice. */
function lastCopies(records: readonly TraceWrite[]): TraceWrite[] {
  const byKey = new Map<string, TraceWrite>();
  for (const r of records) {
    const key = `${r.traceId}\u0000${r.spanId}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return [...byKey.values()];
}

/** Runs a function in one transaction on one connection. */
export type PgTransaction = <T>(fn: (db: PgQueryable) => Promise<T>) => Promise<T>;

// pg_advisory_xact_lock key for trace writes ("trac"), per schema.
const TRACE_WRITE_LOCK = 0x74726163;

/**
 * The traces room over a Postgres pool: one upsert statement per batch, in the batch's order.
 * Writers take turns under an advisory lock held until commit, so records become visible in
 * `seq` order: a reader that moved its cursor past a `seq` never misses a record committed
 * later with a smaller one (concurrent ingest requests would otherwise interleave).
 */
export function postgresTraces(db: PgQueryable, transaction: PgTransaction): TraceStore {
  return {
    write: async (records) => {
      if (records.length === 0) return 0;
      const rows = lastCopies(records);
      const col = <T>(f: (r: TraceWrite) => T) => rows.map(f);
      await transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [TRACE_WRITE_LOCK]);
        await tx.query(
          `INSERT INTO traces (seq, trace_id, span_id, timestamp, ingested_at, source, input, output, metadata, latency_ms,
           model, input_tokens, output_tokens, status, error)
         SELECT nextval('traces_seq'), k.trace_id, k.span_id, k.timestamp, COALESCE(k.ingested_at, $1), k.source, k.input, k.output, k.metadata,
           k.latency_ms, k.model, k.input_tokens, k.output_tokens, k.status, k.error
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
           $9::float8[], $10::text[], $11::bigint[], $12::bigint[], $13::text[], $14::text[], $15::text[])
           WITH ORDINALITY AS k(trace_id, span_id, timestamp, source, input, output, metadata, latency_ms, model,
             input_tokens, output_tokens, status, error, ingested_at, ord)
         ORDER BY k.ord
         ON CONFLICT (trace_id, span_id) DO UPDATE SET seq = excluded.seq, timestamp = excluded.timestamp,
           ingested_at = excluded.ingested_at, source = excluded.source, input = excluded.input, output = excluded.output,
           metadata = excluded.metadata, latency_ms = excluded.latency_ms, model = excluded.model,
           input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, status = excluded.status,
           error = excluded.error`,
          [
            new Date().toISOString(),
            col((r) => r.traceId),
            col((r) => r.spanId),
            col((r) => r.timestamp),
            col((r) => r.source),
            col((r) => jsonColumn(r.input)),
            col((r) => jsonColumn(r.output)),
            col((r) => JSON.stringify(r.metadata)),
            col((r) => r.latencyMs),
            col((r) => r.model),
            col((r) => r.inputTokens),
            col((r) => r.outputTokens),
            col((r) => r.status),
            col((r) => r.error),
            col((r) => r.ingestedAt ?? null),
          ],
        );
      });
      return records.length;
    },
    list: async (query: ListTracesQuery = {}) => {
      const params: unknown[] = [query.afterSeq ?? 0, query.limit ?? 1000];
      const byTrace = query.traceId === undefined ? '' : 'AND trace_id = $3';
      if (query.traceId !== undefined) params.push(query.traceId);
      const { rows } = await db.query<TraceRow>(
        `SELECT * FROM traces WHERE seq > $1 ${byTrace} ORDER BY seq LIMIT $2`,
        params,
      );
      return rows.map(traceFromRow);
    },
    existing: async (keys) => {
      if (keys.length === 0) return new Set();
      const { rows } = await db.query<{ trace_id: string; span_id: string }>(
        `SELECT t.trace_id, t.span_id FROM traces t
         JOIN unnest($1::text[], $2::text[]) AS k(trace_id, span_id) ON t.trace_id = k.trace_id AND t.span_id = k.span_id`,
        [keys.map((k) => k.traceId), keys.map((k) => k.spanId)],
      );
      return new Set(rows.map((r) => traceKey(r.trace_id, r.span_id)));
    },
    count: async () => {
      const { rows } = await db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM traces');
      return rows[0].n;
    },
    volume: async (since, window) => {
      const len = window === 'hour' ? 13 : 10;
      const { rows } = await db.query<{ w: string; traces: number; errors: number; feedback: number; down: number }>(
        `SELECT w, SUM(t)::int AS traces, SUM(e)::int AS errors, SUM(f)::int AS feedback, SUM(d)::int AS down FROM (
           SELECT left(timestamp, ${len}) AS w, 1 AS t, (status = 'error')::int AS e, 0 AS f, 0 AS d
             FROM traces WHERE timestamp >= $1
           UNION ALL
           SELECT left(created_at, ${len}), 0, 0, 1, (thumb IS NOT DISTINCT FROM 'down')::int
             FROM feedback WHERE created_at >= $1
         ) v GROUP BY w ORDER BY w`,
        [since],
      );
      const suffix = window === 'hour' ? ':00:00.000Z' : 'T00:00:00.000Z';
      return rows.map((r): WindowVolume => ({
        start: `${r.w}${suffix}`,
        traces: r.traces,
        errors: r.errors,
        feedback: r.feedback,
        thumbsDown: r.down,
      }));
    },
  };
}

export function postgresFeedback(db: PgQueryable): FeedbackStore {
  return {
    add: async (input: FeedbackInput, createdAt?: string) => {
      const { rows } = await db.query<FeedbackRow>(
        'INSERT INTO feedback (trace_id, score, thumb, comment, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
        [input.traceId, input.score, input.thumb, input.comment, createdAt ?? new Date().toISOString()],
      );
      return feedbackFromRow(rows[0]);
    },
    list: async (traceId?: string) => {
      const { rows } =
        traceId === undefined
          ? await db.query<FeedbackRow>('SELECT * FROM feedback ORDER BY id')
          : await db.query<FeedbackRow>('SELECT * FROM feedback WHERE trace_id = $1 ORDER BY id', [traceId]);
      return rows.map(feedbackFromRow);
    },
  };
}

/** The last copy of each (eval, trace, span, grader) in a batch. */
function lastScores(scores: readonly OnlineScore[]): OnlineScore[] {
  const byKey = new Map<string, OnlineScore>();
  for (const s of scores) byKey.set([s.eval, s.traceId, s.spanId, s.grader].join('\u0000'), s);
  return [...byKey.values()];
}

export function postgresOnlineScores(db: PgQueryable): OnlineScoreStore {
  return {
    write: async (scores) => {
      if (scores.length === 0) return;
      const rows = lastScores(scores);
      const col = <T>(f: (s: OnlineScore) => T) => rows.map(f);
      await db.query(
        `INSERT INTO online_scores (eval, trace_id, span_id, grader, timestamp, sampled, weight, value, pass, reason,
           error, metadata)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::smallint[], $7::float8[],
           $8::float8[], $9::smallint[], $10::text[], $11::text[], $12::text[])
         ON CONFLICT (eval, trace_id, span_id, grader) DO UPDATE SET timestamp = excluded.timestamp,
           sampled = excluded.sampled, weight = excluded.weight, value = excluded.value, pass = excluded.pass,
           reason = excluded.reason, error = excluded.error, metadata = excluded.metadata`,
        [
          col((s) => s.eval),
          col((s) => s.traceId),
          col((s) => s.spanId),
          col((s) => s.grader),
          col((s) => s.timestamp),
          col((s) => (s.sampled ? 1 : 0)),
          col((s) => s.weight),
          col((s) => (Number.isFinite(s.value) ? s.value : null)),
          col((s) => (s.pass === null ? null : s.pass ? 1 : 0)),
          col((s) => s.reason),
          col((s) => s.error),
          col((s) => JSON.stringify(s.metadata)),
        ],
      );
    },
    list: async (evalName, since) => {
      const { rows } = await db.query<OnlineRow>(
        'SELECT * FROM online_scores WHERE eval = $1 AND timestamp >= $2 ORDER BY timestamp, trace_id, span_id, grader',
        [evalName, since ?? ''],
      );
      return rows.map(onlineScoreFromRow);
    },
    cursor: async (evalName) => {
      const { rows } = await db.query<{ seq: string }>('SELECT seq FROM online_cursors WHERE eval = $1', [evalName]);
      return rows.length === 0 ? 0 : Number(rows[0].seq);
    },
    setCursor: async (evalName, seq) => {
      await db.query(
        'INSERT INTO online_cursors (eval, seq) VALUES ($1, $2) ON CONFLICT (eval) DO UPDATE SET seq = excluded.seq',
        [evalName, seq],
      );
    },
    evals: async () => {
      const { rows } = await db.query<{ eval: string }>('SELECT DISTINCT eval FROM online_scores ORDER BY eval');
      return rows.map((r) => r.eval);
    },
  };
}
