import { pc } from '../../core/colors.js';
import type { GateReport } from './types.js';

/** Strips control characters and defuses `::` workflow commands in text shown on a terminal. */
function safe(text: string): string {
  return text
    .replace(/\u001B\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ')
    .replace(/^(\s*):(?=:)/, '$1:\u200B');
}

/** The gate results as terminal lines: a ✓ or ✗ per rule and what was measured. */
export function formatGateReport(report: GateReport): string {
  const lines = [
    pc.bold(
      `Gates: ${report.passed ? pc.green('passed') : pc.red('failed')}${report.baselineRunId ? ` (baseline ${report.baselineRunId})` : ''}`,
    ),
  ];
  for (const r of report.results) {
    const mark = r.skipped ? pc.yellow('–') : r.passed ? pc.green('✓') : pc.red('✗');
    lines.push(`  ${mark} ${safe(r.label)} — ${safe(r.detail)}`);
  }
  return lines.join('\n');
}
