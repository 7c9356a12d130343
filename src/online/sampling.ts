import { createHash } from 'node:crypto';
import type { TraceRecord } from '../store/trace-types.js';
import type { OnlineSpec, TraceRule } from '../core/online-spec.js';

/**
 * A trace id's position in [0, 1): the first 52 bits of SHA-256(`assay-sample:` + id). Every
 * process, machine and rerun puts the same trace at the same place, so a trace is in a sample
 * of rate r exactly when `samplePoint(id) < r`, and samples of smaller rates nest in larger ones.
 */
export function samplePoint(traceId: string): number {
  const digest = createHash('sha256').update(`assay-sample:${traceId}`).digest();
  return (digest.readUInt32BE(0) * 2 ** 20 + (digest.readUInt32BE(4) >>> 12)) / 2 ** 52;
}

const matches = (metadata: Readonly<Record<string, unknown>>, where: Readonly<Record<string, unknown>>): boolean =>
  Object.entries(where).every(([k, v]) => metadata[k] !== undefined && String(metadata[k]) === String(v));

export interface SampleDecision {
  /** In the random sample (hash below the rate): counts in the estimates with weight 1/rate. */
  readonly sampled: boolean;
  /** Graded because an `always` rule matched, outside the sample. */
  readonly always: boolean;
  readonly rate: number;
}

/** Whether a trace is graded, and why. `thumbs` are the feedback thumbs stored for it. */
export function sampleDecision(
  trace: Pick<TraceRecord, 'traceId' | 'metadata' | 'status'>,
  spec: OnlineSpec,
  thumbs: readonly string[] = [],
): SampleDecision {
  const stratum = spec.strata?.find((s) => matches(trace.metadata, s.where));
  const rate = stratum?.sample ?? spec.sample;
  const sampled = samplePoint(trace.traceId) < rate;
  const rule = (r: TraceRule) =>
    (r.where === undefined || matches(trace.metadata, r.where)) &&
    (r.status === undefined || r.status === trace.status) &&
    (r.feedback === undefined || thumbs.includes(r.feedback));
  return { sampled, always: !sampled && (spec.always ?? []).some(rule), rate };
}
