import { refreshRunSummary, summarizeRun } from './analysis/summarize-run.js';
import type { RunSummary } from './analysis/summary-types.js';
import type { RunStatus } from './core/types.js';
import { executeRun, type RunEvalOptions } from './runner/run-eval.js';

export type { RunEvalOptions } from './runner/run-eval.js';

export interface RunEvalResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly summary: RunSummary;
}

/**
 * Runs an eval and summarises it: the runner executes and stores the trials, then hands the
 * finished run (also a failed one) to analysis, whose summary is stored with the run. This is
 * where the two meet, so the runner never imports analysis.
 *
 * @example
 * const { runId, summary } = await runEval({ store, eval: await resolveEval(loaded) });
 */
export async function runEval(options: RunEvalOptions): Promise<RunEvalResult> {
  const { store } = options;
  let summary: RunSummary | undefined;
  const executed = await executeRun({
    ...options,
    onRunFinished: async (runId, status) => {
      summary = await refreshRunSummary(store, runId);
      await options.onRunFinished?.(runId, status);
    },
  });
  return { ...executed, summary: summary ?? (await summarizeRun(store, executed.runId)) };
}
