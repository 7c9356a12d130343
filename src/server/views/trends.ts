import { meanInterval, rateInterval } from '../../analysis/metrics/rate-interval.js';
import { readRunSummary } from '../../analysis/summarize-run.js';
import type { RunSummary } from '../../analysis/summary-types.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { TrendMetric, TrendPoint, TrendsResponse, TrendWeek } from '../api-types.js';
import { isoWeek } from './iso-week.js';

export interface TrendsQuery {
  readonly eval?: string;
  readonly grader?: string;
  readonly metric?: TrendMetric;
  /** Most recent runs to include; default 200. */
  readonly limit?: number;
}

async function summaryOf(store: Store, run: StoredRun): Promise<RunSummary | null> {
  if (run.status === 'running') return null;
  return readRunSummary(store, run);
}

function weekly(points: readonly TrendPoint[], metric: TrendMetric): TrendWeek[] {
  const groups = new Map<string, { start: string; points: TrendPoint[] }>();
  for (const p of points) {
    const { week, start } = isoWeek(p.startedAt);
    const group = groups.get(week) ?? { start, points: [] };
    group.points.push(p);
    groups.set(week, group);
  }
  const weeks: TrendWeek[] = [];
  for (const [week, { start, points: ps }] of groups) {
    const n = ps.reduce((sum, p) => sum + p.n, 0);
    if (n === 0) continue;
    let estimate: { value: number; lower: number; upper: number };
    if (ps.length === 1) estimate = ps[0];
    else if (metric === 'passRate') {
      // The week's runs pooled by the registry's rate estimator, each run a cluster of its cases:
      // runs that re-use the same cases do not pass for independent evidence.
      estimate = rateInterval(ps.map((p) => ({ passes: Math.round(p.value * p.n), graded: p.n, weight: 1 })));
    } else {
      estimate = meanInterval(
        ps.map((p) => p.value),
        ps.map(() => 1),
      );
    }
    weeks.push({
      week,
      start,
      runs: ps.length,
      value: estimate.value,
      lower: estimate.lower,
      upper: estimate.upper,
      n,
    });
  }
  return weeks.sort((a, b) => (a.start < b.start ? -1 : 1));
}

/**
 * One eval's metric over time, run by run and ISO week by ISO week, with the baselines that
 * point into it. Reads cached run summaries, so it touches no trials for finished runs.
 */
export async function trendsView(store: Store, query: TrendsQuery): Promise<TrendsResponse> {
  const all = await store.runs.list({ limit: 1000 });
  const evals = [...new Set(all.map((r) => r.eval))].sort();
  const evalName = query.eval ?? all[0]?.eval ?? '';
  const metric = query.metric ?? 'passRate';
  const runs = (await store.runs.list({ eval: evalName, limit: query.limit ?? 200 })).reverse();
  const summaries = await Promise.all(runs.map((r) => summaryOf(store, r)));
  const graders = [...new Set(summaries.flatMap((s) => s?.graders.map((g) => g.name) ?? []))];
  const grader = query.grader ?? summaries.findLast((s) => s)?.graders[0]?.name ?? graders[0] ?? '';
  const points: TrendPoint[] = [];
  runs.forEach((run, i) => {
    const g = summaries[i]?.graders.find((x) => x.name === grader);
    if (!g || g.n === 0) return;
    const e = metric === 'passRate' ? g.passRate : g.mean;
    if (!Number.isFinite(e.value)) return;
    points.push({
      runId: run.runId,
      startedAt: run.startedAt,
      status: run.status,
      model: typeof run.target.model === 'string' ? run.target.model : null,
      value: e.value,
      lower: e.lower,
      upper: e.upper,
      n: g.n,
    });
  });
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const baselines = (await store.baselines.list())
    .filter((b) => byId.has(b.runId))
    .map((b) => ({ name: b.name, runId: b.runId, startedAt: byId.get(b.runId)?.startedAt ?? null }));
  return { eval: evalName, grader, metric, evals, graders, points, weeks: weekly(points, metric), baselines };
}
