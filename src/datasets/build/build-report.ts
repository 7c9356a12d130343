import type { Issue } from '../../core/errors.js';
import type { PiiCounts } from '../../core/pii/redact-pii.js';
import type { AllocationMethod } from './allocate.js';

export interface BuildStratum {
  /** `intent=billing,language=en`. */
  readonly key: string;
  readonly values: { readonly [field: string]: string };
  /** Log lines in the stratum, duplicates included. */
  readonly traffic: number;
  readonly trafficShare: number;
  /** Distinct interactions after dedup: the sampling frame. */
  readonly population: number;
  readonly allocated: number;
  readonly sampled: number;
  /** Sampled texts taken with certainty (heads whose traffic alone earns a place): they weigh their own traffic. */
  readonly certain: number;
  /**
   * Mean case weight, traffic / sampled (0 when nothing was sampled). Each case's own weight is
   * its share of the stratum's traffic: its text's lines (copies included) scaled so the
   * stratum's weights sum to its traffic.
   */
  readonly weight: number;
  /** Sampled / distinct texts: the finite-population correction of the stratum's variance. */
  readonly samplingFraction: number;
  /** Half-width of a 95% Wilson interval for a pass rate near 50% at this many cases. */
  readonly halfWidth: number;
}

export interface BuildCluster {
  readonly kind: 'exact' | 'near';
  /** Provenance of the kept text: `logs.jsonl:<line>`. */
  readonly representative: string;
  readonly removed: number;
  /** Whether the kept text is in the eval set. */
  readonly represented: boolean;
}

export interface BuildReport {
  readonly source: string;
  /** Every non-blank line (or CSV row) of the file, unreadable ones included. */
  readonly lines: number;
  /** Lines left out: unreadable, or without an input. */
  readonly skipped: number;
  /** Lines that were not a JSON object (part of `skipped`). */
  readonly unreadable: number;
  /** How many readable lines have each strata field. */
  readonly strataFieldPresence: readonly { readonly field: string; readonly present: number; readonly share: number }[];
  /** Warnings about strata fields missing from most lines (also in `warnings`). */
  readonly fieldWarnings: readonly string[];
  readonly size: number;
  readonly allocation: AllocationMethod;
  readonly seed: number;
  readonly strataFields: readonly string[];
  readonly strata: readonly BuildStratum[];
  readonly sampled: number;
  /** Log lines with an input: the traffic the set stands for. */
  readonly linesInScope: number;
  /** Sum of the case weights: `linesInScope` unless a stratum with traffic got no case. */
  readonly weightTotal: number;
  readonly removedDuplicates: {
    readonly exact: number;
    /** Near-duplicates, those merged at selection included. */
    readonly near: number;
    /** Near-duplicates the bounded stream index missed, merged (earliest line kept) at selection. */
    readonly atSelection: number;
    readonly total: number;
    readonly threshold: number;
    readonly clusters: readonly BuildCluster[];
    readonly exactCapacityReached: boolean;
    readonly nearWindow: number;
  };
  readonly redacted: { readonly enabled: boolean; readonly total: number } & Readonly<PiiCounts>;
  readonly coverage: {
    /** Strata with traffic but no case. */
    readonly unrepresented: readonly string[];
    /** Strata whose cases are too few for a useful interval (half-width above `maxHalfWidth`). */
    readonly thin: readonly string[];
    readonly maxHalfWidth: number;
    /** Large duplicate clusters of traffic whose text is not in the set. */
    readonly unrepresentedClusters: readonly BuildCluster[];
  };
  readonly warnings: readonly string[];
  readonly issues: readonly Issue[];
}
