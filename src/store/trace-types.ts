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

/** The traces room of a store: rows only, no decisions. */
export interface TraceStore {
  /** Upserts by (trace, span) in one transaction: a retried export keeps the last copy. */
  write(records: readonly TraceRecord[]): Promise<number>;
  /** In ingestion order. */
  list(query?: ListTracesQuery): Promise<StoredTrace[]>;
  count(): Promise<number>;
}

export interface FeedbackStore {
  add(input: FeedbackInput): Promise<StoredFeedback>;
  list(traceId?: string): Promise<StoredFeedback[]>;
}
