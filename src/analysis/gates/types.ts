/** A segment a gate is restricted to: a metadata field value, or a slice. */
export interface GateSegment {
  /** `slice`, or a metadata field name. */
  readonly field: string;
  readonly value: string;
}

export type GateCondition =
  | { readonly kind: 'minPassRate'; readonly threshold: number }
  | { readonly kind: 'minPassRateLower'; readonly threshold: number }
  /** For a `metric` rule (e.g. `pass@1`): the estimate, or its interval's lower bound, must reach the bar. */
  | { readonly kind: 'minValue'; readonly threshold: number }
  | { readonly kind: 'minValueLower'; readonly threshold: number }
  | { readonly kind: 'maxValue'; readonly threshold: number }
  | { readonly kind: 'maxUpper'; readonly threshold: number }
  | { readonly kind: 'noRegression'; readonly alpha: number }
  | { readonly kind: 'nonInferiority'; readonly margin: number; readonly alpha: number }
  | { readonly kind: 'maxErrorRate'; readonly threshold: number }
  | { readonly kind: 'maxLatencyP95Ms'; readonly threshold: number }
  | { readonly kind: 'maxCostUsd'; readonly threshold: number };

export type GateKind = GateCondition['kind'];

/** One validated rule of an eval's `gates:` list. */
export interface GateRule {
  /** Required for pass-rate and comparison rules; for `maxErrorRate` it narrows to that grader's errors. */
  readonly grader?: string;
  readonly segment?: GateSegment;
  /** A named metric of the grader instead of its pass rate: `pass@k` (with minValue, minValueLower, noRegression) or `asr` (maxValue, maxUpper). */
  readonly metric?: string;
  readonly condition: GateCondition;
  /** Where the rule was written, e.g. `evals/support.eval.yaml: gates[2]`. */
  readonly where: string;
  /** A one-line description, e.g. `accuracy [language=de] minPassRate ≥ 0.9`. */
  readonly label: string;
}

export interface GateResult {
  /** The condition's name, e.g. `minPassRate`. */
  readonly rule: GateKind;
  readonly label: string;
  readonly grader: string | null;
  readonly segment?: GateSegment;
  readonly passed: boolean;
  /** One sentence saying what was measured against what. */
  readonly detail: string;
  /** The measured figure (pass rate, lower bound, p-value, error rate, p95, cost); null when unmeasurable. */
  readonly actual: number | null;
  /** The rule's bar (for comparison rules: alpha, or −margin for non-inferiority). */
  readonly threshold: number;
  readonly where: string;
  /** Set when a comparison rule was not evaluated because no baseline was given (`onMissingBaseline: 'skip'`). */
  readonly skipped?: boolean;
  /**
   * Set (and the rule failed) when there was nothing to compare: fewer than two paired cases,
   * or no usable score because every trial errored.
   */
  readonly notComparable?: boolean;
  /** Comparison rules and `minPassRateLower`: one-sided at their level (see docs/metrics.md). */
  readonly sidedness?: 'one-sided';
  /**
   * `minPassRateLower`: the bound it decided with (also `actual`), its one-sided confidence
   * (1 − α/2), its method (`clopper-pearson`: exact on the counts; `clopper-pearson-neff`: on the
   * effective n of repeats or weights) and that n. The pass-rate interval shown elsewhere is Wilson.
   */
  readonly bound?: {
    readonly lower: number;
    readonly confidence: number;
    readonly method: 'clopper-pearson' | 'clopper-pearson-neff' | 'none';
    readonly n: number;
  };
  /** Comparison rules: the test that decided. */
  readonly test?: 'mcnemar-midp' | 'sign-flip-permutation' | 'tango-score' | 'bounded-score';
}

export interface GateReport {
  readonly passed: boolean;
  readonly runId: string;
  readonly baselineRunId: string | null;
  readonly results: readonly GateResult[];
}
