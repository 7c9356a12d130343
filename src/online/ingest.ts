import { AssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { FeedbackInput, StoredFeedback, TraceRecord, TraceStore } from '../store/trace-types.js';
import type { Checked, Rejection } from './plain-record.js';

export interface IngestResult {
  readonly accepted: number;
  readonly rejected: number;
  /** One entry per refused record, in request order. */
  readonly rejections: readonly Rejection[];
}

export function traceStoreOf(store: Store): TraceStore {
  if (!store.traces) {
    throw new AssayError('STORE_NO_TRACES', `The ${store.kind} store at ${store.location} does not keep traces.`, {
      hint: 'Use a SQLite or Postgres store for online evaluation.',
    });
  }
  return store.traces;
}

/** Stores the accepted records in one transaction and counts both sides: nothing accepted is dropped. */
export async function storeTraces(
  store: Store,
  records: readonly TraceRecord[],
  rejections: readonly Rejection[],
): Promise<IngestResult> {
  const traces = traceStoreOf(store);
  const accepted = records.length > 0 ? await traces.write(records) : 0;
  return { accepted, rejected: rejections.length, rejections };
}

const FEEDBACK_FIELDS = new Set(['traceId', 'score', 'thumb', 'comment']);
const MAX_COMMENT = 10_000;

/** Checks `{traceId, score | thumb: 'up' | 'down', comment}`: at least one of score and thumb. */
export function checkFeedback(raw: unknown): Checked<FeedbackInput> {
  const fail = (reason: string): Checked<never> => ({ ok: false, reason });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('feedback must be a JSON object');
  const r = raw as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !FEEDBACK_FIELDS.has(k));
  if (unknown.length > 0)
    return fail(
      `unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')}; fields: traceId, score, thumb, comment`,
    );
  if (typeof r.traceId !== 'string' || r.traceId.trim() === '' || r.traceId.length > 256)
    return fail('traceId is required (a non-empty string)');
  const score = r.score ?? null;
  const thumb = r.thumb ?? null;
  const comment = r.comment ?? null;
  if (score !== null && (typeof score !== 'number' || !(score >= 0 && score <= 1)))
    return fail('score must be a number from 0 to 1');
  if (thumb !== null && thumb !== 'up' && thumb !== 'down') return fail("thumb must be 'up' or 'down'");
  if (score === null && thumb === null) return fail('send a score (0 to 1) or a thumb (up or down)');
  if (comment !== null && (typeof comment !== 'string' || comment.length > MAX_COMMENT))
    return fail(`comment must be a string of at most ${MAX_COMMENT} characters`);
  return {
    ok: true,
    value: {
      traceId: r.traceId,
      score: score as number | null,
      thumb: thumb as 'up' | 'down' | null,
      comment: comment as string | null,
    },
  };
}

/** Stores feedback; it may arrive before its trace, so `traceKnown` says whether the trace is stored yet. */
export async function addFeedback(
  store: Store,
  input: FeedbackInput,
): Promise<{ feedback: StoredFeedback; traceKnown: boolean }> {
  const traces = traceStoreOf(store);
  if (!store.feedback)
    throw new AssayError('STORE_NO_TRACES', `The ${store.kind} store does not keep feedback.`, {
      hint: 'Use a SQLite or Postgres store.',
    });
  const feedback = await store.feedback.add(input);
  const traceKnown = (await traces.list({ traceId: input.traceId, limit: 1 })).length > 0;
  return { feedback, traceKnown };
}
