import type { CompareOptions } from '../analysis/compare/types.js';
import { compareTables } from '../analysis/compare/compare-runs.js';
import { measureGrader, measureRun } from '../analysis/gates/run-metrics.js';
import { readFold } from '../analysis/metrics/read-fold.js';
import { summarizeFold } from '../analysis/summarize-run.js';
import type { GateReport } from '../analysis/gates/types.js';
import { AssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { createReporter } from './registry.js';
import { ReporterSession } from './reporter-session.js';
import type { RunEndReason, RunReport, TextSink } from './types.js';

export interface WriteReportsOptions {
  readonly runId: string;
  /** Adds the comparison with this run to every report. */
  readonly baselineRunId?: string;
  readonly gateReport?: GateReport;
  /** Each reporter by name, with its file (standard output when `out` is omitted). */
  readonly reporters: readonly { readonly name: string; readonly out?: string }[];
  readonly compare?: CompareOptions;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdout?: TextSink;
}

/** Builds everything a report shows about a stored run: figures, comparison, gates. */
export async function buildRunReport(
  store: Store,
  options: Pick<WriteReportsOptions, 'runId' | 'baselineRunId' | 'gateReport' | 'compare'>,
): Promise<RunReport> {
  const run = await store.runs.get(options.runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${options.runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`.',
    });
  const table = await readFold(store, run, { reasons: true });
  let comparison: RunReport['comparison'];
  if (options.baselineRunId !== undefined) {
    const baseRun = await store.runs.get(options.baselineRunId);
    if (!baseRun)
      throw new AssayError(
        'RUN_NOT_FOUND',
        `No baseline run '${options.baselineRunId}' in the store at ${store.location}.`,
        { hint: 'List runs with `assay runs`.' },
      );
    comparison = compareTables(
      { run: baseRun, table: await readFold(store, baseRun) },
      { run, table },
      options.compare,
    );
  }
  const summary = summarizeFold(run, table);
  return {
    run,
    table,
    summary,
    graders: summary.graders.map((g) => measureGrader(table, g.name)),
    metrics: measureRun(table),
    ...(comparison && { comparison }),
    ...(options.gateReport && { gateReport: options.gateReport }),
  };
}

/** The reporters of a `--reporter`/`--out` list, as one session. */
export function openReporters(options: Pick<WriteReportsOptions, 'reporters' | 'env' | 'stdout'>): ReporterSession {
  return new ReporterSession(
    options.reporters.map((r) => createReporter(r.name, { out: r.out, env: options.env, stdout: options.stdout })),
  );
}

/**
 * Ends a reporter session on a stored run: builds the report (figures, comparison, gates) and
 * calls `onRunEnd`. Pass `session` when its reporters already saw the run start and its trials.
 */
export async function finishReports(
  store: Store,
  session: ReporterSession,
  options: Omit<WriteReportsOptions, 'reporters'>,
): Promise<RunReport> {
  const report = await buildRunReport(store, options);
  const reason: RunEndReason =
    report.run.status === 'completed' || report.run.status === 'running' ? 'completed' : report.run.status;
  await session.end(report, reason);
  return report;
}

/**
 * Writes the requested reports of a stored run after the fact: the reporters see the run
 * start, every stored trial in order, then the run end, as they would have live.
 *
 * @example
 * await writeReports(store, { runId, reporters: [{ name: 'junit', out: 'reports/junit.xml' }, { name: 'markdown' }] });
 */
export async function writeReports(store: Store, options: WriteReportsOptions): Promise<RunReport> {
  const session = openReporters(options);
  const run = await store.runs.get(options.runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No run '${options.runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`.',
    });
  session.start(run);
  if (session.wantsTrials) for await (const trial of store.trials.iterate(run.runId)) session.trial(trial);
  return finishReports(store, session, options);
}
