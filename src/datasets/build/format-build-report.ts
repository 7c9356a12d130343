import { pct, plainTable } from '../report/plain-table.js';
import type { BuildReport } from './build-report.js';
import { plural } from '../logs/log-fields.js';
import { PII_TYPES } from '../../core/pii/redact-pii.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** The coverage report of a build, for a terminal. */
export function formatBuildReport(
  r: BuildReport,
  out: string,
  options: { readonly omitWarnings?: readonly string[] } = {},
): string {
  const lines: string[] = [];
  const skipped = r.skipped > 0 ? `, ${r.skipped} skipped` : '';
  lines.push(
    `Built ${plural(r.sampled, 'case', 'cases')} from ${plural(r.lines, 'log line', 'log lines')}${skipped} (${r.allocation} allocation, seed ${r.seed}) → ${out}`,
  );
  const d = r.removedDuplicates;
  const late = d.atSelection > 0 ? `, ${d.atSelection} of them at selection` : '';
  lines.push(
    `Removed ${plural(d.total, 'duplicate', 'duplicates')} before sampling: ${d.exact} exact, ${d.near} near (Jaccard ≥ ${d.threshold}${late}); each kept text carries its copies' traffic.`,
  );
  lines.push(`Weights sum to ${fmt(r.weightTotal)} of ${plural(r.linesInScope, 'log line', 'log lines')} in scope.`);
  if (r.redacted.enabled) {
    const parts = PII_TYPES.filter((t) => r.redacted[t] > 0).map((t) => `${r.redacted[t]} ${t}`);
    lines.push(`Redacted PII (before dedup) in the set: ${parts.length > 0 ? parts.join(', ') : 'none found'}.`);
  }
  lines.push('');
  lines.push(
    plainTable(
      ['stratum', 'traffic', 'share', 'distinct', 'cases', 'mean weight', '±95%'],
      r.strata.map((s) => [
        s.key,
        String(s.traffic),
        pct(s.trafficShare),
        String(s.population),
        String(s.sampled),
        s.sampled > 0 ? s.weight.toFixed(2) : '—',
        s.sampled > 0 ? `±${s.halfWidth.toFixed(2)}` : '—',
      ]),
    ),
  );
  if (d.clusters.length > 0) {
    lines.push('', 'Largest duplicate clusters:');
    for (const c of d.clusters.slice(0, 5))
      lines.push(
        `  ${c.representative}  ${c.kind}  ${c.removed} removed  ${c.represented ? 'in the set' : 'not in the set'}`,
      );
  }
  const warnings = r.warnings.filter((w) => !options.omitWarnings?.includes(w));
  if (warnings.length > 0) lines.push('', ...warnings.map((w) => `Warning: ${w}`));
  for (const i of r.issues.slice(0, 10)) lines.push(`  ${i.path}: ${i.message}`);
  return `${lines.join('\n')}\n`;
}
