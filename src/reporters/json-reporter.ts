import { writeText } from './write-text.js';
import type { Reporter, ReporterOptions, RunReport } from './types.js';

/** The report as JSON: run, per-grader metrics, comparison and gates (NaN written as null). */
export function renderJson(report: RunReport): string {
  const { table: _table, ...rest } = report;
  return `${JSON.stringify(rest, jsonReplacer, 2)}\n`;
}

/** NaN and ±Infinity are not JSON: they are written as null. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export function jsonReporter(options: ReporterOptions = {}): Reporter {
  return {
    name: 'json',
    onRunEnd: (report) => writeText(renderJson(report), options),
  };
}
