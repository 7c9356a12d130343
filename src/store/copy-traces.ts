import type { Store } from './store.js';
import { traceKey, type StoredFeedback, type StoredTrace, type TraceWrite } from './trace-types.js';

export interface CopyTracesResult {
  /** Trace records added (a (trace, span) already in the destination is left as it is). */
  readonly traces: number;
  readonly feedback: number;
  /** Online scores written (upserted by eval, trace, span and grader). */
  readonly onlineScores: number;
}

const feedbackKey = (f: StoredFeedback): string =>
  JSON.stringify([f.traceId, f.createdAt, f.thumb, f.score, f.comment]);

/**
 * Copies the online rooms: traces (in ingestion order, keeping their ingestion time), feedback
 * (keeping its time) and online scores, with each eval's cursor carried over to the copied
 * trace it points at. Idempotent: a trace or feedback row already in the destination is
 * skipped and scores are upserted by key, so a second copy adds and changes nothing. A store
 * that keeps no traces on either side copies none.
 */
export async function copyTraces(from: Store, to: Store, batchSize = 1000): Promise<CopyTracesResult> {
  if (!from.traces || !to.traces) return { traces: 0, feedback: 0, onlineScores: 0 };
  const evals = from.online && to.online ? await from.online.evals() : [];
  const cursors = new Map<string, { seq: number; last?: StoredTrace }>();
  for (const name of evals) cursors.set(name, { seq: await from.online!.cursor(name) });
  let traces = 0;
  for (let after = 0; ;) {
    const page = await from.traces.list({ afterSeq: after, limit: batchSize });
    if (page.length === 0) break;
    for (const c of cursors.values()) for (const t of page) if (t.seq <= c.seq) c.last = t;
    const present = await to.traces.existing(page);
    const missing = page.filter((t) => !present.has(traceKey(t.traceId, t.spanId))).map(asWrite);
    if (missing.length > 0) traces += await to.traces.write(missing);
    after = page[page.length - 1].seq;
  }
  let feedback = 0;
  if (from.feedback && to.feedback) {
    // Rows have no natural key: count each (trace, time, thumb, score, comment) on both sides and
    // copy only the surplus, so two identical rows given in the same millisecond both arrive.
    const there = new Map<string, number>();
    for (const f of await to.feedback.list()) there.set(feedbackKey(f), (there.get(feedbackKey(f)) ?? 0) + 1);
    for (const f of await from.feedback.list()) {
      const key = feedbackKey(f);
      const left = there.get(key) ?? 0;
      if (left > 0) {
        there.set(key, left - 1);
        continue;
      }
      await to.feedback.add({ traceId: f.traceId, score: f.score, thumb: f.thumb, comment: f.comment }, f.createdAt);
      feedback++;
    }
  }
  let onlineScores = 0;
  if (from.online && to.online) {
    for (const name of evals) {
      const scores = await from.online.list(name);
      for (let i = 0; i < scores.length; i += batchSize) await to.online.write(scores.slice(i, i + batchSize));
      onlineScores += scores.length;
      const last = cursors.get(name)?.last;
      // The cursor moves to where the destination keeps the last trace the eval had read.
      const copy =
        last && (await to.traces.list({ traceId: last.traceId, limit: 1000 })).find((t) => t.spanId === last.spanId);
      if (copy && copy.seq > (await to.online.cursor(name))) await to.online.setCursor(name, copy.seq);
    }
  }
  return { traces, feedback, onlineScores };
}

function asWrite(t: StoredTrace): TraceWrite {
  const { seq: _seq, ...record } = t;
  return record;
}
