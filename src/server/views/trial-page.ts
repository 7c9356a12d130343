import type { Case } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import { listTrials, type TrialOutcomeQuery } from '../../analysis/metrics/trial-outcomes.js';
import type { StoredTrial } from '../../store/types.js';
import type { TrialPageResponse, TrialRow } from '../api-types.js';
import { inputPreview, outputPreview } from './previews.js';
import { getRunOrThrow } from './run-detail.js';

function toRow(trial: StoredTrial, testCase: Case | undefined): TrialRow {
  return {
    caseId: trial.caseId,
    repeat: trial.repeat,
    slice: trial.slice,
    metadata: trial.metadata,
    input: inputPreview(testCase?.input),
    output: outputPreview(trial.output),
    scores: trial.scores.map((s) => ({
      grader: s.grader,
      value: s.value,
      pass: s.pass,
      label: s.label,
      error: s.error,
      pending: s.pending,
    })),
    error: trial.error,
    latencyMs: trial.latencyMs,
    costUsd: trial.output?.costUsd ?? null,
  };
}

/**
 * One page of a run's case table. Outcomes are decided by analysis with reviews applied (the
 * summary's rules); filtering by everything else, counting and paging happen in the store.
 */
export async function trialPageView(
  store: Store,
  runId: string,
  query: TrialOutcomeQuery & { limit: number; offset: number },
): Promise<TrialPageResponse> {
  const run = await getRunOrThrow(store, runId);
  const { trials, total } = await listTrials(store, run, query);
  const cases = await Promise.all(trials.map((t) => store.datasets.getCase(run.datasetVersion, t.caseId)));
  return { trials: trials.map((t, i) => toRow(t, cases[i])), total, limit: query.limit, offset: query.offset };
}
