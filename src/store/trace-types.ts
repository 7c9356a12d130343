/** Where a trace came from. */
export type TraceSource = 'api' | 'jsonl' | 'otlp';

/**
 * One production interaction (or one span of it) as ingested for online evaluation. Plain
 * records have no span, so their `spanId` is the empty string; OTLP spans keep theirs.
 */
export interface TraceRecord {
  readonly traceId: string;
  readonly spanId: string;
  readonly input: unknown;
  readonly output: unknown;
  /** Segment fields and kept attributes (e.g. `user.tier`, `app.feature`). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly latencyMs: number | null;
  readonly model: string | null;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  readonly status: 'ok' | 'error';
  readonly error: string | null;
  readonly source: TraceSource;
}

export interface StoredTrace extends TraceRecord {
  /** Ingestion order: increases with every stored record, so readers can ask for "what is new". */
  readonly seq: number;
  readonly ingestedAt: string;
}

export interface ListTracesQuery {
  /** Only records stored after this sequence number. */
  readonly afterSeq?: number;
  readonly traceId?: string;
  /** Default 1000. */
  readonly limit?: number;
}

export interface FeedbackInput {
  readonly traceId: string;
  /** In [0, 1]. */
  readonly score: number | null;
  readonly thumb: 'up' | 'down' | null;
  readonly comment: string | null;
}

export interface StoredFeedback extends FeedbackInput {
  readonly id: number;
  readonly createdAt: string;
}

/** A record to write; `ingestedAt` (default: now) is kept when a store copy moves a stored trace. */
export type TraceWrite = TraceRecord & { readonly ingestedAt?: string };

/** The traces room of a store: rows only, no decisions. */
export interface TraceStore {
  /** Upserts by (trace, span) in one transaction: a retried export keeps the last copy. */
  write(records: readonly TraceWrite[]): Promise<number>;
  /** Which of these (trace, span) pairs are stored, as `traceId\u0000spanId` keys. */
  existing(keys: readonly { readonly traceId: string; readonly spanId: string }[]): Promise<Set<string>>;
  /** In ingestion order. */
  list(query?: ListTracesQuery): Promise<StoredTrace[]>;
  count(): Promise<number>;
  /** Traffic per window (by trace time) since `since`: records and error records, oldest first. */
  volume(since: string, window: 'hour' | 'day'): Promise<WindowVolume[]>;
}

export interface WindowVolume {
  /** The window's start, ISO (`2026-01-02T03:00:00.000Z`). */
  readonly start: string;
  readonly traces: number;
  readonly errors: number;
  /** Feedback rows created in the window, and how many were thumbs down. */
  readonly feedback: number;
  readonly thumbsDown: number;
}

export interface FeedbackStore {
  /** `createdAt` (default: now) is kept when a store copy moves stored feedback. */
  add(input: FeedbackInput, createdAt?: string): Promise<StoredFeedback>;
  list(traceId?: string): Promise<StoredFeedback[]>;
}

/** One grader's score on one trace for one online eval. */
export interface OnlineScore {
  readonly eval: string;
  readonly traceId: string;
  readonly spanId: string;
  /** The trace's own time: windows are by when the traffic happened. */
  readonly timestamp: string;
  /** In the random sample (counts in rates); false for traces graded by an `always` rule. */
  readonly sampled: boolean;
  /** 1 / sampling rate. */
  readonly weight: number;
  readonly grader: string;
  /** NaN (stored as null) when the grader failed. */
  readonly value: number;
  readonly pass: boolean | null;
  readonly reason: string | null;
  readonly error: string | null;
  /** Segment fields of the trace, for per-segment rates. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface OnlineScoreStore {
  /** Upserts by (eval, trace, span, grader). */
  write(scores: readonly OnlineScore[]): Promise<void>;
  /** Scores of an eval whose trace time is at or after `since` (ISO), oldest first. */
  list(evalName: string, since?: string): Promise<OnlineScore[]>;
  /** The last trace sequence number an eval has looked at (0 when none). */
  cursor(evalName: string): Promise<number>;
  setCursor(evalName: string, seq: number): Promise<void>;
  /** Names of the evals with stored online scores, sorted. */
  evals(): Promise<string[]>;
}

/** The key `TraceStore.existing` answers with. */
export function traceKey(traceId: string, spanId: string): string {
  return `${traceId}\u0000${spanId}`;
}
