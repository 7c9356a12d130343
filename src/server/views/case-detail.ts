import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { CaseDetailResponse, OtherRunTrial } from '../api-types.js';
import { notFound } from '../http-errors.js';
import { getRunOrThrow } from './run-detail.js';
import { baselinesByRun, toRunInfo } from './run-info.js';

const OTHER_RUNS = 20;

/** One case of a run: its input and expected answer, every repeat, its reviews, and other runs. */
export async function caseDetailView(store: Store, runId: string, caseId: string): Promise<CaseDetailResponse> {
  const run = await getRunOrThrow(store, runId);
  const [testCase, trials, reviews, elsewhere, baselineRows] = await Promise.all([
    store.datasets.getCase(run.datasetVersion, caseId),
    store.trials.list(runId, { caseId }),
    store.reviews.list({ runId, caseId }),
    store.trials.listForCase(caseId, OTHER_RUNS + 10),
    store.baselines.list(),
  ]);
  if (!testCase && trials.length === 0) {
    throw notFound(
      `Case "${caseId}" in run ${runId}`,
      "Pick a case from the run's case table (`GET /api/runs/:id/trials`).",
    );
  }
  const runs = new Map<string, StoredRun | undefined>();
  for (const t of elsewhere)
    if (t.runId !== runId && !runs.has(t.runId)) runs.set(t.runId, await store.runs.get(t.runId));
  const otherRuns: OtherRunTrial[] = [];
  for (const trial of elsewhere) {
    const other = runs.get(trial.runId);
    if (!other || otherRuns.length >= OTHER_RUNS) continue;
    otherRuns.push({
      run: {
        runId: other.runId,
        eval: other.eval,
        status: other.status,
        startedAt: other.startedAt,
        target: other.target,
      },
      trial,
    });
  }
  return { run: toRunInfo(run, baselinesByRun(baselineRows)), case: testCase ?? null, trials, reviews, otherRuns };
}
