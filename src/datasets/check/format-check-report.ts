import { plainTable } from '../report/plain-table.js';
import type { CheckReport } from './check-dataset.js';

/** A check report, for a terminal. */
export function formatCheckReport(r: CheckReport): string {
  const lines: string[] = [`Checked ${r.dataset.name} (version ${r.dataset.version}, ${r.dataset.cases} cases).`, ''];
  const how = `exact and whole-text copies at any length; ${r.ngram}-gram overlap ≥ ${Math.round(r.minOverlap * 100)}%, phrases in ${r.commonTexts}+ corpus texts left out`;
  lines.push(
    `Contamination (${how}): ${r.contaminated.length === 0 ? 'none found' : `${r.contaminated.length} finding(s)`}`,
  );
  for (const c of r.contaminated.slice(0, 20)) {
    const method = c.method === 'ngram-overlap' ? `${Math.round(c.overlap * 100)}% of n-grams` : c.method;
    lines.push(
      `  ${c.caseId}  ${c.corpus}:${c.line} word ${c.position}  ${c.field}, ${method}: "${c.match.length > 100 ? `${c.match.slice(0, 97)}…` : c.match}"`,
    );
  }
  if (r.unchecked.length > 0) {
    const empty = r.unchecked.filter((u) => u.reason === 'empty').length;
    lines.push(
      `  Not checked: ${r.unchecked.length} (${empty} without text, ${r.unchecked.length - empty} only phrases common in the corpus)`,
    );
  }
  lines.push('', `Duplicates: ${r.duplicates.length === 0 ? 'none found' : `${r.duplicates.length} pair(s)`}`);
  r.duplicates
    .slice(0, 20)
    .forEach(([a, b], i) => lines.push(`  ${a}  ${b}  Jaccard ${r.duplicateSimilarity[i].toFixed(2)}`));
  lines.push('', `Label leakage: ${r.leakage.length === 0 ? 'none found' : `${r.leakage.length} finding(s)`}`);
  for (const l of r.leakage.slice(0, 20)) lines.push(`  ${l.caseId}  ${l.kind}: ${l.detail}`);
  lines.push('', 'Balance:');
  lines.push(
    plainTable(
      ['segment', 'cases', '±95%', 'MDE'],
      r.balance.map((g) => [
        `${g.field}=${g.value}`,
        String(g.cases),
        `±${g.halfWidth.toFixed(2)}`,
        Math.min(1, g.minimumDetectableEffect).toFixed(2),
      ]),
    ),
  );
  if (r.warnings.length > 0) lines.push('', ...r.warnings.map((w) => `Warning: ${w}`));
  return `${lines.join('\n')}\n`;
}
