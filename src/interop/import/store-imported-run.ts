import { newRunId } from '../../core/hash.js';
import type { Case, Score, TargetOutput } from '../../core/types.js';
import { datasetVersion } from '../../datasets/version.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';

export interface ImportedTrial {
  readonly caseId: string;
  readonly repeat: number;
  readonly output: TargetOutput | null;
  readonly error: string | null;
  readonly scores: readonly Score[];
  readonly latencyMs?: number;
}

export interface ImportedRun {
  /** The eval name the run is stored under (the task's name in the other tool). */
  readonly eval: string;
  /** Which tool the log came from: `inspect`, `lm-eval`. */
  readonly source: string;
  readonly file: string;
  readonly model: string | null;
  readonly startedAt: string;
  readonly cases: readonly Case[];
  readonly trials: readonly ImportedTrial[];
}

/**
 * Stores another tool's log as a completed Assay run: its cases as a dataset, its outputs and
 * scores as trials, with the target recorded as a replay of that log. From then on the run has
 * everything a run made by `assay run` has: intervals, comparisons, gates and the dashboard.
 */
export async function storeImportedRun(store: Store, imported: ImportedRun): Promise<StoredRun> {
  const version = datasetVersion(imported.cases);
  await store.datasets.create({ name: imported.eval, version, cases: imported.cases });
  const runId = newRunId();
  const repeats = Math.max(1, ...imported.trials.map((t) => t.repeat + 1));
  const graders = [...new Set(imported.trials.flatMap((t) => t.scores.map((s) => s.grader)))];
  await store.runs.create({
    runId,
    eval: imported.eval,
    datasetName: imported.eval,
    datasetVersion: version,
    target: { kind: 'replay', source: imported.source, ...(imported.model ? { model: imported.model } : {}) },
    gitCommit: null,
    startedAt: imported.startedAt,
    config: {
      importedFrom: imported.source,
      file: imported.file,
      repeats,
      graders: graders.map((name) => ({ name, kind: 'imported' })),
    },
    plannedTrials: imported.trials.length,
  });
  await store.trials.write(
    imported.trials.map((t) => ({
      runId,
      caseId: t.caseId,
      repeat: t.repeat,
      output: t.output,
      error: t.error,
      scores: t.scores,
      startedAt: imported.startedAt,
      latencyMs: t.latencyMs ?? 0,
    })),
  );
  return store.runs.update(runId, { status: 'completed', finishedAt: imported.startedAt });
}
