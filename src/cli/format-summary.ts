import { pc } from '../core/colors.js';
import { safeTerminalText as safe } from '../core/terminal-text.js';
import type { Estimate, RunSummary } from '../analysis/summary-types.js';
import { textTable } from './text-table.js';

export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/** `82.0% [76.1, 86.8]`: a rate with its 95% interval, in percentage points. */
export function formatEstimate(e: Estimate): string {
  if (Number.isNaN(e.value)) return '—';
  const bounds = Number.isNaN(e.lower) || Number.isNaN(e.upper) ? 'no interval' : `${(e.lower * 100).toFixed(1)}, ${(e.upper * 100).toFixed(1)}`;
  return `${formatPercent(e.value)} [${bounds}]`;
}

function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

export interface FormatSummaryOptions {
  /** Segment rows to show at most (worst pass rates first); the JSON output has them all. */
  readonly maxSegments?: number;
}

/** The human-readable run summary printed after `assay run` and by `assay show`. */
export function formatRunSummary(s: RunSummary, options: FormatSummaryOptions = {}): string {
  const out: string[] = [];
  const status = s.status === 'completed' ? pc.green(s.status) : pc.yellow(s.status);
  out.push(pc.bold(safe(s.eval)) + `  run ${safe(s.runId)}  ${status}`);
  out.push(
    `dataset ${s.datasetVersion} · ${s.counts.cases} cases · ${s.counts.trials}/${s.counts.plannedTrials} trials` +
      (s.repeats > 1 ? ` (${s.repeats} repeats)` : '') +
      ` · ${s.counts.errors ? pc.red(`${s.counts.errors} error${s.counts.errors === 1 ? '' : 's'}`) : '0 errors'}`,
  );
  const target = safe([s.target.kind, s.target.model, s.target.name].filter(Boolean).join(' '));
  if (target) out.push(`target ${target}${s.target.promptHash ? ` (prompt ${safe(String(s.target.promptHash).slice(0, 8))})` : ''}`);
  out.push('');
  const unit = s.repeats > 1 ? 'cases' : 'n';
  out.push(
    textTable(
      ['grader', 'pass rate [95% CI]', 'mean score [95% CI]', unit, 'errors', 'MDE'],
      s.graders.map((g) => [
        safe(g.name),
        formatEstimate(g.passRate),
        formatEstimate(g.mean),
        g.weighted ? `${g.n} (nEff ${g.nEff.toFixed(1)})` : String(g.n),
        g.errors ? pc.red(String(g.errors)) : '0',
        g.mde === undefined || Number.isNaN(g.mde) ? '—' : `±${(g.mde * 100).toFixed(1)} pts`,
      ]),
      new Set([3, 4, 5]),
    ),
  );
  const max = options.maxSegments ?? 24;
  if (s.segments.length > 0) {
    const worst = [...s.segments].sort((a, b) => (a.passRate.value || 0) - (b.passRate.value || 0)).slice(0, max);
    out.push('');
    out.push(pc.bold('Segments') + (s.segments.length > max ? pc.dim(` (lowest ${max} of ${s.segments.length} by pass rate; --json has all)`) : ''));
    out.push(
      textTable(
        ['segment', 'grader', 'pass rate [95% CI]', 'n', 'errors'],
        worst.map((g) => [safe(`${g.field}=${g.value}`), safe(g.grader), formatEstimate(g.passRate), g.n < 30 ? pc.yellow(`${g.n}*`) : String(g.n), String(g.errors)]),
        new Set([3, 4]),
      ),
    );
    if (worst.some((g) => g.n < 30)) out.push(pc.dim('* fewer than 30 cases: the interval is wide, read it before the point estimate.'));
  }
  out.push('');
  const judge = s.cost.judgeUsd ? ` incl. judges $${s.cost.judgeUsd.toFixed(4)}` : '';
  const cost =
    s.cost.usd === null ? 'unknown' : `$${s.cost.usd.toFixed(4)}${judge}` + (s.cost.unknownTrials ? ` (+${s.cost.unknownTrials} trials of unknown price)` : '');
  const judgeTokens = s.tokens.judge ? ` (+${s.tokens.judge} judge)` : '';
  out.push(`latency p50 ${formatMs(s.latencyMs.p50)} · p95 ${formatMs(s.latencyMs.p95)} · tokens ${s.tokens.total}${judgeTokens} · cost ${cost}`);
  out.push(pc.dim('MDE: the smallest change in pass rate a paired re-run on these cases would detect (80% power, α = 0.05).'));
  for (const w of s.warnings) out.push(pc.yellow(`! ${safe(w, 500)}`));
  return out.join('\n');
}
