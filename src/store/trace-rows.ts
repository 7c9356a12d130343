import type { OnlineScore, StoredFeedback, StoredTrace } from './trace-types.js';

/**
 * The rows of the online tables as both stores read them, and their mapping to the store's
 * types. Postgres returns BIGINT columns as strings, SQLite as numbers: both are accepted.
 */
export interface TraceRow {
  seq: string | number;
  trace_id: string;
  span_id: string;
  timestamp: string;
  ingested_at: string;
  source: string;
  input: string | null;
  output: string | null;
  metadata: string;
  latency_ms: number | null;
  model: string | null;
  input_tokens: string | number | null;
  output_tokens: string | number | null;
  status: string;
  error: string | null;
}

export interface FeedbackRow {
  id: string | number;
  trace_id: string;
  score: number | null;
  thumb: string | null;
  comment: string | null;
  created_at: string;
}

export interface OnlineRow {
  eval: string;
  trace_id: string;
  span_id: string;
  grader: string;
  timestamp: string;
  sampled: number;
  weight: number;
  value: number | null;
  pass: number | null;
  reason: string | null;
  error: string | null;
  metadata: string;
}

/** A JSON column's value (null stays null). */
export const parseJsonColumn = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/** A value as a JSON column (undefined and null are stored as NULL). */
export const jsonColumn = (value: unknown): string | null =>
  value === undefined || value === null ? null : JSON.stringify(value);

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export function traceFromRow(r: TraceRow): StoredTrace {
  return {
    seq: Number(r.seq),
    traceId: r.trace_id,
    spanId: r.span_id,
    timestamp: r.timestamp,
    ingestedAt: r.ingested_at,
    source: r.source as StoredTrace['source'],
    input: parseJsonColumn(r.input),
    output: parseJsonColumn(r.output),
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    latencyMs: r.latency_ms,
    model: r.model,
    inputTokens: num(r.input_tokens),
    outputTokens: num(r.output_tokens),
    status: r.status === 'error' ? 'error' : 'ok',
    error: r.error,
  };
}

export function feedbackFromRow(r: FeedbackRow): StoredFeedback {
  const thumb = r.thumb === 'up' || r.thumb === 'down' ? r.thumb : null;
  return { id: Number(r.id), traceId: r.trace_id, score: r.score, thumb, comment: r.comment, createdAt: r.created_at };
}

export function onlineScoreFromRow(r: OnlineRow): OnlineScore {
  return {
    eval: r.eval,
    traceId: r.trace_id,
    spanId: r.span_id,
    grader: r.grader,
    timestamp: r.timestamp,
    sampled: r.sampled === 1,
    weight: r.weight,
    value: r.value ?? Number.NaN,
    pass: r.pass === null ? null : r.pass === 1,
    reason: r.reason,
    error: r.error,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
  };
}
