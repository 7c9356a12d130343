import type { CaseTable } from '../analysis/compare/case-table.js';
import type { Comparison } from '../analysis/compare/types.js';
import type { GraderMetrics, RunMetrics } from '../analysis/gates/run-metrics.js';
import type { GateReport } from '../analysis/gates/types.js';
import type { RunSummary } from '../analysis/summary-types.js';
import type { StoredRun, StoredTrial } from '../store/types.js';

/** Everything a reporter may show about a finished run. */
export interface RunReport {
  readonly run: StoredRun;
  /** The run's trials folded by case (per-case scores, reasons, errors). */
  readonly table: CaseTable;
  /** The run summary (the same numbers as `graders` and `metrics`, plus segments and warnings). */
  readonly summary: RunSummary;
  readonly graders: readonly GraderMetrics[];
  readonly metrics: RunMetrics;
  readonly comparison?: Comparison;
  readonly gateReport?: GateReport;
}

export type RunEndReason = 'completed' | 'interrupted' | 'failed';

type Awaitable<T> = T | Promise<T>;

/**
 * A reporter: optional hooks called as a run happens. Reporters that write one file (JUnit,
 * HTML…) do all their work in `onRunEnd`; a live terminal reporter may print in every hook.
 *
 * @example
 * const counter: Reporter = {
 *   name: 'counter',
 *   onTrialResult: () => void (seen += 1),
 *   onRunEnd: (report) => console.log(`${seen} trials in ${report.run.runId}`),
 * };
 */
export interface Reporter {
  readonly name: string;
  onRunStart?(run: StoredRun): Awaitable<void>;
  onTrialResult?(trial: StoredTrial): Awaitable<void>;
  onRunEnd?(report: RunReport, reason: RunEndReason): Awaitable<void>;
}

/** Something text can be written to: a stream, or a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

export interface ReporterOptions {
  /** File to write; standard output when omitted. */
  readonly out?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdout?: TextSink;
}

export type ReporterFactory = (options: ReporterOptions) => Reporter;
