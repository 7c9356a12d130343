import type { RunSummary } from './analysis/summary-types.js';
import type { RunStatus } from './core/types.js';
import type { RunEvent } from './runner/run-events.js';
import { executeRun, type RunEvalOptions } from './runner/run-eval.js';
import { TrialColumnsBuilder } from './store/trial-columns-builder.js';

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
  const written = writtenColumns(options);
  const onEvent = (event: RunEvent) => {
    if (analysis === undefined && event.kind !== 'run-start') loadAnalysis().catch(() => undefined);
    if (event.kind === 'trial') written?.add(event.trial);
    options.onEvent?.(event);
  };
  let summary: RunSummary | undefined;
  const executed = await executeRun({
    ...options,
    onEvent,
    onRunFinished: async (runId, status) => {
      summary = await (await loadAnalysis()).refreshRunSummary(store, runId, { written });
      await options.onRunFinished?.(runId, status);
    },
  });
  return { ...executed, summary: summary ?? (await (await loadAnalysis()).summarizeRun(store, executed.runId)) };
}

/**
 * Runs up to this many trials keep their columns for the summary. Held through the run, the
 * columns cost more than their size (~250 bytes a trial, and the arrays' growth): a
 * 100,000-trial run peaked ~35 MB higher, to save ~0.4 s of reading back.
 */
const WRITTEN_COLUMNS_MAX_TRIALS = 20_000;

/**
 * The columns of the trials this process writes, for the run's summary: folded from them, a new
 * run's summary does not read its trials back from the store (~90 ms at 10,000 trials). Only
 * for a new run executed here (a resumed run also has trials written before; queue workers
 * write theirs elsewhere), and not for a run so large that holding them would cost more memory
 * than reading them back costs time. The summary checks their count against the store's.
 */
function writtenColumns(options: RunEvalOptions): TrialColumnsBuilder | undefined {
  const { eval: ev } = options;
  const local = options.executor === undefined || options.executor.kind === 'local';
  const planned = ev.cases.length * ev.repeats;
  if (options.resume !== undefined || !local || planned > WRITTEN_COLUMNS_MAX_TRIALS) return undefined;
  return new TrialColumnsBuilder();
}
