import type { CompareOptions } from '../../analysis/compare/types.js';
import { resolveRunPair } from '../../analysis/run-ref.js';
import type { Store } from '../../store/store.js';
import type { CompareResponse, TrendFlag, TrendFlagsResponse } from '../api-types.js';
import type { ComparisonCache } from '../comparison-cache.js';
import { baselinesByRun, toRunInfo } from './run-info.js';

/** Baseline vs candidate, each given as a run id, a baseline name or `latest`. */
export async function compareView(
  store: Store,
  comparisons: ComparisonCache,
  baselineRef: string,
  candidateRef: string,
  options: CompareOptions,
): Promise<CompareResponse> {
  const { baseline, candidate } = await resolveRunPair(store, baselineRef, candidateRef);
  const [comparison, baselineRows] = await Promise.all([
    comparisons.compare(baseline, candidate, options),
    store.baselines.list(),
  ]);
  const names = baselinesByRun(baselineRows);
  return { baseline: toRunInfo(baseline, names), candidate: toRunInfo(candidate, names), comparison };
}

/**
 * The trend chart's flags: each of the newest `pairs` consecutive completed runs of an eval
 * compared with the compare logic, keeping the verdict on one grader. Separate from the
 * trend itself because comparing reads trials and costs more than reading summaries.
 */
export async function trendFlagsView(
  store: Store,
  comparisons: ComparisonCache,
  evalName: string,
  grader: string,
  pairs: number,
): Promise<TrendFlagsResponse> {
  const runs = (await store.runs.list({ eval: evalName, status: 'completed', limit: pairs + 1 })).reverse();
  const flags: TrendFlag[] = [];
  for (let i = 1; i < runs.length; i++) {
    const comparison = await comparisons.compare(runs[i - 1], runs[i], {});
    const g = comparison.graders.find((x) => x.name === grader);
    if (!g) continue;
    flags.push({
      baselineRunId: runs[i - 1].runId,
      candidateRunId: runs[i].runId,
      verdict: g.verdict,
      delta: g.delta,
      pValue: g.pValue,
    });
  }
  return { eval: evalName, grader, pairs: flags };
}
