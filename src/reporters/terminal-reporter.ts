import { formatRunReport } from './terminal-format.js';
import { writeText } from './write-text.js';
import type { Reporter, ReporterOptions } from './types.js';

/** Prints the run's figures (and comparison and gates, when present) for a person. */
export function terminalReporter(options: ReporterOptions = {}): Reporter {
  return {
    name: 'terminal',
    onRunEnd: (report) => writeText(formatRunReport(report), options),
  };
}
