import { displayStatus } from '../../core/run-liveness.js';
import type { StoredBaseline, StoredRun } from '../../store/types.js';
import type { RunInfo } from '../api-types.js';
import { matrixCellOf } from '../../analysis/matrix/matrix-cell.js';

/** Baseline names per run id. */
export function baselinesByRun(baselines: readonly StoredBaseline[]): Map<string, string[]> {
  const byRun = new Map<string, string[]>();
  for (const b of baselines) byRun.set(b.runId, [...(byRun.get(b.runId) ?? []), b.name]);
  return byRun;
}

/** A stored run without its (possibly large) summary. */
export function toRunInfo(run: StoredRun, baselines: ReadonlyMap<string, readonly string[]>): RunInfo {
  return {
    runId: run.runId,
    eval: run.eval,
    status: run.status,
    datasetName: run.datasetName,
    datasetVersion: run.datasetVersion,
    target: run.target,
    gitCommit: run.gitCommit,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    trials: run.trials,
    errors: run.errors,
    cached: run.cached,
    plannedTrials: run.plannedTrials,
    heartbeatAt: run.heartbeatAt,
    baselines: baselines.get(run.runId) ?? [],
    stale: displayStatus(run) === 'stale',
    matrixId: run.matrixId,
    ...(run.matrixId !== null && { matrixLabel: matrixCellOf(run)?.label ?? run.runId }),
  };
}
