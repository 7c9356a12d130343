import type { Score } from '../core/types.js';
import type { Grader } from '../graders/grader.js';
import { runGrader } from '../graders/run-grader.js';
import type { OnlineScore, StoredTrace } from '../store/trace-types.js';
import { traceAsTrial } from './trace-as-trial.js';

/** Why a trace is graded: in the random sample (weight 1/rate) or by an `always` rule. */
export interface GradeReason {
  readonly sampled: boolean;
  readonly rate: number;
}

/**
 * One trace through every grader of an online eval, as offline (the same `Grader` interface):
 * its scores as rows to store, with the trace's time, sampling weight and metadata. Used by the
 * local executor and by `assay worker` for queued traces alike.
 */
export async function gradeTrace(
  evalName: string,
  trace: StoredTrace,
  reason: GradeReason,
  graders: readonly Grader[],
  signal: AbortSignal,
): Promise<OnlineScore[]> {
  const weight = 1 / reason.rate;
  const { testCase, output } = traceAsTrial(trace, weight);
  const previous: Score[] = [];
  const rows: OnlineScore[] = [];
  for (const grader of graders) {
    const score = await runGrader(grader, testCase, output, {
      signal,
      runId: `online:${evalName}`,
      repeat: 0,
      useCache: true,
      previousScores: [...previous],
    });
    previous.push(score);
    rows.push({
      eval: evalName,
      traceId: trace.traceId,
      spanId: trace.spanId,
      timestamp: trace.timestamp,
      sampled: reason.sampled,
      weight,
      grader: grader.name,
      value: score.value,
      pass: score.pending ? null : (score.pass ?? null),
      reason: score.reason ?? null,
      error: score.error ?? null,
      metadata: trace.metadata,
    });
  }
  return rows;
}
