import { pc } from '../core/colors.js';
import type { MatrixGateReport } from '../analysis/gates/matrix-gates.js';
import type { MatrixComparison } from '../analysis/matrix/types.js';
import { safeTerminalText as safe } from './escape.js';
import { deltaText, estimate, pEquals, pValue } from './format.js';

const MAX_SEGMENTS = 20;

const correctionName = { holm: 'Holm', bh: 'Benjamini–Hochberg', by: 'Benjamini–Yekutieli', none: 'no correction' };

/** An N-way comparison for a terminal: omnibus tests, corrected pairs, ranking, segment winners, warnings. */
export function formatMatrixComparison(m: MatrixComparison): string {
  const label = new Map(m.runs.map((r) => [r.runId, safe(r.label)]));
  const base = m.runs.find((r) => r.baseline)!;
  const lines: string[] = [];
  lines.push(
    pc.bold(
      `${m.matrixId ? `Matrix ${m.matrixId}` : 'N-way comparison'}: ${m.runs.length} runs on ${m.sharedCases} shared cases`,
    ),
  );
  for (const r of m.runs)
    lines.push(
      `  ${r.baseline ? '*' : ' '} ${label.get(r.runId)!.padEnd(28)} ${r.runId}${r.baseline ? '  (baseline)' : ''}`,
    );
  lines.push(
    `Pairs: ${m.pairsMode === 'all' ? 'every pair' : `every candidate against ${label.get(base.runId)}`}, ` +
      `${correctionName[m.correction]} over each grader's ${m.pairs.length / Math.max(1, m.omnibus.length)} pair tests at α = ${m.alpha}; ` +
      `segments: ${correctionName[m.segmentCorrection]} over all ${m.segments.reduce((s, x) => s + x.pairs.length, 0)} segment tests.`,
  );
  for (const o of m.omnibus) {
    lines.push('');
    const test = o.test === 'cochran-q' ? "Cochran's Q" : 'Friedman χ²';
    const stat = Number.isFinite(o.statistic) ? o.statistic.toFixed(2) : 'n/a';
    lines.push(
      `${pc.bold(safe(o.grader))} (${o.kind}) omnibus ${test} = ${stat}, df ${o.df}, ${pEquals('p', o.pValue)}, n=${o.n}` +
        `${o.significant ? pc.green('  the runs differ') : '  no detectable difference between the runs'}${o.reason ? ` (${o.reason})` : ''}`,
    );
    const ranking = m.ranking.find((r) => r.grader === o.grader);
    for (const e of ranking?.entries ?? [])
      lines.push(
        `  #${e.rank} ${label.get(e.runId)!.padEnd(28)} ${estimate(e)}  n=${e.n}` +
          (e.beats.length > 0 ? `  beats ${e.beats.map((b) => label.get(b)).join(', ')}` : ''),
      );
    for (const p of m.pairs.filter((x) => x.grader === o.grader)) {
      const verdict =
        p.verdict === 'improved' ? pc.green(p.verdict) : p.verdict === 'regressed' ? pc.red(p.verdict) : p.verdict;
      lines.push(
        `  ${label.get(p.candidate)} vs ${label.get(p.baseline)}: Δ ${deltaText(p.delta)}, ` +
          `p ${pValue(p.pValue)}, adjusted ${pValue(p.pAdjusted)}  ${verdict}`,
      );
    }
  }
  const winners = m.segments.filter((s) => s.winner !== null);
  if (winners.length > 0) {
    lines.push('', pc.bold('Segment winners (after correction)'));
    for (const s of winners.slice(0, MAX_SEGMENTS))
      lines.push(`  ${safe(s.grader)} ${safe(s.field)}=${safe(s.value)} (n=${s.n}): ${label.get(s.winner!)}`);
    if (winners.length > MAX_SEGMENTS) lines.push(`  … ${winners.length - MAX_SEGMENTS} more in --json`);
  } else if (m.segments.length > 0) lines.push('', 'No segment has a significant winner after correction.');
  for (const w of m.warnings) lines.push(pc.yellow(`! ${safe(w.message, 500)}`));
  return lines.join('\n');
}

/** The matrix gates for a terminal: each rule, the candidate it picked, and the outcome. */
export function formatMatrixGateReport(report: MatrixGateReport): string {
  const lines = [pc.bold(`Matrix gates: ${report.passed ? pc.green('passed') : pc.red('failed')}`)];
  for (const r of report.results)
    lines.push(`  ${r.passed ? pc.green('✓') : pc.red('✗')} ${safe(r.label)}: ${safe(r.detail, 800)}`);
  return lines.join('\n');
}
