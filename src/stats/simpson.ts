/**
 * Simpson's-paradox / composition check for per-segment comparisons (spec §3.13).
 *
 * Why it flags composition rather than "a paradox": for a truly paired comparison (the same
 * items per segment in both runs) the pooled delta is a convex combination of the segment
 * deltas and cannot reverse. A flag therefore means the runs' segment sizes differ —
 * dropped or errored items, different samples — which the result also lists.
 */
import { fail } from './validation.js';

/** One segment's counts for runs A and B. */
export interface SimpsonSegment {
  segment?: string;
  nA: number;
  correctA: number;
  nB: number;
  correctB: number;
}

/** Result of {@link simpsonsParadoxCheck}. */
export interface SimpsonResult {
  aggregateRateA: number;
  aggregateRateB: number;
  /** Pooled rate B − pooled rate A. */
  aggregateDelta: number;
  /** rate_B,s − rate_A,s per segment (NaN when a side is empty). */
  segmentDeltas: number[];
  /** Σ_s w_s·Δ_s with common weights w_s = (n_A,s + n_B,s)/Σ. */
  standardizedDelta: number;
  paradox: boolean;
  /** Segments whose n_A,s ≠ n_B,s. */
  sizeMismatches: Array<{ segment?: string; nA: number; nB: number }>;
}

/** Deltas below this are treated as zero (floating-point noise of rate differences). */
const ZERO = 1e-12;

/** Check per-segment vs pooled deltas for a reversal. */
export function simpsonsParadoxCheck(segments: ReadonlyArray<SimpsonSegment>): SimpsonResult {
  const fn = 'simpsonsParadoxCheck';
  let nA = 0,
    cA = 0,
    nB = 0,
    cB = 0;
  segments.forEach((s, i) => {
    for (const key of ['nA', 'correctA', 'nB', 'correctB'] as const) {
      if (!Number.isInteger(s[key]) || s[key] < 0)
        fail(fn, `segments[${i}].${key} must be a non-negative integer, got ${s[key]}`);
    }
    if (s.correctA > s.nA || s.correctB > s.nB) fail(fn, `segments[${i}]: correct must be ≤ n for both runs`);
    nA += s.nA;
    cA += s.correctA;
    nB += s.nB;
    cB += s.correctB;
  });
  const segmentDeltas = segments.map((s) => (s.nA > 0 && s.nB > 0 ? s.correctB / s.nB - s.correctA / s.nA : NaN));
  const aggregateRateA = nA > 0 ? cA / nA : NaN;
  const aggregateRateB = nB > 0 ? cB / nB : NaN;
  const aggregateDelta = aggregateRateB - aggregateRateA;
  let standardizedDelta = 0;
  let weight = 0;
  segments.forEach((s, i) => {
    if (!Number.isNaN(segmentDeltas[i])) {
      standardizedDelta += (s.nA + s.nB) * segmentDeltas[i];
      weight += s.nA + s.nB;
    }
  });
  standardizedDelta = weight > 0 ? standardizedDelta / weight : NaN;
  const signs = segmentDeltas.filter((d) => !Number.isNaN(d) && Math.abs(d) > ZERO).map(Math.sign);
  const oneSign = signs.length > 0 && signs.every((s) => s === signs[0]);
  const paradox = oneSign && Math.abs(aggregateDelta) > ZERO && Math.sign(aggregateDelta) === -signs[0];
  const sizeMismatches = segments.filter((s) => s.nA !== s.nB).map((s) => ({ segment: s.segment, nA: s.nA, nB: s.nB }));
  return { aggregateRateA, aggregateRateB, aggregateDelta, segmentDeltas, standardizedDelta, paradox, sizeMismatches };
}
