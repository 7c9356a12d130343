import { escapeHtml as h } from './escape.js';
import { deltaText, estimate, num, passAtKText, pct, pValue } from './format.js';
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
  parts.push(`<p class="muted">dataset ${h(run.datasetName)}@${h(run.datasetVersion)} · ${report.metrics.cases} cases · ${report.metrics.trials} trials · ${report.metrics.targetErrors} errors · latency p95 ${h(num(report.metrics.latencyP95Ms))} ms · cost ${report.metrics.costUsd === null ? 'unknown' : `$${report.metrics.costUsd.toFixed(4)}`}</p>`);
  if (gateReport) {
    parts.push(`<h2>Gates: <span class="${gateReport.passed ? 'pass' : 'fail'}">${gateReport.passed ? 'passed' : 'failed'}</span></h2><table><tr><th></th><th>rule</th><th>detail</th></tr>`);
    for (const r of gateReport.results) parts.push(`<tr><td class="${r.passed ? 'pass' : 'fail'}">${r.passed ? '✓' : '✗'}</td><td>${h(r.label)}</td><td>${h(r.detail)}</td></tr>`);
    parts.push('</table>');
  }
  parts.push('<h2>Graders</h2><table><tr><th>grader</th><th>pass rate (95% CI)</th><th>mean</th><th>n</th><th>errors</th></tr>');
  for (const g of report.graders) parts.push(`<tr><td>${h(g.grader)}</td><td>${h(estimate(g.passRate))}</td><td>${h(pct(g.mean.value))}</td><td>${g.n}</td><td>${g.errors}</td></tr>`);
  parts.push('</table>');
  if (report.passAtK && report.passAtK.length > 0) {
    parts.push('<h2>pass@k <span class="muted">(bootstrap over problems)</span></h2><table><tr><th>grader</th><th>metric</th><th>estimate (95% CI)</th><th>problems</th></tr>');
    for (const g of report.passAtK) {
      for (const e of g.estimates) parts.push(`<tr><td>${h(g.grader)}</td><td>${h(e.metric)}</td><td>${h(passAtKText(e))}</td><td>${e.problems}</td></tr>`);
    }
    parts.push('</table>');
  }
  if (comparison) {
    parts.push(`<h2>Compared with ${h(comparison.baseline.runId)}</h2><p class="muted">${comparison.sharedCases} shared cases · ${comparison.onlyInBaseline} only in baseline · ${comparison.onlyInCandidate} only in candidate</p>`);
    parts.push('<table><tr><th>grader</th><th>baseline</th><th>candidate</th><th>Δ (95% CI)</th><th>test</th><th>p</th><th>verdict</th><th>MDE</th></tr>');
    for (const g of comparison.graders) {
      parts.push(`<tr><td>${h(g.name)}</td><td>${h(estimate(g.baseline))}</td><td>${h(estimate(g.candidate))}</td><td>${h(deltaText(g.delta))}</td><td>${h(g.test)}</td><td>${h(pValue(g.pValue))}</td><td class="${verdictClass(g.verdict)}">${h(g.verdict)}</td><td>${h(pct(g.mde))}</td></tr>`);
    }
    parts.push('</table>');
    parts.push(`<h2>Segments <span class="muted">(${comparison.segmentFamilySize} tests, ${h(comparison.correction)})</span></h2><table><tr><th>segment</th><th>grader</th><th>n</th><th>Δ (95% CI)</th><th>p</th><th>p adj.</th><th>verdict</th></tr>`);
    for (const s of comparison.segments) {
      parts.push(`<tr><td>${h(`${s.field}=${s.value}`)}</td><td>${h(s.grader)}</td><td>${s.n}</td><td>${h(deltaText(s.delta))}</td><td>${h(pValue(s.pValue))}</td><td>${h(pValue(s.pAdjusted))}</td><td class="${verdictClass(s.verdict)}">${h(s.verdict)}</td></tr>`);
    }
    parts.push('</table>');
    for (const w of comparison.warnings) parts.push(`<div class="warn">${h(w.message)}</div>`);
  }
  parts.push('<h2>Cases</h2><table><tr><th>case</th><th>slice</th><th>grader</th><th>result</th><th>reason</th></tr>');
  let rows = 0;
  let total = 0;
  for (const row of report.table.cases.values()) {
    for (const [grader, s] of row.graders) {
      total += 1;
      if (rows >= MAX_CASE_ROWS) continue;
      rows += 1;
      const passes = s.passes.filter(Boolean).length;
      const result = s.passes.length === 0 ? (s.errors > 0 ? 'error' : 'pending') : `${passes}/${s.passes.length} pass`;
      const cls = s.passes.length > 0 && passes === s.passes.length ? 'pass' : 'fail';
      parts.push(`<tr><td>${h(row.caseId)}</td><td>${h(row.slice)}</td><td>${h(grader)}</td><td class="${cls}">${h(result)}</td><td class="reason">${h(s.failReason ?? s.errorMessage ?? '')}</td></tr>`);
    }
  }
  parts.push('</table>');
  if (total > rows) parts.push(`<p class="muted">Showing the first ${rows} of ${total} case rows.</p>`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`
    + `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`
    + `<title>${h(`Assay · ${run.eval} · ${run.runId}`)}</title><style>${CSS}</style></head><body>\n${parts.join('\n')}\n</body></html>\n`;
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
