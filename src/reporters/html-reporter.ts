import { escapeHtml as h } from './escape.js';
import { familyRows, techniqueRows, worstRows, type CellTable } from './redteam-rows.js';
import { passAtKEntries } from '../analysis/metrics/pass-at-k-metric.js';
import { costText, deltaText, errorsText, estimate, mdeText, msText, passAtKText, pValue } from './format.js';
import { writeText } from './write-text.js';
import type { Reporter, ReporterOptions, RunReport } from './types.js';

const MAX_CASE_ROWS = 500;

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1b1f24;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.pass{color:#1a7f37}.fail{color:#cf222e}.warn{background:#fff8c5;padding:.4rem .6rem;border-left:3px solid #d4a72c;margin:.3rem 0}
.muted{color:#57606a}td.reason{max-width:480px;white-space:pre-wrap;word-break:break-word}`;

/** A self-contained static HTML page: inline CSS, no scripts, every string escaped. */
export function renderHtml(report: RunReport): string {
  const { run, comparison, gateReport } = report;
  const parts: string[] = [];
  parts.push(`<h1>${h(run.eval)} <span class="muted">${h(run.runId)}</span></h1>`);
  const m = report.metrics;
  parts.push(
    `<p class="muted">dataset ${h(run.datasetName)}@${h(run.datasetVersion)} · ${m.cases} cases · ${m.trials} trials · ${m.targetErrors} target errors · ${m.graderErrors} grader errors · latency p95 ${h(msText(m.latencyP95Ms))} · cost ${h(costText(m.costUsd, m.unknownCostTrials, m.unknownJudgeCalls))}</p>`,
  );
  for (const w of report.summary.warnings) parts.push(`<div class="warn">${h(w)}</div>`);
  if (gateReport) {
    parts.push(
      `<h2>Gates: <span class="${gateReport.passed ? 'pass' : 'fail'}">${gateReport.passed ? 'passed' : 'failed'}</span></h2><table><tr><th></th><th>rule</th><th>detail</th></tr>`,
    );
    for (const r of gateReport.results)
      parts.push(
        `<tr><td class="${r.passed ? 'pass' : 'fail'}">${r.passed ? '✓' : '✗'}</td><td>${h(r.label)}</td><td>${h(r.detail)}</td></tr>`,
      );
    parts.push('</table>');
  }
  parts.push(
    '<h2>Graders</h2><table><tr><th>grader</th><th>pass rate (95% CI)</th><th>mean score (95% CI)</th><th>n</th><th>errors</th><th>MDE</th></tr>',
  );
  for (const g of report.graders) {
    parts.push(
      `<tr><td>${h(g.grader)}</td><td>${h(estimate(g.passRate))}</td><td>${h(estimate(g.mean))}</td><td>${g.n}</td><td>${h(errorsText(g))}</td><td>${h(mdeText(g.mde, g.mdeMethod))}</td></tr>`,
    );
  }
  parts.push('</table>');
  const redteam = report.summary.redteam;
  if (redteam) {
    parts.push(
      `<h2>Red team <span class="muted">(${redteam.attacks} attack cases; ASR = share of attacks a grader failed to stop)</span></h2>`,
    );
    parts.push(htmlTable(familyRows(redteam)), '<h3>By technique</h3>', htmlTable(techniqueRows(redteam)));
    if (redteam.worst.length > 0) parts.push('<h3>Worst successful attacks</h3>', htmlTable(worstRows(redteam)));
  }
  const passAtK = report.summary.graders.flatMap((g) => passAtKEntries(g.metrics).map((e) => ({ grader: g.name, e })));
  if (passAtK.length > 0) {
    parts.push(
      '<h2>pass@k <span class="muted">(bootstrap over problems)</span></h2><table><tr><th>grader</th><th>metric</th><th>estimate (95% CI)</th><th>problems</th></tr>',
    );
    for (const { grader, e } of passAtK)
      parts.push(
        `<tr><td>${h(grader)}</td><td>${h(e.metric)}</td><td>${h(passAtKText(e))}</td><td>${e.n ?? 0}</td></tr>`,
      );
    parts.push('</table>');
  }
  if (comparison) {
    parts.push(
      `<h2>Compared with ${h(comparison.baseline.runId)}</h2><p class="muted">${comparison.sharedCases} shared cases · ${comparison.onlyInBaseline} only in baseline · ${comparison.onlyInCandidate} only in candidate</p>`,
    );
    parts.push(
      '<table><tr><th>grader</th><th>baseline</th><th>candidate</th><th>Δ (95% CI)</th><th>test</th><th>p</th><th>verdict</th><th>MDE</th></tr>',
    );
    for (const g of comparison.graders) {
      parts.push(
        `<tr><td>${h(g.name)}</td><td>${h(estimate(g.baseline))}</td><td>${h(estimate(g.candidate))}</td><td>${h(deltaText(g.delta))}</td><td>${h(g.test)}</td><td>${h(pValue(g.pValue))}</td><td class="${verdictClass(g.verdict)}">${h(g.verdict)}</td><td>${h(mdeText(g.mde, g.mdeMethod))}</td></tr>`,
      );
    }
    parts.push('</table>');
    parts.push(
      `<h2>Segments <span class="muted">(${comparison.segmentFamilySize} tests, ${h(comparison.correction)})</span></h2><table><tr><th>segment</th><th>grader</th><th>n</th><th>Δ (95% CI)</th><th>p</th><th>p adj.</th><th>verdict</th></tr>`,
    );
    for (const s of comparison.segments) {
      parts.push(
        `<tr><td>${h(`${s.field}=${s.value}`)}</td><td>${h(s.grader)}</td><td>${s.n}</td><td>${h(deltaText(s.delta))}</td><td>${h(pValue(s.pValue))}</td><td>${h(pValue(s.pAdjusted))}</td><td class="${verdictClass(s.verdict)}">${h(s.verdict)}</td></tr>`,
      );
    }
    parts.push('</table>');
    for (const w of comparison.warnings) parts.push(`<div class="warn">${h(w.message)}</div>`);
  }
  parts.push('<h2>Cases</h2><table><tr><th>case</th><th>slice</th><th>grader</th><th>result</th><th>reason</th></tr>');
  let rows = 0;
  let total = 0;
  const t = report.table;
  for (let i = 0; i < t.caseIds.length; i++) {
    for (const g of t.graders) {
      const graded = g.start[i + 1] - g.start[i];
      if (graded + g.errors[i] + g.pending[i] === 0) continue;
      total += 1;
      if (rows >= MAX_CASE_ROWS) continue;
      rows += 1;
      const passes = g.passCount[i];
      const errored = g.errors[i] > 0 ? `${graded > 0 ? ', ' : ''}${g.errors[i]} error` : '';
      const result = graded === 0 ? (g.errors[i] > 0 ? 'error' : 'pending') : `${passes}/${graded} pass${errored}`;
      const cls = graded > 0 && passes === graded && g.errors[i] === 0 ? 'pass' : 'fail';
      const reason = g.failReasons[i] ?? g.errorMessages[i] ?? '';
      parts.push(
        `<tr><td>${h(t.caseIds[i])}</td><td>${h(t.slices[i])}</td><td>${h(g.name)}</td><td class="${cls}">${h(result)}</td><td class="reason">${h(reason)}</td></tr>`,
      );
    }
  }
  parts.push('</table>');
  if (total > rows) parts.push(`<p class="muted">Showing the first ${rows} of ${total} case rows.</p>`);
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${h(`Assay · ${run.eval} · ${run.runId}`)}</title><style>${CSS}</style></head><body>\n${parts.join('\n')}\n</body></html>\n`
  );
}

function htmlTable(t: CellTable): string {
  const head = `<tr>${t.header.map((c) => `<th>${h(c)}</th>`).join('')}</tr>`;
  return `<table>${head}${t.rows.map((row) => `<tr>${row.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('')}</table>`;
}

function verdictClass(v: string): string {
  return v === 'improved' ? 'pass' : v === 'regressed' ? 'fail' : '';
}

export function htmlReporter(options: ReporterOptions = {}): Reporter {
  return {
    name: 'html',
    onRunEnd: (report) => writeText(renderHtml(report), options),
  };
}
