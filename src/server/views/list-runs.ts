import type { RunStatus } from '../../core/types.js';
import { readRunSummary } from '../../analysis/summarize-run.js';
import type { RunSummary } from '../../analysis/summary-types.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { RunListItem, RunListResponse, RunSortField } from '../api-types.js';
import { baselinesByRun, toRunInfo } from './run-info.js';

export interface ListRunsViewQuery {
  readonly eval?: string;
  readonly status?: RunStatus;
  /** Case-insensitive, over run id, eval, model, dataset, git commit and baseline names. */
  readonly search?: string;
  /** A field, with a leading `-` for descending. Default `-startedAt` (newest first). */
  readonly sort?: { readonly field: RunSortField; readonly descending: boolean };
  readonly limit: number;
  readonly offset: number;
}

function toItem(
  run: StoredRun,
  baselines: ReadonlyMap<string, readonly string[]>,
  summary: RunSummary | null,
): RunListItem {
  return {
    ...toRunInfo(run, baselines),
    graders: summary?.graders?.map((g) => ({ name: g.name, passRate: g.passRate, mean: g.mean, n: g.n })) ?? null,
    costUsd: summary?.cost?.usd ?? null,
    latencyP50: summary?.latencyMs?.p50 ?? null,
  };
}

function sortKey(item: RunListItem, field: RunSortField): string | number {
  switch (field) {
    case 'eval':
      return item.eval;
    case 'status':
      return item.status;
    case 'errors':
      return item.errors;
    case 'cost':
      return item.costUsd ?? -1;
    case 'passRate':
      return item.graders?.[0]?.passRate.value ?? -1;
    default:
      return item.startedAt;
  }
}

/**
 * The runs table: filtered, searched, sorted, then paged. Run counts are small next to trial
 * counts, so search and sort happen here over the store's filtered list.
 */
export async function listRunsView(store: Store, query: ListRunsViewQuery): Promise<RunListResponse> {
  const [runs, allRuns, baselineRows] = await Promise.all([
    store.runs.list({ eval: query.eval, status: query.status }),
    query.eval || query.status ? store.runs.list() : Promise.resolve(undefined),
    store.baselines.list(),
  ]);
  const baselines = baselinesByRun(baselineRows);
  // Summaries made by an older version of the metrics are recomputed once (and stored back).
  const summaries = await Promise.all(
    runs.map((run) => (run.status === 'running' ? (run.summary as RunSummary | null) : readRunSummary(store, run))),
  );
  let items = runs.map((run, i) => toItem(run, baselines, summaries[i]));
  const needle = query.search?.toLowerCase();
  if (needle) {
    items = items.filter((r) =>
      [
        r.runId,
        r.eval,
        r.datasetName,
        r.datasetVersion,
        r.gitCommit ?? '',
        String(r.target.model ?? ''),
        String(r.target.promptHash ?? ''),
        ...r.baselines,
      ].some((s) => s.toLowerCase().includes(needle)),
    );
  }
  const sort = query.sort ?? { field: 'startedAt', descending: true };
  items.sort((a, b) => {
    const ka = sortKey(a, sort.field);
    const kb = sortKey(b, sort.field);
    const order = ka < kb ? -1 : ka > kb ? 1 : a.startedAt < b.startedAt ? 1 : -1;
    return sort.descending ? -order : order;
  });
  const evals = [...new Set((allRuns ?? runs).map((r) => r.eval))].sort();
  return {
    runs: items.slice(query.offset, query.offset + query.limit),
    total: items.length,
    limit: query.limit,
    offset: query.offset,
    evals,
  };
}
