export interface Interval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

export interface DiagnoseSegment {
  /** `intent=billing` or `intent=billing,language=de`. */
  readonly key: string;
  readonly cases: number;
  readonly passRate: Interval;
  /** Share of production traffic in the segment. */
  readonly trafficShare: number;
  /** Share of the eval set's cases in the segment. */
  readonly evalShare: number;
}

export interface GraderAgreement {
  /** A grader name, or `(all graders)`. */
  readonly grader: string;
  readonly n: number;
  readonly kappa: number;
  readonly observedAgreement: number;
  /** Rows: grader pass, grader fail; columns: positive, negative user feedback. */
  readonly table: readonly (readonly number[])[];
}

export interface DiagnoseReport {
  readonly runId: string;
  readonly eval: string;
  readonly datasetVersion: string;
  readonly logs: { readonly path: string; readonly lines: number };
  readonly strataFields: readonly string[];
  /** Unweighted pass rate over the eval's graded cases (Wilson 95%). */
  readonly evalPassRate: Interval & { readonly n: number };
  /** Pass rate reweighted to the production mix of strata (Kish-weighted Wilson 95%). */
  readonly productionPassRate: Interval & { readonly nEff: number };
  /** Share of production traffic in strata that have eval cases. */
  readonly coveredTrafficShare: number;
  readonly composition: readonly DiagnoseSegment[];
  /** Segments sorted by pass rate, lowest first (at most 5). */
  readonly lowest: readonly DiagnoseSegment[];
  readonly clusters: {
    /** Share of production lines with a near-duplicate among the eval cases. */
    readonly trafficNearEvalCases: number;
    /** Eval cases that resemble no production line. */
    readonly casesWithoutTraffic: number;
    readonly threshold: number;
  };
  readonly feedback: readonly GraderAgreement[];
  readonly warnings: readonly string[];
}
