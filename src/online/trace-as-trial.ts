import type { Case, CaseInput, CaseMetadata, TargetOutput } from '../core/types.js';
import type { StoredTrace } from '../store/trace-types.js';

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
