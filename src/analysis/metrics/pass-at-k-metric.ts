import type { StoredRun } from '../../store/types.js';
import { estimatePassAtK, passAtKMetric } from '../pass-at-k.js';
import { configuredPassAtK, problemCounts } from '../pass-at-k-run.js';
import { passAtK } from '../../stats/pass-at-k.js';
import { metricDefinition, registerMetric, type MetricDefinition, type MetricValue } from './registry.js';

/** The registry id of pass@k: `passAt10`. */
export const passAtKMetricId = (k: number): string => `passAt${k}`;

/**
 * pass@k declared in the metric registry, one metric per k: the per-case value is the
 * unbiased per-problem estimate; the estimate is their mean with a seeded percentile bootstrap
 * over problems; compared with a sign-flip test on the per-problem differences. It applies to
 * the graders whose run config asks for this k (`passAtK: [1, 10]` on the grader).
 */
export function passAtKDefinition(k: number): MetricDefinition {
  return {
    id: passAtKMetricId(k),
    label: passAtKMetric(k),
    unit: 'rate',
    scope: 'grader',
    pairedTest: 'sign-flip-permutation',
    interval: 'mean of per-problem unbiased pass@k (Chen et al. 2021); percentile bootstrap over problems, seeded',
    caseValue: (fold, i, grader) => {
      const [p] = problemCounts(fold, grader!, [i]);
      return p === undefined || p.n < k ? undefined : passAtK(p.n, p.c, k);
    },
    estimate: ({ fold, cases, grader, alpha }) => {
      const e = estimatePassAtK(problemCounts(fold, grader!, cases), k, { alpha });
      const interval = e.lower !== null && e.upper !== null ? { lower: e.lower, upper: e.upper } : {};
      return { value: e.value, ...interval, n: e.problems };
    },
    appliesTo: (_fold, grader, context) => configuredPassAtK(context?.config, grader).includes(k),
  };
}

/** Registers pass@k for every k a run's graders ask for (once per k), before its metrics are computed. */
export function registerPassAtKMetrics(config: StoredRun['config'] | undefined): void {
  const graders = Array.isArray(config?.graders) ? (config.graders as { name?: unknown }[]) : [];
  for (const g of graders) {
    if (typeof g?.name !== 'string') continue;
    for (const k of configuredPassAtK(config, g.name)) {
      if (metricDefinition(passAtKMetricId(k)) === undefined) registerMetric(passAtKDefinition(k));
    }
  }
}

/** A grader's pass@k figures out of its registry metrics, in ascending k: what every view shows. */
export function passAtKEntries(
  metrics: { readonly [id: string]: MetricValue } | undefined,
): (MetricValue & { readonly metric: string; readonly k: number })[] {
  return Object.entries(metrics ?? {})
    .flatMap(([id, v]) => {
      const k = /^passAt([1-9]\d*)$/.exec(id)?.[1];
      return k === undefined ? [] : [{ ...v, metric: passAtKMetric(Number(k)), k: Number(k) }];
    })
    .sort((a, b) => a.k - b.k);
}
