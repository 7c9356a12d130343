import { pct, plainTable } from '../report/plain-table.js';
import type { DiagnoseReport, Interval } from './diagnose-report.js';

const est = (i: Interval) => (Number.isFinite(i.value) ? `${pct(i.value)} [${pct(i.lower)}, ${pct(i.upper)}]` : '—');

/** A diagnosis, for a terminal. */
export function formatDiagnoseReport(r: DiagnoseReport): string {
  const lines: string[] = [`Diagnosis of ${r.runId} (${r.eval}) against ${r.logs.lines} production lines from ${r.logs.path}`, ''];
  lines.push(`Pass rate on the eval set:             ${est(r.evalPassRate)}  (n = ${r.evalPassRate.n})`);
  lines.push(`Reweighted to the production mix:      ${est(r.productionPassRate)}  (n_eff = ${r.productionPassRate.nEff.toFixed(1)})`);
  lines.push(`Traffic in strata with eval cases:     ${pct(r.coveredTrafficShare)}  (strata: ${r.strataFields.join(', ') || 'none'})`);
  lines.push(`Traffic near an eval case (Jaccard ≥ ${r.clusters.threshold}): ${pct(r.clusters.trafficNearEvalCases)}; eval cases like no traffic: ${r.clusters.casesWithoutTraffic}`);
  lines.push('', 'Composition (production vs eval):');
  lines.push(plainTable(['stratum', 'traffic', 'eval', 'cases', 'pass rate'], r.composition.map((s) => [s.key, pct(s.trafficShare), pct(s.evalShare), String(s.cases), s.cases > 0 ? est(s.passRate) : '—'])));
  lines.push('', 'Lowest pass rates:');
  for (const s of r.lowest) lines.push(`  ${s.key}  ${est(s.passRate)}  ${s.cases} cases, ${pct(s.trafficShare)} of traffic`);
  if (r.feedback.length > 0) {
    lines.push('', 'Agreement with user feedback:');
    lines.push(plainTable(['grader', 'n', 'agreement', 'kappa'], r.feedback.map((a) => [a.grader, String(a.n), pct(a.observedAgreement), Number.isFinite(a.kappa) ? a.kappa.toFixed(2) : '—'])));
  }
  if (r.warnings.length > 0) lines.push('', ...r.warnings.map((w) => `Warning: ${w}`));
  return `${lines.join('\n')}\n`;
}
