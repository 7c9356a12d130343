import { AssayError } from '../../core/errors.js';
import type { StoredRun } from '../../store/types.js';
import type { ScoreColumns } from './case-fold.js';
import { attackSuccessRate } from './attack-success.js';
import { estimateGraderOn, type GraderEstimate } from './measure.js';
import { measureRunOn, type RunMeasure } from './run-measure.js';

/** What a metric is measured in; reporters format by unit. */
export type MetricUnit = 'rate' | 'score' | 'ms' | 'usd' | 'tokens';

/** A metric's figure over a set of cases: a value, its interval when it has one, and its unit count. */
export interface MetricValue {
  readonly value: number | null;
  readonly lower?: number;
  readonly upper?: number;
  /** Cases (the unit) behind the value. */
  readonly n?: number;
}

/** Where a metric is computed: the run's cases, and the grader for grader metrics. */
export interface MetricContext {
  readonly fold: ScoreColumns;
  readonly cases: readonly number[];
  readonly grader?: string;
  readonly alpha: number;
  /** The run's config snapshot, for metrics a grader opts into (pass@k). */
  readonly config?: StoredRun['config'];
}

/**
 * One metric, declared once: what it measures per case, how it is estimated with which
 * interval, and which paired test compares two runs on it. Every view reads it from here.
 */
export interface MetricDefinition {
  /** The key in summaries and JSON, e.g. `passRate`. */
  readonly id: string;
  readonly label: string;
  readonly unit: MetricUnit;
  /** `grader` metrics are computed per grader (and per segment); `run` metrics once per run or segment. */
  readonly scope: 'grader' | 'run';
  /** The per-case value (the unit of every interval); undefined leaves the case out. */
  readonly caseValue?: (fold: ScoreColumns, caseIndex: number, grader?: string) => number | undefined;
  readonly estimate: (context: MetricContext) => MetricValue;
  /** One line for docs and reports: the estimator and interval. */
  readonly interval: string;
  readonly pairedTest: 'mcnemar-exact-midp' | 'sign-flip-permutation' | 'none';
  /** For grader metrics: whether it applies to this grader (default: every grader). */
  readonly appliesTo?: (fold: ScoreColumns, grader: string, context?: MetricContext) => boolean;
}

const registry = new Map<string, MetricDefinition>();

/** Checks and freezes a metric declaration (see {@link registerMetric}). */
export function defineMetric(definition: MetricDefinition): MetricDefinition {
  if (!/^[a-z][A-Za-z0-9]*$/.test(definition.id)) {
    throw new AssayError('BAD_METRIC', `Metric id '${definition.id}' must be camelCase letters and digits.`, {
      hint: 'E.g. passAtK.',
    });
  }
  return Object.freeze({ ...definition });
}

/**
 * Adds a metric to the registry: from then on every summary, segment, JSON report and the
 * dashboard carry it under `metrics[id]`. One declaration per metric.
 *
 * @example
 * registerMetric(defineMetric({
 *   id: 'passAt3', label: 'pass@3', unit: 'rate', scope: 'grader', pairedTest: 'sign-flip-permutation',
 *   interval: 't on per-case pass@3, clamped to [0, 1]',
 *   estimate: ({ fold, cases, grader }) => ({ value: meanPassAt3(fold, cases, grader!) }),
 * }));
 */
export function registerMetric(definition: MetricDefinition): void {
  if (registry.has(definition.id)) {
    throw new AssayError('DUPLICATE_METRIC', `A metric '${definition.id}' is registered already.`, {
      hint: 'Give the metric its own id.',
    });
  }
  registry.set(definition.id, defineMetric(definition));
}

/** The registered metrics, built-ins first, in registration order. */
export function metricDefinitions(scope?: MetricDefinition['scope']): MetricDefinition[] {
  return [...registry.values()].filter((m) => scope === undefined || m.scope === scope);
}

export function metricDefinition(id: string): MetricDefinition | undefined {
  return registry.get(id);
}

/** Every registered metric of a scope over the given cases, keyed by id. */
export function computeMetrics(
  context: MetricContext,
  scope: MetricDefinition['scope'],
): { [id: string]: MetricValue } {
  const out: { [id: string]: MetricValue } = {};
  for (const m of metricDefinitions(scope)) {
    if (scope === 'grader' && m.appliesTo && !m.appliesTo(context.fold, context.grader!, context)) continue;
    out[m.id] = m.estimate(context);
  }
  return out;
}

const caseShare = (
  fold: ScoreColumns,
  i: number,
  grader?: string,
  what: 'pass' | 'mean' = 'pass',
): number | undefined => {
  const g = fold.graders.find((x) => x.name === grader);
  const n = g ? g.start[i + 1] - g.start[i] : 0;
  if (!g || n === 0) return undefined;
  return (what === 'pass' ? g.passCount[i] : g.sum[i]) / n;
};

// Several metrics read one grader's measure, or the run measure, over the same cases: both
// are made once per (fold, cases) by measure.ts.
const graderMeasure = ({ fold, cases, grader, alpha }: MetricContext): GraderEstimate =>
  estimateGraderOn(fold, grader!, cases, alpha);
const runMeasure = ({ fold, cases }: MetricContext): RunMeasure => measureRunOn(fold, cases);

registerMetric({
  id: 'passRate',
  label: 'pass rate',
  unit: 'rate',
  scope: 'grader',
  pairedTest: 'mcnemar-exact-midp',
  interval: 'Wilson on counts (one repeat); Wilson on the clustered nEff (repeats); Kish nEff (weights)',
  caseValue: (fold, i, grader) => caseShare(fold, i, grader, 'pass'),
  estimate: (c) => {
    const m = graderMeasure(c);
    return { value: m.passRate.value, lower: m.passRate.lower, upper: m.passRate.upper, n: m.n };
  },
});
registerMetric({
  id: 'meanScore',
  label: 'mean score',
  unit: 'score',
  scope: 'grader',
  pairedTest: 'sign-flip-permutation',
  interval: 't on case means, clamped to [0, 1] (Kish nEff when weighted)',
  caseValue: (fold, i, grader) => caseShare(fold, i, grader, 'mean'),
  estimate: (c) => {
    const m = graderMeasure(c);
    return { value: m.mean.value, lower: m.mean.lower, upper: m.mean.upper, n: m.n };
  },
});
registerMetric({
  id: 'errorRate',
  label: 'error rate',
  unit: 'rate',
  scope: 'grader',
  pairedTest: 'none',
  interval: 'share of trials without a usable score (target or grader error); no interval',
  estimate: (c) => {
    const m = graderMeasure(c);
    return { value: Number.isFinite(m.errorRate) ? m.errorRate : null, n: m.trials };
  },
});
registerMetric({
  id: 'latencyP50',
  label: 'latency p50',
  unit: 'ms',
  scope: 'run',
  pairedTest: 'none',
  interval: 'type-7 quantile over trials that reached the target; no interval',
  estimate: (c) => ({ value: runMeasure(c).latencyMs.p50 }),
});
registerMetric({
  id: 'latencyP95',
  label: 'latency p95',
  unit: 'ms',
  scope: 'run',
  pairedTest: 'none',
  interval: 'type-7 quantile over trials that reached the target; no interval',
  estimate: (c) => ({ value: runMeasure(c).latencyMs.p95 }),
});
registerMetric({
  id: 'costUsd',
  label: 'cost',
  unit: 'usd',
  scope: 'run',
  pairedTest: 'none',
  interval: 'sum of known target and judge costs; null when none is known; a lower bound when some are unknown',
  estimate: (c) => ({ value: runMeasure(c).cost.usd }),
});
registerMetric({
  id: 'tokens',
  label: 'tokens',
  unit: 'tokens',
  scope: 'run',
  pairedTest: 'none',
  interval: 'sum of target input and output tokens',
  estimate: (c) => ({ value: runMeasure(c).tokens.total }),
});
registerMetric(attackSuccessRate);
