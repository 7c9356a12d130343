import { readRunSummary } from '../../analysis/summarize-run.js';
import { SUMMARY_VERSION, type RunSummary } from '../../analysis/summary-types.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { RunDetailResponse } from '../api-types.js';
import { notFound } from '../http-errors.js';
import { baselinesByRun, toRunInfo } from './run-info.js';

export async function getRunOrThrow(store: Store, runId: string): Promise<StoredRun> {
  const run = await store.runs.get(runId);
  if (!run)
    throw notFound(`Run "${runId}"`, 'List the runs with `GET /api/runs` (or `assay runs`) and use one of their ids.');
  return run;
}

/** The run and its summary: the cached one when the run has it, else summarised now. */
export async function runDetailView(store: Store, runId: string): Promise<RunDetailResponse> {
  const run = await getRunOrThrow(store, runId);
  const baselines = baselinesByRun(await store.baselines.list());
  const cached = (run.summary as RunSummary | null)?.summaryVersion === SUMMARY_VERSION && run.status !== 'running';
  const summary = await readRunSummary(store, run);
  return { run: toRunInfo(run, baselines), summary, summarySource: cached ? 'cached' : 'computed' };
}
