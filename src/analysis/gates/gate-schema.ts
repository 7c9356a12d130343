import type { GateKind } from './types.js';

/** How a condition's value is written (and checked by `parseGates`). */
export type GateValueKind = 'share' | 'amount' | 'no-regression' | 'non-inferiority';

/** One condition a gate rule can carry: the declaration `parseGates` validates with and docs/reference.md shows. */
export interface GateConditionSpec {
  readonly key: GateKind;
  readonly value: GateValueKind;
  /** The value as written, for the reference (`0.9`, `{ alpha: 0.05 }`). */
  readonly example: string;
  readonly default?: string;
  readonly needsGrader: boolean;
  /** `metric` forms the condition takes: none (the grader's pass rate), `pass@k`, `asr`. */
  readonly metrics: readonly ('pass@k' | 'asr')[];
  /** Whether a `metric` is required. */
  readonly needsMetric: boolean;
  readonly description: string;
}

/**
 * Every gate condition, declared once: `parseGates` takes its keys, which need a grader or a
 * metric, and how to check each value from here, and `npm run docs:reference` writes this table
 * into docs/reference.md. A new condition added here is validated and documented.
 */
export const GATE_CONDITIONS: readonly GateConditionSpec[] = [
  {
    key: 'minPassRate',
    value: 'share',
    example: '0.9',
    needsGrader: true,
    metrics: [],
    needsMetric: false,
    description: "The grader's pass rate (point estimate) must reach the bar",
  },
  {
    key: 'minPassRateLower',
    value: 'share',
    example: '0.85',
    needsGrader: true,
    metrics: [],
    needsMetric: false,
    description:
      'The exact one-sided lower bound of the pass rate at 1 − α/2 (Clopper–Pearson; on the effective n with repeats or weights) must reach the bar',
  },
  {
    key: 'noRegression',
    value: 'no-regression',
    example: '{ alpha: 0.05 } or true',
    default: '{ alpha: 0.05 }',
    needsGrader: true,
    metrics: ['pass@k'],
    needsMetric: false,
    description:
      'Fails when the candidate is significantly worse than the baseline (one-sided at α: mid-p McNemar for one repeat of pass/fail, else sign-flip)',
  },
  {
    key: 'nonInferiority',
    value: 'non-inferiority',
    example: '{ margin: 0.02, alpha: 0.05 }',
    default: 'alpha 0.05; margin required',
    needsGrader: true,
    metrics: [],
    needsMetric: false,
    description: 'Passes when the candidate is shown not worse than the baseline by more than margin (one-sided at α)',
  },
  {
    key: 'maxErrorRate',
    value: 'share',
    example: '0.05',
    needsGrader: false,
    metrics: [],
    needsMetric: false,
    description:
      "Errored trials over trials at most the limit: the run's (no grader) or one grader's; accepts those errors in pass-rate rules",
  },
  {
    key: 'maxLatencyP95Ms',
    value: 'amount',
    example: '2000',
    needsGrader: false,
    metrics: [],
    needsMetric: false,
    description: 'The 95th percentile of target latency, in ms, at most the limit',
  },
  {
    key: 'maxCostUsd',
    value: 'amount',
    example: '5',
    needsGrader: false,
    metrics: [],
    needsMetric: false,
    description: 'Known target and judge cost in USD at most the limit (fails when any cost is unknown)',
  },
  {
    key: 'minValue',
    value: 'share',
    example: '0.6',
    needsGrader: true,
    metrics: ['pass@k'],
    needsMetric: true,
    description: 'The metric (pass@k) must reach the bar',
  },
  {
    key: 'minValueLower',
    value: 'share',
    example: '0.5',
    needsGrader: true,
    metrics: ['pass@k'],
    needsMetric: true,
    description: "The lower bound of the metric's 95% interval (pass@k) must reach the bar",
  },
  {
    key: 'maxValue',
    value: 'share',
    example: '0.05',
    needsGrader: true,
    metrics: ['asr'],
    needsMetric: true,
    description: 'The metric (attack success rate) must stay at or under the limit',
  },
  {
    key: 'maxUpper',
    value: 'share',
    example: '0.1',
    needsGrader: true,
    metrics: ['asr'],
    needsMetric: true,
    description: "The upper bound of the metric's 95% interval (attack success rate) must stay at or under the limit",
  },
];

/** The keys of a rule besides its one condition. */
export const GATE_RULE_KEYS: readonly { readonly key: string; readonly type: string; readonly description: string }[] =
  [
    {
      key: 'grader',
      type: 'string',
      description: 'The grader the rule applies to (required by pass-rate, comparison and metric conditions)',
    },
    {
      key: 'segment',
      type: '{ field, value } | { slice }',
      description:
        'Restrict the rule to the cases with a metadata field value ({ field: language, value: de }) or a slice ({ slice: edge })',
    },
    {
      key: 'metric',
      type: "'pass@k' | 'asr'",
      description:
        'A named metric of the grader instead of its pass rate: pass@k (e.g. pass@1; minValue, minValueLower, noRegression) or asr (maxValue, maxUpper)',
    },
  ];
