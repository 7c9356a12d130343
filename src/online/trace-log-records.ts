import type { Store } from '../store/store.js';
import type { StoredFeedback } from '../store/trace-types.js';
import { traceStoreOf } from './ingest.js';

/** One stored trace as a production log line (the shape `dataset promote` and `dataset build` read). */
export interface TraceLogRecord {
  /** The trace's ingestion sequence number. */
  readonly line: number;
  readonly data: { readonly [key: string]: unknown };
}

/**
 * Streams the stored traces, oldest first, each joined to its latest feedback: `feedback` is the
 * last thumb (`up` / `down`, else null), `feedbackScore` the last score, `feedbackComment` the
 * last comment; the trace's metadata stays under `metadata`, so `--where user.tier=pro` finds it.
 */
export async function* traceLogRecords(store: Store, pageSize = 1000): AsyncGenerator<TraceLogRecord> {
  const traces = traceStoreOf(store);
  const latest = new Map<string, { thumb: StoredFeedback['thumb']; score: number | null; comment: string | null }>();
  for (const f of (await store.feedback?.list()) ?? []) {
    const prev = latest.get(f.traceId) ?? { thumb: null, score: null, comment: null };
    latest.set(f.traceId, {
      thumb: f.thumb ?? prev.thumb,
      score: f.score ?? prev.score,
      comment: f.comment ?? prev.comment,
    });
  }
  let after = 0;
  for (;;) {
    const page = await traces.list({ afterSeq: after, limit: pageSize });
    if (page.length === 0) return;
    for (const t of page) {
      const fb = latest.get(t.traceId);
      yield {
        line: t.seq,
        data: {
          traceId: t.spanId ? `${t.traceId}:${t.spanId}` : t.traceId,
          input: t.input,
          output: t.output,
          feedback: fb?.thumb ?? null,
          feedbackScore: fb?.score ?? null,
          feedbackComment: fb?.comment ?? null,
          status: t.status,
          error: t.error,
          model: t.model,
          timestamp: t.timestamp,
          metadata: t.metadata,
        },
      };
    }
    after = page[page.length - 1].seq;
  }
}
