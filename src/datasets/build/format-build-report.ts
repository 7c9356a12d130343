import { pct, plainTable } from '../report/plain-table.js';
import type { BuildReport } from './build-report.js';
import { plural } from '../logs/log-fields.js';

/** The coverage report of a build, for a terminal. */
export function formatBuildReport(r: BuildReport, out: string, options: { readonly omitWarnings?: readonly string[] } = {}): string {
  const lines: string[] = [];
  const skipped = r.skipped > 0 ? `, ${r.skipped} skipped` : '';
  lines.push(`Built ${plural(r.sampled, 'case', 'cases')} from ${plural(r.lines, 'log line', 'log lines')}${skipped} (${r.allocation} allocation, seed ${r.seed}) → ${out}`);
  const d = r.removedDuplicates;
  lines.push(`Removed ${plural(d.total, 'duplicate', 'duplicates')} before sampling: ${d.exact} exact, ${d.near} near (Jaccard ≥ ${d.threshold}).`);
  if (r.redacted.enabled) lines.push(`Redacted PII in the set: ${r.redacted.email} email(s), ${r.redacted.phone} phone number(s), ${r.redacted.card} card number(s).`);
  lines.push('');
  lines.push(
    plainTable(
      ['stratum', 'traffic', 'share', 'distinct', 'cases', 'weight', '±95%'],
      r.strata.map((s) => [s.key, String(s.traffic), pct(s.trafficShare), String(s.population), String(s.sampled), s.sampled > 0 ? s.weight.toFixed(2) : '—', s.sampled > 0 ? `±${s.halfWidth.toFixed(2)}` : '—']),
    ),
  );
  if (d.clusters.length > 0) {
    lines.push('', 'Largest duplicate clusters:');
    for (const c of d.clusters.slice(0, 5)) lines.push(`  ${c.representative}  ${c.kind}  ${c.removed} removed  ${c.represented ? 'in the set' : 'not in the set'}`);
  }
  const warnings = r.warnings.filter((w) => !options.omitWarnings?.includes(w));
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `Warning: ${w}`));
  for (const i of r.issues.slice(0, 10)) lines.push(`  ${i.path}: ${i.message}`);
  return `${lines.join('\n')}\n`;
}
