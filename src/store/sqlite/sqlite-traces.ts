import type Database from 'better-sqlite3';
import type {
  FeedbackInput,
  FeedbackStore,
  ListTracesQuery,
  OnlineScore,
  OnlineScoreStore,
  WindowVolume,
  TraceStore,
  TraceWrite,
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

/** Migration `0010-traces`: additive; nothing else reads or changes these tables. */
export const TRACES_MIGRATION_SQL = `
  CREATE TABLE traces (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    trace_id      TEXT NOT NULL,
    span_id       TEXT NOT NULL,
    timestamp     TEXT NOT NULL,
    ingested_at   TEXT NOT NULL,
    source        TEXT NOT NULL,
    input         TEXT,
    output        TEXT,
    metadata      TEXT NOT NULL,
    latency_ms    REAL,
    model         TEXT,
    input_tokens  INTEGER,
    output_tokens INTEGER,
    status        TEXT NOT NULL,
    error         TEXT
  );
  CREATE UNIQUE INDEX traces_trace_span ON traces (trace_id, span_id);
  CREATE INDEX traces_timestamp ON traces (timestamp);
  CREATE TABLE feedback (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    trace_id   TEXT NOT NULL,
    score      REAL,
    thumb      TEXT,
    comment    TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX feedback_trace ON feedback (trace_id);
`;

/** The traces room over one SQLite connection. A re-sent (trace, span) replaces its row and moves it to the end. */
export function sqliteTraces(db: Database.Database): TraceStore {
  const upsert =
    db.prepare(`INSERT OR REPLACE INTO traces (trace_id, span_id, timestamp, ingested_at, source, input, output,
    metadata, latency_ms, model, input_tokens, output_tokens, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const writeAll = db.transaction((records: readonly TraceWrite[], now: string) => {
    for (const t of records) {
      upsert.run(
        t.traceId,
        t.spanId,
        t.timestamp,
        t.ingestedAt ?? now,
        t.source,
        jsonColumn(t.input),
        jsonColumn(t.output),
        JSON.stringify(t.metadata),
        t.latencyMs,
        t.model,
        t.inputTokens,
        t.outputTokens,
        t.status,
        t.error,
      );
    }
  });
  return {
    write: async (records) => {
      writeAll(records, new Date().toISOString());
      return records.length;
    },
    list: async (query: ListTracesQuery = {}) => {
      const where: string[] = ['seq > ?'];
      const params: unknown[] = [query.afterSeq ?? 0];
      if (query.traceId !== undefined) {
        where.push('trace_id = ?');
        params.push(query.traceId);
      }
      const rows = db
        .prepare(`SELECT * FROM traces WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`)
        .all(...params, query.limit ?? 1000) as TraceRow[];
      return rows.map(traceFromRow);
    },
    existing: async (keys) => {
      const has = db.prepare('SELECT 1 FROM traces WHERE trace_id = ? AND span_id = ?').pluck();
      return new Set(
        keys.filter((k) => has.get(k.traceId, k.spanId) !== undefined).map((k) => traceKey(k.traceId, k.spanId)),
      );
    },
    count: async () => db.prepare('SELECT COUNT(*) FROM traces').pluck().get() as number,
    volume: async (since, window) => {
      const len = window === 'hour' ? 13 : 10;
      const rows = db
        .prepare(
          `SELECT w, SUM(t) AS traces, SUM(e) AS errors, SUM(f) AS feedback, SUM(d) AS thumbs_down FROM (
          SELECT substr(timestamp, 1, ${len}) AS w, 1 AS t, status = 'error' AS e, 0 AS f, 0 AS d FROM traces WHERE timestamp >= ?
          UNION ALL
          SELECT substr(created_at, 1, ${len}), 0, 0, 1, thumb = 'down' FROM feedback WHERE created_at >= ?
        ) GROUP BY w ORDER BY w`,
        )
        .all(since, since) as { w: string; traces: number; errors: number; feedback: number; thumbs_down: number }[];
      const suffix = window === 'hour' ? ':00:00.000Z' : 'T00:00:00.000Z';
      return rows.map((r): WindowVolume => ({
        start: `${r.w}${suffix}`,
        traces: r.traces,
        errors: r.errors,
        feedback: r.feedback,
        thumbsDown: r.thumbs_down ?? 0,
      }));
    },
  };
}

export function sqliteFeedback(db: Database.Database): FeedbackStore {
  return {
    add: async (input: FeedbackInput, at?: string) => {
      const createdAt = at ?? new Date().toISOString();
      const { lastInsertRowid } = db
        .prepare('INSERT INTO feedback (trace_id, score, thumb, comment, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.traceId, input.score, input.thumb, input.comment, createdAt);
      return { ...input, id: Number(lastInsertRowid), createdAt };
    },
    list: async (traceId?: string) => {
      const rows = (
        traceId === undefined
          ? db.prepare('SELECT * FROM feedback ORDER BY id').all()
          : db.prepare('SELECT * FROM feedback WHERE trace_id = ? ORDER BY id').all(traceId)
      ) as FeedbackRow[];
      return rows.map(feedbackFromRow);
    },
  };
}

/** Migration `0011-online-scores`: additive. */
export const ONLINE_SCORES_MIGRATION_SQL = `
  CREATE TABLE online_scores (
    eval      TEXT NOT NULL,
    trace_id  TEXT NOT NULL,
    span_id   TEXT NOT NULL,
    grader    TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    sampled   INTEGER NOT NULL,
    weight    REAL NOT NULL,
    value     REAL,
    pass      INTEGER,
    reason    TEXT,
    error     TEXT,
    metadata  TEXT NOT NULL,
    PRIMARY KEY (eval, trace_id, span_id, grader)
  ) WITHOUT ROWID;
  CREATE INDEX online_scores_time ON online_scores (eval, timestamp);
  CREATE TABLE online_cursors (eval TEXT PRIMARY KEY, seq INTEGER NOT NULL);
`;

export function sqliteOnlineScores(db: Database.Database): OnlineScoreStore {
  const upsert =
    db.prepare(`INSERT OR REPLACE INTO online_scores (eval, trace_id, span_id, grader, timestamp, sampled, weight, value,
    pass, reason, error, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const writeAll = db.transaction((scores: readonly OnlineScore[]) => {
    for (const s of scores) {
      upsert.run(
        s.eval,
        s.traceId,
        s.spanId,
        s.grader,
        s.timestamp,
        s.sampled ? 1 : 0,
        s.weight,
        Number.isFinite(s.value) ? s.value : null,
        s.pass === null ? null : s.pass ? 1 : 0,
        s.reason,
        s.error,
        JSON.stringify(s.metadata),
      );
    }
  });
  return {
    write: async (scores) => writeAll(scores),
    list: async (evalName, since) => {
      const rows = db
        .prepare(
          'SELECT * FROM online_scores WHERE eval = ? AND timestamp >= ? ORDER BY timestamp, trace_id, span_id, grader',
        )
        .all(evalName, since ?? '') as OnlineRow[];
      return rows.map(onlineScoreFromRow);
    },
    cursor: async (evalName) =>
      (db.prepare('SELECT seq FROM online_cursors WHERE eval = ?').pluck().get(evalName) as number | undefined) ?? 0,
    evals: async () => db.prepare('SELECT DISTINCT eval FROM online_scores ORDER BY eval').pluck().all() as string[],
    setCursor: async (evalName, seq) => {
      db.prepare(
        'INSERT INTO online_cursors (eval, seq) VALUES (?, ?) ON CONFLICT (eval) DO UPDATE SET seq = excluded.seq',
      ).run(evalName, seq);
    },
  };
}
