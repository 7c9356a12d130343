/**
 * One case's results as `diagnose` reads them (made from the run's one per-case fold in
 * `analysis/diagnose-stored-run.ts`).
 */
export interface CaseOutcome {
  readonly caseId: string;
  /** Share of graded repeats where every grader passed; undefined when no repeat was graded. */
  readonly pass?: number;
  /** The counts behind `pass`; present exactly when `pass` is. */
  readonly passCount?: PassCount;
  /** Per grader: share of its usable scores that passed. */
  readonly graders: ReadonlyMap<string, number>;
  /** Per grader: the counts behind its share. */
  readonly graderCounts: ReadonlyMap<string, PassCount>;
  readonly errors: number;
}

/** One case's passes out of its graded repeats. */
export interface PassCount {
  readonly passes: number;
  readonly graded: number;
}

/**
 * The pass rate over cases with its interval, unweighted: the run summary's one choice (Wilson;
 * with repeats, at the case-clustered effective sample size), handed in by `analysis/`.
 */
export type PassRateInterval = (cases: readonly PassCount[]) => Interval;

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
  /**
   * Share of all production traffic expected to fail in this segment: traffic share × (1 −
   * pass rate). NaN when the segment has no case.
   */
  readonly expectedFailureShare: number;
}

export interface GraderPassRate {
  readonly grader: string;
  /** Share of the grader's graded repeats that passed, per case, over the eval's cases. */
  readonly evalPassRate: Interval & { readonly n: number };
  readonly productionPassRate: Interval & { readonly nEff: number };
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
  /**
   * `joint`: the strata are the crossed values of the fields (`--strata`, or a single field);
   * `one-way`: each field on its own, the production mix matched by raking over the fields.
   */
  readonly strataMode: 'joint' | 'one-way';
  /** What `evalPassRate` measures: a trial passes when every grader passes it. */
  readonly metric: string;
  /**
   * Unweighted pass rate over the eval's graded cases, with the interval the run's summary uses
   * (Wilson 95%; with repeats, at the case-clustered effective sample size).
   */
  readonly evalPassRate: Interval & { readonly n: number };
  /**
   * Pass rate reweighted to the production mix of strata: Wilson 95% at the effective sample
   * size of the design-based (linearised, post-stratified or raked) variance.
   */
  readonly productionPassRate: Interval & { readonly nEff: number };
  /** The same two pass rates for each grader on its own. */
  readonly graders: readonly GraderPassRate[];
  /** Share of production traffic in strata that have eval cases. */
  readonly coveredTrafficShare: number;
  readonly composition: readonly DiagnoseSegment[];
  /**
   * The weakest segments with at least `minCases` cases, at most 5: lowest upper bound of the
   * 95% Wilson interval first (a segment that is surely bad, not one that is small), ties by
   * expected failures in production.
   */
  readonly lowest: readonly DiagnoseSegment[];
  readonly minCases: number;
  /** Segments with cases but fewer than `minCases`: in `composition`, not ranked in `lowest`. */
  readonly suppressedSmallSegments: number;
  readonly clusters: {
    /** Share of production lines with a near-duplicate among the eval cases (NaN when no line has an input text). */
    readonly trafficNearEvalCases: number;
    /** Eval cases that resemble no production line (NaN when no line has an input text). */
    readonly casesWithoutTraffic: number;
    readonly threshold: number;
    /** Log lines with an input text to compare. */
    readonly linesWithInput: number;
  };
  readonly feedback: readonly GraderAgreement[];
  /** How cases were joined to logged feedback; `reason` says why `feedback` is empty. */
  readonly feedbackJoin: {
    readonly casesWithSource: number;
    /** Cases whose `source` matched a log line's trace id or `file:line`. */
    readonly casesJoined: number;
    /** Cases with feedback from a joined line or from their own metadata. */
    readonly casesWithFeedback: number;
    readonly linesWithFeedback: number;
    readonly reason?: string;
  };
  readonly warnings: readonly string[];
}
