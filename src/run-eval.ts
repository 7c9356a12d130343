import type { RunSummary } from './analysis/summary-types.js';
import type { RunStatus } from './core/types.js';
import type { RunEvent } from './runner/run-events.js';
import { executeRun, type RunEvalOptions } from './runner/run-eval.js';

export type { RunEvalOptions } from './runner/run-eval.js';

export interface RunEvalResult {
  readonly runId: string;
  readonly status: RunStatus;
  readonly summary: RunSummary;
}

type Analysis = typeof import('./analysis/summarize-run.js');

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
  // Analysis (the fold, the statistics) is loaded once the first trial is back, while the
  // others wait for the target, instead of before the first request.
  let analysis: Promise<Analysis> | undefined;
  const loadAnalysis = () => (analysis ??= import('./analysis/summarize-run.js'));
  const onEvent = (event: RunEvent) => {
    if (analysis === undefined && event.kind !== 'run-start') loadAnalysis().catch(() => undefined);
    options.onEvent?.(event);
  };
  let summary: RunSummary | undefined;
  const executed = await executeRun({
    ...options,
    onEvent,
    onRunFinished: async (runId, status) => {
      summary = await (await loadAnalysis()).refreshRunSummary(store, runId);
      await options.onRunFinished?.(runId, status);
    },
  });
  return { ...executed, summary: summary ?? (await (await loadAnalysis()).summarizeRun(store, executed.runId)) };
}
