import { pc } from '../core/colors.js';
import { safeTerminalText as safe } from '../core/terminal-text.js';
import type { Estimate, RunSummary } from '../analysis/summary-types.js';
import { familyRows, worstRows } from '../reporters/redteam-rows.js';
import { passAtKEntries } from '../analysis/metrics/pass-at-k-metric.js';
import { costText, errorsText, estimate, mdeText, msText, passAtKText } from '../reporters/format.js';
import { textTable } from './text-table.js';

export function formatPercent(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)}%`;
}

/** `82.0% [76.1, 86.8]`: a rate with its 95% interval, in percentage points (the reports' formatter). */
export function formatEstimate(e: Estimate): string {
  return estimate(e);
}

export interface FormatSummaryOptions {
  /** Segment rows to show at most (worst pass rates first); the JSON output has them all. */
  readonly maxSegments?: number;
  /** The status to show instead of the summary's: `stale` for a running run whose process is gone. */
  readonly status?: string;
}

/** The human-readable run summary printed after `assay run` and by `assay show`. */
export function formatRunSummary(s: RunSummary, options: FormatSummaryOptions = {}): string {
  const out: string[] = [];
  const shown = options.status ?? s.status;
  const status = shown === 'completed' ? pc.green(shown) : shown === 'stale' ? pc.red(shown) : pc.yellow(shown);
  const graderErrors = s.counts.graderErrors ?? 0;
  out.push(pc.bold(safe(s.eval)) + `  run ${safe(s.runId)}  ${status}`);
  out.push(
    `dataset ${s.datasetVersion} · ${s.counts.cases} cases · ${s.counts.trials}/${s.counts.plannedTrials} trials` +
      (s.repeats > 1 ? ` (${s.repeats} repeats)` : '') +
      ` · ${s.counts.errors ? pc.red(`${s.counts.errors} target error${s.counts.errors === 1 ? '' : 's'}`) : '0 target errors'}` +
      ` · ${graderErrors ? pc.red(`${graderErrors} grader error${graderErrors === 1 ? '' : 's'}`) : '0 grader errors'}`,
  );
  const target = safe([s.target.kind, s.target.model, s.target.name].filter(Boolean).join(' '));
  const prompt = s.target.promptHash ? ` (prompt ${safe(String(s.target.promptHash).slice(0, 8))})` : '';
  if (target) out.push(`target ${target}${prompt}`);
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
        g.errors ? pc.red(errorsText(g)) : '0',
        mdeText(g.mde, g.mdeMethod),
      ]),
      new Set([3, 4, 5]),
    ),
  );
  const passAtK = s.graders.flatMap((g) =>
    passAtKEntries(g.metrics).map((e) => [g.name, e.metric, passAtKText(e), String(e.n ?? 0)]),
  );
  if (passAtK.length > 0) {
    out.push('');
    out.push(textTable(['grader', 'metric', 'estimate [95% CI]', 'problems'], passAtK, new Set([3])));
    out.push(
      pc.dim(
        'pass@k: unbiased estimator (Chen et al. 2021) averaged over problems; interval by bootstrap over problems.',
      ),
    );
  }
  const max = options.maxSegments ?? 24;
  if (s.segments.length > 0) {
    const worst = [...s.segments].sort((a, b) => (a.passRate.value || 0) - (b.passRate.value || 0)).slice(0, max);
    out.push('');
    out.push(
      pc.bold('Segments') +
        (s.segments.length > max
          ? pc.dim(` (lowest ${max} of ${s.segments.length} by pass rate; --json has all)`)
          : ''),
    );
    out.push(
      textTable(
        ['segment', 'grader', 'pass rate [95% CI]', 'n', 'errors'],
        worst.map((g) => [
          safe(`${g.field}=${g.value}`),
          safe(g.grader),
          formatEstimate(g.passRate),
          g.n < 30 ? pc.yellow(`${g.n}*`) : String(g.n),
          String(g.errors),
        ]),
        new Set([3, 4]),
      ),
    );
    if (worst.some((g) => g.n < 30))
      out.push(pc.dim('* fewer than 30 cases: the interval is wide, read it before the point estimate.'));
  }
  if (s.redteam) out.push('', ...formatRedteam(s.redteam));
  out.push('');
  const judge = s.cost.judgeUsd ? ` incl. judges $${s.cost.judgeUsd.toFixed(4)}` : '';
  const cost =
    costText(s.cost.usd, s.cost.unknownTrials, s.cost.unknownJudgeCalls ?? 0) + (s.cost.usd === null ? '' : judge);
  const judgeTokens = s.tokens.judge ? ` (+${s.tokens.judge} judge)` : '';
  out.push(
    `latency p50 ${msText(s.latencyMs.p50)} · p95 ${msText(s.latencyMs.p95)} · tokens ${s.tokens.total}${judgeTokens} · cost ${cost}`,
  );
  for (const p of s.pairwise ?? []) {
    const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
    const c = p.positionConsistency;
    out.push(
      `pairwise ${p.grader}: position consistency ${pct(c.value)} [${pct(c.lower)}, ${pct(c.upper)}] · ties ${pct(p.tieShare.value)}` +
        ` over ${p.cases} cases${p.reliable ? '' : pc.yellow(' · UNRELIABLE')}`,
    );
  }
  out.push(
    pc.dim('MDE: the smallest change in pass rate a paired re-run on these cases would detect (80% power, α = 0.05).'),
  );
  for (const w of s.warnings) out.push(pc.yellow(`! ${safe(w, 500)}`));
  return out.join('\n');
}

/** The red-team section: attack success per family with intervals, and the worst successful attacks. */
function formatRedteam(r: NonNullable<RunSummary['redteam']>): string[] {
  const out = [
    pc.bold('Red team') + pc.dim(` (${r.attacks} attack cases; ASR = share of attacks a grader failed to stop)`),
  ];
  const families = familyRows(r);
  out.push(
    textTable(
      [...families.header],
      families.rows.map((row) => [...row]),
      new Set([1]),
    ),
  );
  const worst = worstRows(r);
  if (worst.rows.length > 0) {
    out.push('', pc.bold('Worst successful attacks'));
    const withReasons = worst.rows.some((row) => row[3] !== '');
    const header = withReasons ? [...worst.header] : worst.header.slice(0, 3);
    out.push(
      textTable(
        header,
        worst.rows.map(([id, technique, past, reason]) =>
          withReasons ? [id, technique, past, preview(reason)] : [id, technique, past],
        ),
      ),
    );
  }
  return out;
}

function preview(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
