import type { GateReport } from '../analysis/gates/types.js';
import { escapeCdata, escapeXml } from './escape.js';
import { passAtKEntries } from '../analysis/metrics/pass-at-k-metric.js';
import { errorsText, estimate, mdeText, passAtKText } from './format.js';
import { writeText } from './write-text.js';
import type { Reporter, ReporterOptions, RunReport } from './types.js';

/**
 * JUnit XML: one `<testsuite>` per grader with one `<testcase>` per case, failing with the
 * grader's reason, plus a `gates` suite when gates were evaluated. CI systems show these as
 * test results.
 */
export function renderJunit(report: RunReport): string {
  const { run, table } = report;
  const suites: string[] = [];
  let total = 0;
  let failures = 0;
  let errors = 0;
  const timestamp = run.startedAt.replace(/Z$/, '').replace(/\.\d+$/, '');
  const { summary } = report;
  for (const g of table.graders) {
    const grader = g.name;
    const figures = summary.graders.find((x) => x.name === grader);
    const cases: string[] = [];
    let sFail = 0;
    let sErr = 0;
    let sSkip = 0;
    let sTime = 0;
    for (let i = 0; i < table.caseIds.length; i++) {
      const seconds = table.timeMs[i] / 1000;
      sTime += seconds;
      const attrs = `name="${escapeXml(table.caseIds[i])}" classname="${escapeXml(`${run.eval}.${grader}`)}" time="${seconds.toFixed(3)}"`;
      const graded = g.start[i + 1] - g.start[i];
      const failed = graded - g.passCount[i];
      let body = '';
      if (failed > 0) {
        sFail += 1;
        const head = graded > 1 ? `failed ${failed} of ${graded} repeats` : 'failed';
        const reason = g.failReasons[i] ?? 'no reason given';
        body = `<failure message="${escapeXml(`${head}: ${truncate(reason, 500)}`)}" type="${escapeXml(grader)}"><![CDATA[${escapeCdata(reason)}]]></failure>`;
      } else if (g.errors[i] > 0) {
        // An errored repeat is an error even when other repeats passed: it was never graded.
        sErr += 1;
        const message = g.errorMessages[i] ?? 'no score';
        const head = graded > 0 ? `${g.errors[i]} of ${table.trialsPerCase[i]} repeats errored: ` : '';
        body = `<error message="${escapeXml(truncate(head + message, 500))}" type="error"><![CDATA[${escapeCdata(message)}]]></error>`;
      } else if (graded === 0 && g.pending[i] > 0) {
        sSkip += 1;
        body = '<skipped message="waiting for human review"/>';
      }
      cases.push(body ? `    <testcase ${attrs}>\n      ${body}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    const props = [
      ['runId', run.runId],
      ['datasetVersion', run.datasetVersion],
      ...(figures
        ? [
            ['passRate', estimate(figures.passRate)],
            ['meanScore', estimate(figures.mean)],
            ['mde', mdeText(figures.mde, figures.mdeMethod)],
            ['errors', errorsText(figures)],
          ]
        : []),
      ...passAtKEntries(report.summary.graders.find((g) => g.name === grader)?.metrics).map((e) => [
        e.metric,
        passAtKText(e),
      ]),
    ].map(([k, v]) => `      <property name="${k}" value="${escapeXml(v)}"/>`);
    total += cases.length;
    failures += sFail;
    errors += sErr;
    suites.push(
      `  <testsuite name="${escapeXml(`${run.eval} / ${grader}`)}" tests="${cases.length}" failures="${sFail}" errors="${sErr}" skipped="${sSkip}" time="${sTime.toFixed(3)}" timestamp="${escapeXml(timestamp)}">\n` +
        `    <properties>\n${props.join('\n')}\n    </properties>\n` +
        `${cases.join('\n')}\n  </testsuite>`,
    );
  }
  if (report.gateReport) {
    const g = gateSuite(report.gateReport, timestamp);
    suites.push(g.xml);
    total += g.tests;
    failures += g.failures;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(`assay ${run.eval}`)}" tests="${total}" failures="${failures}" errors="${errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function gateSuite(gates: GateReport, timestamp: string): { xml: string; tests: number; failures: number } {
  const cases = gates.results.map((r) => {
    const attrs = `name="${escapeXml(r.label)}" classname="assay.gates" time="0"`;
    if (r.skipped) return `    <testcase ${attrs}>\n      <skipped message="${escapeXml(r.detail)}"/>\n    </testcase>`;
    if (r.passed) return `    <testcase ${attrs}/>`;
    return `    <testcase ${attrs}>\n      <failure message="${escapeXml(r.detail)}" type="${escapeXml(r.rule)}"><![CDATA[${escapeCdata(`${r.detail}\n(${r.where})`)}]]></failure>\n    </testcase>`;
  });
  const failures = gates.results.filter((r) => !r.passed).length;
  const skipped = gates.results.filter((r) => r.skipped).length;
  return {
    xml: `  <testsuite name="gates" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="0" timestamp="${escapeXml(timestamp)}">\n${cases.join('\n')}\n  </testsuite>`,
    tests: cases.length,
    failures,
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function junitReporter(options: ReporterOptions = {}): Reporter {
  return {
    name: 'junit',
    onRunEnd: (report) => writeText(renderJunit(report), options),
  };
}
