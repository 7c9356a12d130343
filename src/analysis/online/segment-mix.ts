import type { Case } from '../../core/types.js';
import { nearestName } from '../../core/did-you-mean.js';
import { benjaminiHochberg, twoProportionZTest } from '../../stats/index.js';
import type { OnlineScore } from '../../store/trace-types.js';
import { rateInterval, type RateEstimate } from '../metrics/rate-interval.js';

/** One segment value: its share of the eval set beside its share of sampled production traffic. */
export interface MixRow {
  readonly field: string;
  readonly value: string;
  /** Share of the eval set's cases (Wilson interval over the cases). */
  readonly evalShare: RateEstimate;
  /** Weighted share of the sampled traces (weights 1/rate; Wilson at Kish's effective n). */
  readonly productionShare: RateEstimate;
  /** Two-sided p of equal shares (pooled z test at the effective sizes). */
  readonly p: number;
  /** Benjamini–Hochberg adjusted over every row of the report. */
  readonly q: number;
  /** q ≤ the report's level: the eval set over- or under-represents this segment. */
  readonly differs: boolean;
}

export interface SegmentMix {
  /** What the eval set is: the run whose dataset was compared. */
  readonly evalSet: {
    readonly runId: string;
    readonly eval: string;
    readonly datasetVersion: string;
    readonly cases: number;
  };
  /** Distinct sampled traces behind the production shares. */
  readonly traces: number;
  readonly fields: readonly string[];
  readonly rows: readonly MixRow[];
  /** The false-discovery rate the flags hold (default 0.05). */
  readonly level: number;
  readonly correction: 'benjamini-hochberg';
  /** Compared fields the eval set's cases never have. */
  readonly warnings: readonly string[];
}

export interface SegmentMixInput {
  readonly evalSet: SegmentMix['evalSet'];
  readonly cases: readonly Case[];
  /** The online eval's stored scores: each sampled trace counts once, whatever its graders. */
  readonly scores: readonly OnlineScore[];
  /** Metadata fields to compare; default: those with 2–50 values in both the eval set and production. */
  readonly fields?: readonly string[];
  readonly level?: number;
}

const MISSING = '(none)';
const valueOf = (v: unknown): string => (v === undefined || v === null || v === '' ? MISSING : String(v));

/**
 * The eval set's segment mix beside production's: for every value of every compared field,
 * its share of the eval set's cases and its weighted share of the sampled production traces,
 * each with the one rate interval, and a flag where they differ. The flags come from one
 * two-sided test per (field, value), Benjamini–Hochberg adjusted over the whole table, so at
 * most `level` of the flags are expected to be false discoveries. Traces graded only by an
 * `always` rule are left out: they are not a sample of traffic.
 */
export function segmentMix(input: SegmentMixInput): SegmentMix {
  const traces = new Map<string, OnlineScore>();
  for (const s of input.scores) if (s.sampled) traces.set(`${s.traceId}\u0000${s.spanId}`, s);
  const sampled = [...traces.values()];
  const fields = input.fields ?? sharedFields(input.cases, sampled);
  const rows: Omit<MixRow, 'q' | 'differs'>[] = [];
  for (const field of fields) {
    const values = new Set<string>([
      ...input.cases.map((c) => valueOf(c.metadata[field])),
      ...sampled.map((s) => valueOf(s.metadata[field])),
    ]);
    for (const value of [...values].sort()) {
      const evalShare = rateInterval(
        input.cases.map((c) => ({ passes: valueOf(c.metadata[field]) === value ? 1 : 0, graded: 1, weight: 1 })),
      );
      const productionShare = rateInterval(
        sampled.map((s) => ({ passes: valueOf(s.metadata[field]) === value ? 1 : 0, graded: 1, weight: s.weight })),
      );
      const test = twoProportionZTest(evalShare.value, evalShare.nEff, productionShare.value, productionShare.nEff);
      rows.push({ field, value, evalShare, productionShare, p: Number.isNaN(test.p) ? 1 : test.p });
    }
  }
  const level = input.level ?? 0.05;
  const q = benjaminiHochberg(rows.map((r) => r.p));
  const caseFields = [...new Set(input.cases.flatMap((c) => Object.keys(c.metadata)))].sort();
  const warnings = fields
    .filter((f) => !caseFields.includes(f))
    .map((f) => {
      const guess = nearestName(f, caseFields);
      return `No case of the eval set has the field '${f}'${guess ? ` (did you mean '${guess}'?)` : ''}: all of it is in ${f}=${MISSING}.`;
    });
  return {
    evalSet: input.evalSet,
    traces: sampled.length,
    fields,
    rows: rows.map((r, i) => ({ ...r, q: q[i], differs: q[i] <= level })),
    level,
    correction: 'benjamini-hochberg',
    warnings,
  };
}

/** Fields with 2 to 50 values in the eval set that production's sampled traces also carry. */
function sharedFields(cases: readonly Case[], sampled: readonly OnlineScore[]): string[] {
  const inProduction = new Set(sampled.flatMap((s) => Object.keys(s.metadata)));
  const values = new Map<string, Set<string>>();
  for (const c of cases)
    for (const [k, v] of Object.entries(c.metadata)) {
      if (!inProduction.has(k) || typeof v === 'number') continue;
      const set = values.get(k) ?? new Set<string>();
      set.add(valueOf(v));
      values.set(k, set);
    }
  return [...values]
    .filter(([, s]) => s.size >= 2 && s.size <= 50)
    .map(([k]) => k)
    .sort();
}
