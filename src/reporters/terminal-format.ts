import { pc } from '../core/colors.js';
import type { Comparison, Verdict } from '../analysis/compare/types.js';
import { formatGateReport } from '../analysis/gates/format-gate-report.js';
import { safeTerminalText as safe } from './escape.js';
import {
  costText,
  deltaText,
  errorsText,
  estimate,
  mdeText,
  msText,
  passAtKDelta,
  pEquals,
  pValue,
  pct,
} from './format.js';
import type { RunReport } from './types.js';

const MAX_LIST = 15;

function colourVerdict(v: Verdict): string {
  if (v === 'improved') return pc.green(v);
  if (v === 'regressed') return pc.red(v);
  if (v === 'inconclusive' || v === 'not-comparable') return pc.yellow(v);
  return v;
}

/** A run's headline figures, for people reading a terminal. */
export function formatRunReport(report: RunReport): string {
  const { run, metrics } = report;
  const lines = [pc.bold(`${safe(run.eval)} · ${run.runId} (${run.status})`)];
  const cost = costText(metrics.costUsd, metrics.unknownCostTrials, metrics.unknownJudgeCalls);
  lines.push(
    `${metrics.cases} cases · ${metrics.trials} trials · ${metrics.targetErrors} target errors · ${metrics.graderErrors} grader errors · latency p95 ${msText(metrics.latencyP95Ms)} · cost ${cost}`,
  );
  for (const g of report.graders) {
    const errors = g.errors ? pc.yellow(`  errors=${errorsText(g)}`) : '';
    lines.push(
      `  ${safe(g.grader).padEnd(20)} pass ${estimate(g.passRate)}  mean ${estimate(g.mean)}  n=${g.n}  MDE ${mdeText(g.mde, g.mdeMethod)}${errors}`,
    );
  }
  for (const w of report.summary.warnings) lines.push(pc.yellow(`! ${safe(w, 500)}`));
  const out = [lines.join('\n')];
  if (report.comparison) out.push(formatComparison(report.comparison));
  if (report.gateReport) out.push(formatGateReport(report.gateReport));
  return `${out.join('\n\n')}\n`;
}

/** A comparison as a terminal report: graders, significant segments, flips, flaky cases, warnings. */
export function formatComparison(c: Comparison): string {
  const lines: string[] = [];
  lines.push(pc.bold(`Baseline ${c.baseline.runId}  →  candidate ${c.candidate.runId}`));
  lines.push(
    `${c.sharedCases} shared cases · ${c.onlyInBaseline} only in baseline · ${c.onlyInCandidate} only in candidate · errored trials: ${c.baseline.errors} baseline, ${c.candidate.errors} candidate`,
  );
  lines.push('');
  for (const g of c.graders) {
    lines.push(`${pc.bold(safe(g.name))} (${g.kind}, n=${g.baseline.n})  ${colourVerdict(g.verdict)}`);
    lines.push(`  baseline  ${estimate(g.baseline)}`);
    lines.push(`  candidate ${estimate(g.candidate)}`);
    lines.push(`  Δ ${deltaText(g.delta)} (${g.intervalMethod} interval)`);
    const extra =
      g.test === 'mcnemar-exact-midp'
        ? `McNemar mid-p ${pValue(g.pValue)} (exact ${pValue(g.pExact ?? Number.NaN)}); discordant: ${g.discordant.baselineOnly} baseline-only passes, ${g.discordant.candidateOnly} candidate-only passes`
        : `sign-flip permutation p ${pValue(g.pValue)} (paired t ${pValue(g.pPairedT ?? Number.NaN)})`;
    lines.push(`  ${extra}`);
    if (g.verdict === 'no-detectable-change' || g.verdict === 'inconclusive') {
      const margin = g.margin !== undefined ? `; the gate's margin is ${pct(g.margin)}` : '';
      lines.push(`  minimum detectable effect at n=${g.baseline.n}: ${mdeText(g.mde, g.mdeMethod)}${margin}`);
    }
    for (const k of g.passAtK ?? []) {
      if (k.delta.value === null) {
        lines.push(`  ${k.metric}: ${k.reason ?? 'undefined'}`);
        continue;
      }
      lines.push(
        `  ${k.metric} ${pct(k.baseline ?? Number.NaN)} → ${pct(k.candidate ?? Number.NaN)}  Δ ${passAtKDelta(k)} over ${k.problems} problems, ` +
          `sign-flip p ${pValue(k.p ?? Number.NaN)}`,
      );
    }
    if (g.excluded.errored + g.excluded.pending > 0)
      lines.push(pc.yellow(`  left out: ${g.excluded.errored} errored, ${g.excluded.pending} pending cases`));
  }
  if (c.redteam) lines.push('', ...formatAttackComparison(c.redteam));
  const notable = c.segments.filter((s) => s.verdict === 'improved' || s.verdict === 'regressed');
  lines.push('');
  lines.push(
    `Segments: ${c.segmentFamilySize} tests, ${c.correction === 'none' ? 'no correction' : `${c.correction.toUpperCase()}-adjusted`}; ${notable.length} significant`,
  );
  for (const s of notable) {
    lines.push(
      `  ${safe(`${s.field}=${s.value}`).padEnd(24)} ${safe(s.grader).padEnd(16)} n=${String(s.n).padEnd(4)} Δ ${deltaText(s.delta)}  ${pEquals('p', s.pValue)} ${pEquals('adj', s.pAdjusted)}  ${colourVerdict(s.verdict)}`,
    );
  }
  if (c.flips.regressed.length + c.flips.improved.length > 0) {
    lines.push('');
    lines.push(`Flips: ${c.flips.regressed.length} regressed, ${c.flips.improved.length} improved`);
    for (const f of c.flips.details.slice(0, MAX_LIST)) {
      lines.push(
        `  ${f.direction === 'regressed' ? pc.red('▼') : pc.green('▲')} ${safe(f.caseId)} (${safe(f.grader)}; slice=${safe(f.slice)})`,
      );
    }
    if (c.flips.details.length > MAX_LIST) lines.push(`  … and ${c.flips.details.length - MAX_LIST} more (see --json)`);
  }
  if (c.flaky.length > 0) {
    lines.push('');
    lines.push(
      `Flaky cases (outcomes differ across repeats): ${c.flaky
        .slice(0, MAX_LIST)
        .map((id) => safe(id))
        .join(', ')}${c.flaky.length > MAX_LIST ? ', …' : ''}`,
    );
  }
  for (const v of c.variance)
    lines.push(`  ${safe(v.grader)} (${v.side}, ${v.repeats} repeats): ${safe(v.recommendation, 300)}`);
  if (c.warnings.length > 0) {
    lines.push('');
    for (const w of c.warnings) lines.push(pc.yellow(`⚠ ${safe(w.message, 500)}`));
  }
  return lines.join('\n');
}

/** Attack success rates paired per attack case, overall and per family (ASR: lower is better). */
function formatAttackComparison(redteam: NonNullable<Comparison['redteam']>): string[] {
  const lines = [pc.bold('Red team: attack success rate, paired per attack case')];
  const asr = (m: { value: number | null; lower?: number; upper?: number }) =>
    m.value === null ? 'n/a' : estimate({ value: m.value, lower: m.lower ?? Number.NaN, upper: m.upper ?? Number.NaN });
  const verdict = (v: string) => (v === 'asr-down' ? pc.green(v) : v === 'asr-up' ? pc.red(v) : v);
  for (const r of redteam) {
    lines.push(
      `  ${safe(r.grader)} (${r.attacks} attacks): ${asr(r.baseline)} → ${asr(r.candidate)}  Δ ${deltaText(r.delta)}  ` +
        `${pEquals('p', r.pValue)}  ${verdict(r.verdict)}`,
    );
    for (const f of r.families) {
      lines.push(
        `    ${safe(f.family).padEnd(22)} n=${String(f.n).padEnd(4)} Δ ${deltaText(f.delta)}  ${pEquals('adj', f.pAdjusted)}  ${verdict(f.verdict)}`,
      );
    }
  }
  return lines;
}
