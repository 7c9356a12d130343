import { appendFile } from 'node:fs/promises';
import { AssayError } from '../core/errors.js';
import { escapeMarkdownCell as cell, markdownCode as code, neutraliseWorkflowCommands } from './escape.js';
import { familyRows, worstRows, type CellTable } from './redteam-rows.js';
import { passAtKEntries } from '../analysis/metrics/pass-at-k-metric.js';
import {
  costText,
  deltaText,
  errorsText,
  estimate,
  mdeText,
  msText,
  passAtKDelta,
  passAtKText,
  pValue,
  pct,
} from './format.js';
import { writeText } from './write-text.js';
import type { Reporter, ReporterOptions, RunReport } from './types.js';

const MAX_ROWS = 20;

/** A compact Markdown summary, fit for a GitHub step summary or a pull-request comment. */
export function renderMarkdown(report: RunReport): string {
  const { run, comparison, gateReport } = report;
  const lines: string[] = [];
  const verdict = gateReport ? (gateReport.passed ? ' — gates passed ✅' : ' — gates failed ❌') : '';
  lines.push(`## Assay: ${cell(run.eval)}${verdict}`, '');
  const m = report.metrics;
  lines.push(
    `Run ${code(run.runId)} · dataset ${cell(run.datasetName)}@${cell(run.datasetVersion)} · ${m.cases} cases · ${m.trials} trials · ${m.targetErrors} target errors · ${m.graderErrors} grader errors`,
    '',
  );
  lines.push(
    '| grader | pass rate (95% CI) | mean score (95% CI) | n | errors | MDE |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const g of report.graders) {
    lines.push(
      `| ${cell(g.grader)} | ${estimate(g.passRate)} | ${estimate(g.mean)} | ${g.n} | ${errorsText(g)} | ${mdeText(g.mde, g.mdeMethod)} |`,
    );
  }
  const passAtK = report.summary.graders.flatMap((g) => passAtKEntries(g.metrics).map((e) => ({ grader: g.name, e })));
  if (passAtK.length > 0) {
    lines.push(
      '',
      '| grader | metric | estimate (95% CI, bootstrap over problems) | problems |',
      '| --- | --- | --- | --- |',
    );
    for (const { grader, e } of passAtK)
      lines.push(`| ${cell(grader)} | ${e.metric} | ${passAtKText(e)} | ${e.n ?? 0} |`);
  }
  lines.push(
    '',
    `Latency p95: ${msText(m.latencyP95Ms)} · cost: ${costText(m.costUsd, m.unknownCostTrials, m.unknownJudgeCalls)}`,
    '',
  );
  for (const w of report.summary.warnings) lines.push(`> ⚠️ ${cell(w, 400)}`, '');
  const redteam = report.summary.redteam;
  if (redteam) {
    lines.push(
      `### Red team: attack success rate (${redteam.attacks} attacks)`,
      '',
      ...markdownTable(familyRows(redteam)),
      '',
    );
    if (redteam.worst.length > 0) lines.push('Worst successful attacks:', '', ...markdownTable(worstRows(redteam)), '');
  }
  if (comparison) {
    lines.push(`### Compared with ${code(comparison.baseline.runId)}`, '');
    lines.push(
      `${comparison.sharedCases} shared cases · ${comparison.onlyInBaseline} only in baseline · ${comparison.onlyInCandidate} only in candidate`,
      '',
    );
    lines.push('| grader | baseline | candidate | Δ (95% CI) | p | verdict |', '| --- | --- | --- | --- | --- | --- |');
    for (const g of comparison.graders) {
      const mde =
        g.verdict === 'no-detectable-change' || g.verdict === 'inconclusive'
          ? ` (MDE ${mdeText(g.mde, g.mdeMethod)})`
          : '';
      lines.push(
        `| ${cell(g.name)} | ${pct(g.baseline.value)} | ${pct(g.candidate.value)} | ${deltaText(g.delta)} | ${pValue(g.pValue)} | ${g.verdict}${mde} |`,
      );
      for (const k of g.passAtK ?? []) {
        lines.push(
          `| ${cell(g.name)} ${k.metric} | ${pct(k.baseline ?? Number.NaN)} | ${pct(k.candidate ?? Number.NaN)} | ${passAtKDelta(k)} | ${pValue(k.p ?? Number.NaN)} | ${k.reason ?? 'paired by problem'} |`,
        );
      }
    }
    const notable = comparison.segments.filter((s) => s.verdict === 'improved' || s.verdict === 'regressed');
    if (notable.length > 0) {
      lines.push(
        '',
        `Segments with a significant change (${comparison.correction.toUpperCase()}-adjusted over ${comparison.segmentFamilySize} tests):`,
        '',
      );
      lines.push('| segment | grader | n | Δ (95% CI) | p adj. | verdict |', '| --- | --- | --- | --- | --- | --- |');
      for (const s of notable.slice(0, MAX_ROWS)) {
        lines.push(
          `| ${cell(`${s.field}=${s.value}`)} | ${cell(s.grader)} | ${s.n} | ${deltaText(s.delta)} | ${pValue(s.pAdjusted)} | ${s.verdict} |`,
        );
      }
    }
    if (comparison.flips.regressed.length > 0) {
      const shown = comparison.flips.regressed
        .slice(0, MAX_ROWS)
        .map((id) => code(id, 80))
        .join(', ');
      lines.push(
        '',
        `Regressed cases (${comparison.flips.regressed.length}): ${shown}${comparison.flips.regressed.length > MAX_ROWS ? ', …' : ''}`,
      );
    }
    for (const w of comparison.warnings) lines.push('', `> ⚠️ ${cell(w.message, 400)}`);
    lines.push('');
  }
  if (gateReport) {
    lines.push('### Gates', '', '| | rule | detail |', '| --- | --- | --- |');
    for (const r of gateReport.results)
      lines.push(`| ${r.skipped ? '⏭️' : r.passed ? '✅' : '❌'} | ${cell(r.label)} | ${cell(r.detail, 300)} |`);
    lines.push('');
  }
  return neutraliseWorkflowCommands(`${lines.join('\n')}\n`);
}

function markdownTable(t: CellTable): string[] {
  return [
    `| ${t.header.map((c) => cell(c)).join(' | ')} |`,
    `| ${t.header.map(() => '---').join(' | ')} |`,
    ...t.rows
      .slice(0, MAX_ROWS)
      .map((row) => `| ${row.map((c, i) => (t.formatted.has(i) ? c : cell(c, 200))).join(' | ')} |`),
  ];
}

/** Writes the Markdown to `out` (or stdout), and appends it to `$GITHUB_STEP_SUMMARY` when set. */
export function markdownReporter(options: ReporterOptions = {}): Reporter {
  return {
    name: 'markdown',
    async onRunEnd(report) {
      const text = renderMarkdown(report);
      const summary = (options.env ?? process.env).GITHUB_STEP_SUMMARY;
      if (summary) {
        try {
          await appendFile(summary, text, 'utf8');
        } catch (error) {
          throw new AssayError(
            'STEP_SUMMARY_WRITE_FAILED',
            `Could not append to $GITHUB_STEP_SUMMARY (${summary}): ${(error as Error).message}`,
            {
              hint: 'Unset GITHUB_STEP_SUMMARY outside CI, or make the file writable.',
              cause: error,
            },
          );
        }
        if (!options.out) return;
      }
      await writeText(text, options);
    },
  };
}
