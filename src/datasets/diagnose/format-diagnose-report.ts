import { plural } from '../logs/log-fields.js';
import { pct, plainTable } from '../report/plain-table.js';
import type { DiagnoseReport, Interval } from './diagnose-report.js';

const est = (i: Interval) => (Number.isFinite(i.value) ? `${pct(i.value)} [${pct(i.lower)}, ${pct(i.upper)}]` : '—');

/** A diagnosis, for a terminal. */
export function formatDiagnoseReport(r: DiagnoseReport): string {
  const lines: string[] = [
    `Diagnosis of ${r.runId} (${r.eval}) against ${r.logs.lines} production lines from ${r.logs.path}`,
    '',
  ];
  lines.push(`Pass rate: ${r.metric}.`);
  lines.push(`Pass rate on the eval set:             ${est(r.evalPassRate)}  (n = ${r.evalPassRate.n})`);
  lines.push(
    `Reweighted to the production mix:      ${est(r.productionPassRate)}  (n_eff = ${r.productionPassRate.nEff.toFixed(1)})`,
  );
  const how = r.strataMode === 'one-way' ? 'each field on its own, raked' : 'crossed';
  lines.push(
    `Traffic in strata with eval cases:     ${pct(r.coveredTrafficShare)}  (strata: ${r.strataFields.join(', ') || 'none'}${r.strataFields.length > 1 ? `; ${how}` : ''})`,
  );
  if (r.clusters.linesWithInput > 0) {
    lines.push(
      `Traffic near an eval case (Jaccard ≥ ${r.clusters.threshold}): ${pct(r.clusters.trafficNearEvalCases)}; eval cases like no traffic: ${r.clusters.casesWithoutTraffic}`,
    );
  } else lines.push('Traffic near an eval case: not measured (no input text in the logs; see the warning).');
  if (r.graders.length > 1) {
    lines.push('', 'Per grader:');
    lines.push(
      plainTable(
        ['grader', 'eval set', 'production mix', 'n'],
        r.graders.map((g) => [g.grader, est(g.evalPassRate), est(g.productionPassRate), String(g.evalPassRate.n)]),
      ),
    );
  }
  lines.push('', 'Composition (production vs eval):');
  lines.push(
    plainTable(
      ['stratum', 'traffic', 'eval', 'cases', 'pass rate'],
      r.composition.map((s) => [
        s.key,
        pct(s.trafficShare),
        pct(s.evalShare),
        String(s.cases),
        s.cases > 0 ? est(s.passRate) : '—',
      ]),
    ),
  );
  lines.push('', `Weakest segments (at least ${r.minCases} cases; lowest upper bound of the pass rate first):`);
  if (r.lowest.length === 0) lines.push('  none with enough cases');
  for (const s of r.lowest) {
    lines.push(
      `  ${s.key}  ${est(s.passRate)}  ${plural(s.cases, 'case', 'cases')}, ${pct(s.trafficShare)} of traffic, ~${pct(s.expectedFailureShare)} of traffic expected to fail`,
    );
  }
  if (r.suppressedSmallSegments > 0) {
    lines.push(
      `  (${plural(r.suppressedSmallSegments, 'segment', 'segments')} with fewer than ${r.minCases} cases not ranked: see the composition table, or lower --min-cases)`,
    );
  }
  lines.push('', 'Agreement with user feedback:');
  if (r.feedback.length > 0) {
    lines.push(
      plainTable(
        ['grader', 'n', 'agreement', 'kappa'],
        r.feedback.map((a) => [
          a.grader,
          String(a.n),
          pct(a.observedAgreement),
          Number.isFinite(a.kappa) ? a.kappa.toFixed(2) : '—',
        ]),
      ),
    );
  } else lines.push(`  none measured. ${r.feedbackJoin.reason ?? ''}`.trimEnd());
  const warnings = r.warnings.filter((w) => w !== r.feedbackJoin.reason);
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `Warning: ${w}`));
  return `${lines.join('\n')}\n`;
}
