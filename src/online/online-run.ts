import type { Case, CaseInput, CaseMetadata, Score, TargetOutput } from '../core/types.js';
import { AssayError } from '../core/errors.js';
import type { Grader } from '../graders/grader.js';
import { runGrader } from '../graders/run-grader.js';
import type { Store } from '../store/store.js';
import type { OnlineScore, OnlineScoreStore, StoredTrace } from '../store/trace-types.js';
import { traceStoreOf } from './ingest.js';
import type { OnlineSpec } from '../core/online-spec.js';
import { sampleDecision } from './sampling.js';

export interface OnlineRunOptions {
  readonly store: Store;
  readonly evalName: string;
  readonly spec: OnlineSpec;
  readonly graders: readonly Grader[];
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
  readonly scores: number;
  readonly graderErrors: number;
}

export function onlineStoreOf(store: Store): OnlineScoreStore {
  if (!store.online)
    throw new AssayError('STORE_NO_TRACES', `The ${store.kind} store does not keep online scores.`, {
      hint: 'Use a SQLite or Postgres store.',
    });
  return store.online;
}

const flatMetadata = (m: Readonly<Record<string, unknown>>): CaseMetadata => {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(m))
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out as CaseMetadata;
};

/** A stored trace as the case and output a grader reads: the same `Grader` interface as offline evals. */
export function traceAsTrial(t: StoredTrace, weight: number): { testCase: Case; output: TargetOutput } {
  const input = (t.input ?? '') as CaseInput;
  const testCase: Case = {
    id: t.spanId ? `${t.traceId}:${t.spanId}` : t.traceId,
    input,
    slice: 'production',
    metadata: flatMetadata(t.metadata),
    weight,
    source: t.traceId,
  };
  const text = typeof t.output === 'string' ? t.output : undefined;
  const output: TargetOutput = {
    ...(text !== undefined ? { text } : { value: t.output }),
    ...(t.latencyMs !== null && { latencyMs: t.latencyMs }),
    ...(t.model !== null && { model: t.model }),
    usage: {
      ...(t.inputTokens !== null && { inputTokens: t.inputTokens }),
      ...(t.outputTokens !== null && { outputTokens: t.outputTokens }),
    },
  };
  return { testCase, output };
}

/**
 * Grades the traces stored since the eval's last run: each sampled (or `always`-matched) trace
 * with an output goes through every grader, off the request path, and its scores are stored
 * with the trace's time, sampling weight and metadata. The cursor moves after each batch is
 * stored, so an interrupted run resumes where it stopped and never grades a trace twice.
 */
export async function runOnlineEval(options: OnlineRunOptions): Promise<OnlineRunResult> {
  const { store, evalName, spec, graders } = options;
  const traces = traceStoreOf(store);
  const online = onlineStoreOf(store);
  const wantsFeedback = (spec.always ?? []).some((r) => r.feedback !== undefined);
  let cursor = await online.cursor(evalName);
  const counts = { read: 0, noOutput: 0, sampled: 0, always: 0, scores: 0, graderErrors: 0 };
  const signal = options.signal ?? new AbortController().signal;
  for (;;) {
    const batch = await traces.list({ afterSeq: cursor, limit: options.batchSize ?? 500 });
    if (batch.length === 0) break;
    const rows: OnlineScore[] = [];
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
      const weight = 1 / decision.rate;
      const { testCase, output } = traceAsTrial(t, weight);
      const previous: Score[] = [];
      for (const grader of graders) {
        const score = await runGrader(grader, testCase, output, {
          signal,
          runId: `online:${evalName}`,
          repeat: 0,
          useCache: true,
          previousScores: [...previous],
        });
        previous.push(score);
        if (score.error !== undefined) counts.graderErrors += 1;
        rows.push({
          eval: evalName,
          traceId: t.traceId,
          spanId: t.spanId,
          timestamp: t.timestamp,
          sampled: decision.sampled,
          weight,
          grader: grader.name,
          value: score.value,
          pass: score.pending ? null : (score.pass ?? null),
          reason: score.reason ?? null,
          error: score.error ?? null,
          metadata: t.metadata,
        });
      }
    }
    await online.write(rows);
    counts.scores += rows.length;
    cursor = batch[batch.length - 1].seq;
    await online.setCursor(evalName, cursor);
  }
  return counts;
}
