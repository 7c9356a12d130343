import type { RedteamSummary } from '../analysis/redteam-summary.js';
import type { MetricValue } from '../analysis/metrics/registry.js';
import { estimate } from './format.js';

/** A table as plain cells; every face (terminal, Markdown, HTML) escapes and lays them out its own way. */
export interface CellTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns whose cells Assay's own formatters wrote (numbers, intervals): shown as they are where a format allows. */
  readonly formatted: ReadonlySet<number>;
}

/** `43.5% [40.7, 46.3]`, the same formatter as every other rate; `n/a` when unmeasured. */
export function asrText(m: MetricValue | undefined): string {
  if (!m || m.value === null) return 'n/a';
  return estimate({ value: m.value, lower: m.lower ?? Number.NaN, upper: m.upper ?? Number.NaN });
}

/** Attack success per family (one row each, an `all attacks` row last), a column per grader. */
export function familyRows(r: RedteamSummary): CellTable {
  const header = ['attack family', 'n', ...r.graders.map((g) => `${g} ASR [95% CI]`)];
  const rows = r.families.map((f) => [f.family, String(f.n), ...r.graders.map((g) => asrText(f.asr[g]))]);
  rows.push(['all attacks', String(r.attacks), ...r.graders.map((g) => asrText(r.overall[g]))]);
  return { header, rows, formatted: numericColumns(header.length) };
}

/** Attack success per technique, highest first on the first grader. */
export function techniqueRows(r: RedteamSummary): CellTable {
  const first = r.graders[0];
  const sorted = [...r.techniques].sort((a, b) => (b.asr[first]?.value ?? -1) - (a.asr[first]?.value ?? -1));
  return {
    header: ['technique', 'n', ...r.graders.map((g) => `${g} ASR [95% CI]`)],
    rows: sorted.map((t) => [`${t.family}/${t.technique}`, String(t.n), ...r.graders.map((g) => asrText(t.asr[g]))]),
    formatted: numericColumns(r.graders.length + 2),
  };
}

/** The successful attacks that got past the most graders. */
export function worstRows(r: RedteamSummary): CellTable {
  return {
    header: ['attack case', 'technique', 'got past', 'reason'],
    rows: r.worst.map((w) => [
      w.caseId,
      `${w.family}/${w.technique}`,
      w.graders.map((g) => g.grader).join(', '),
      w.graders.find((g) => g.reason)?.reason ?? '',
    ]),
    formatted: new Set(),
  };
}

/** Every column but the first (the family or technique name). */
function numericColumns(width: number): Set<number> {
  return new Set(Array.from({ length: width - 1 }, (_, i) => i + 1));
}
