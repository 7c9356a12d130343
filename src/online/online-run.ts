import { AssayError } from '../core/errors.js';
import type { Grader } from '../graders/grader.js';
import type { Store } from '../store/store.js';
import type { OnlineScoreStore } from '../store/trace-types.js';
import { localOnlineExecutor, type ChosenTrace, type OnlineExecutor } from './online-executor.js';
import { traceStoreOf } from './ingest.js';
import type { OnlineSpec } from '../core/online-spec.js';
import { sampleDecision } from './sampling.js';

export interface OnlineRunOptions {
  readonly store: Store;
  readonly evalName: string;
  readonly spec: OnlineSpec;
  /** Where the graders run (default: locally, with `graders`). */
  readonly executor?: OnlineExecutor;
  /** The graders of the local executor (unused when `executor` is given). */
  readonly graders?: readonly Grader[];
  /** Traces read per batch (default 500). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export interface OnlineRunResult {
  /** Trace records read since the last run. */
  readonly read: number;
  /** Records without an output (nothing to grade). */
  readonly noOutput: number;
  readonly sampled: number;
  readonly always: number;
  /** Scores stored by this process (0 when the traces were queued for workers). */
  readonly scores: number;
  readonly graderErrors: number;
  /** Traces handed to `assay worker` through the queue. */
  readonly queued: number;
  readonly executor: 'local' | 'queue';
}

export function onlineStoreOf(store: Store): OnlineScoreStore {
  if (!store.online)
    throw new AssayError('STORE_NO_TRACES', `The ${store.kind} store does not keep online scores.`, {
      hint: 'Use a SQLite or Postgres store.',
    });
  return store.online;
}

/**
 * Reads the traces stored since the eval's last run and hands each sampled (or
 * `always`-matched) trace with an output to the executor, off the request path. The cursor
 * moves after each batch is durable (scores stored, or jobs queued), so an interrupted run
 * resumes where it stopped and never hands a trace over twice.
 */
export async function runOnlineEval(options: OnlineRunOptions): Promise<OnlineRunResult> {
  const { store, evalName, spec } = options;
  const traces = traceStoreOf(store);
  const online = onlineStoreOf(store);
  const executor =
    options.executor ?? localOnlineExecutor({ store, graders: options.graders ?? [], signal: options.signal });
  const wantsFeedback = (spec.always ?? []).some((r) => r.feedback !== undefined);
  let cursor = await online.cursor(evalName);
  const counts = { read: 0, noOutput: 0, sampled: 0, always: 0, scores: 0, graderErrors: 0, queued: 0 };
  for (;;) {
    if (options.signal?.aborted) break;
    const batch = await traces.list({ afterSeq: cursor, limit: options.batchSize ?? 500 });
    if (batch.length === 0) break;
    const chosen: ChosenTrace[] = [];
    for (const t of batch) {
      counts.read += 1;
      if (t.output === null) {
        counts.noOutput += 1;
        continue;
      }
      const thumbs =
        wantsFeedback && store.feedback ? (await store.feedback.list(t.traceId)).map((f) => f.thumb ?? '') : [];
      const decision = sampleDecision(t, spec, thumbs);
      if (!decision.sampled && !decision.always) continue;
      counts[decision.sampled ? 'sampled' : 'always'] += 1;
      chosen.push({ trace: t, sampled: decision.sampled, rate: decision.rate });
    }
    const done = await executor.submit(evalName, chosen);
    counts.scores += done.scores;
    counts.graderErrors += done.graderErrors;
    counts.queued += done.queued;
    cursor = batch[batch.length - 1].seq;
    await online.setCursor(evalName, cursor);
  }
  return { ...counts, executor: executor.kind };
}
