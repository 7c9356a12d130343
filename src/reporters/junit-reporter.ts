import { passAtKText } from './format.js';
import type { GateReport } from '../analysis/gates/types.js';
import { escapeCdata, escapeXml } from './escape.js';
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
  for (const grader of table.graders) {
    const cases: string[] = [];
    let sFail = 0;
    let sErr = 0;
    let sSkip = 0;
    let sTime = 0;
    for (const row of table.cases.values()) {
      const scores = row.graders.get(grader);
      const seconds = row.latenciesMs.reduce((s, x) => s + x, 0) / 1000;
      sTime += seconds;
      const attrs = `name="${escapeXml(row.caseId)}" classname="${escapeXml(`${run.eval}.${grader}`)}" time="${seconds.toFixed(3)}"`;
      const failed = scores ? scores.passes.filter((p) => !p).length : 0;
      const graded = scores?.passes.length ?? 0;
      let body = '';
      if (scores && failed > 0) {
        sFail += 1;
        const head = graded > 1 ? `failed ${failed} of ${graded} repeats` : 'failed';
        const reason = scores.failReason ?? 'no reason given';
        body = `<failure message="${escapeXml(`${head}: ${truncate(reason, 500)}`)}" type="${escapeXml(grader)}"><![CDATA[${escapeCdata(reason)}]]></failure>`;
      } else if (!scores || (graded === 0 && scores.errors > 0)) {
        sErr += 1;
        const message = scores?.errorMessage ?? row.targetError ?? 'no score';
        body = `<error message="${escapeXml(truncate(message, 500))}" type="error"><![CDATA[${escapeCdata(message)}]]></error>`;
      } else if (graded === 0 && scores.pending > 0) {
        sSkip += 1;
        body = '<skipped message="waiting for human review"/>';
      }
      cases.push(body ? `    <testcase ${attrs}>\n      ${body}\n    </testcase>` : `    <testcase ${attrs}/>`);
    }
    total += cases.length;
    failures += sFail;
    errors += sErr;
    const passAtK = (report.passAtK?.find((g) => g.grader === grader)?.estimates ?? [])
      .map((e) => `      <property name="${e.metric}" value="${escapeXml(passAtKText(e))}"/>\n`).join('');
    suites.push(
      `  <testsuite name="${escapeXml(`${run.eval} / ${grader}`)}" tests="${cases.length}" failures="${sFail}" errors="${sErr}" skipped="${sSkip}" time="${sTime.toFixed(3)}" timestamp="${escapeXml(timestamp)}">\n`
      + `    <properties>\n      <property name="runId" value="${escapeXml(run.runId)}"/>\n      <property name="datasetVersion" value="${escapeXml(run.datasetVersion)}"/>\n${passAtK}    </properties>\n`
      + `${cases.join('\n')}\n  </testsuite>`,
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
