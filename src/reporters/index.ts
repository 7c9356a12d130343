export {
  writeReports,
  buildRunReport,
  finishReports,
  openReporters,
  type WriteReportsOptions,
} from './write-reports.js';
export { ReporterSession } from './reporter-session.js';
export { createReporter, reporters } from './registry.js';
export { renderJunit, junitReporter } from './junit-reporter.js';
export { renderMarkdown, markdownReporter } from './markdown-reporter.js';
export { renderHtml, htmlReporter } from './html-reporter.js';
export { renderJson, jsonReporter } from './json-reporter.js';
export { terminalReporter } from './terminal-reporter.js';
export { formatComparison, formatRunReport } from './terminal-format.js';
export { escapeXml, escapeMarkdownCell, escapeHtml, neutraliseWorkflowCommands } from './escape.js';
export type { Reporter, ReporterFactory, ReporterOptions, RunEndReason, RunReport, TextSink } from './types.js';
