import { benjaminiHochberg, benjaminiYekutieli, holm } from '../../stats/index.js';
import { segmentValue, type CaseRow } from './case-table.js';
import { comparePaired, verdictOf, type PairedOptions } from './compare-paired.js';
import type { ComparisonWarning, Correction, SegmentComparison } from './types.js';

/** Fields with more distinct values than this look like ids, not segments, and are skipped. */
export const MAX_SEGMENT_VALUES = 50;

export interface SegmentInput {
  readonly grader: string;
  readonly paired: readonly { readonly row: CaseRow; readonly baseline: number; readonly candidate: number }[];
  readonly options: PairedOptions;
}

/** The segment fields found on the cases: `slice` first, then metadata fields sorted by name. */
export function segmentFields(rows: Iterable<CaseRow>): { fields: string[]; skipped: string[] } {
  const values = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const field of ['slice', ...Object.keys(row.metadata)]) {
      const v = segmentValue(row, field);
      if (v === undefined) continue;
      let set = values.get(field);
      if (!set) values.set(field, (set = new Set()));
      set.add(v);
    }
  }
  const fields: string[] = [];
  const skipped: string[] = [];
  const names = [...values.keys()].sort((x, y) => (x === 'slice' ? -1 : y === 'slice' ? 1 : x.localeCompare(y)));
  for (const field of names) {
    const n = values.get(field)!.size;
    if (n > MAX_SEGMENT_VALUES) skipped.push(field);
    else if (n >= 1) fields.push(field);
  }
  return { fields, skipped };
}

/**
 * Every (field value × grader) comparison, with p-values adjusted across the whole family.
 * The family is fixed before looking at results: all segments that have paired cases.
 */
export function compareSegments(inputs: readonly SegmentInput[], fields: readonly string[], correction: Correction, alpha: number): SegmentComparison[] {
  const raw: Omit<SegmentComparison, 'pAdjusted' | 'verdict'>[] = [];
  for (const input of inputs) {
    for (const field of fields) {
      const groups = new Map<string, { baseline: number[]; candidate: number[] }>();
      for (const p of input.paired) {
        const v = segmentValue(p.row, field);
        if (v === undefined) continue;
        let g = groups.get(v);
        if (!g) groups.set(v, (g = { baseline: [], candidate: [] }));
        g.baseline.push(p.baseline);
        g.candidate.push(p.candidate);
      }
      for (const [value, g] of [...groups].sort((x, y) => x[0].localeCompare(y[0]))) {
        const r = comparePaired(g, { ...input.options, margin: undefined });
        raw.push({
          field, value, grader: input.grader, n: g.baseline.length, delta: r.delta, pValue: r.pValue,
          baseline: { value: r.baseline.value, n: r.baseline.n }, candidate: { value: r.candidate.value, n: r.candidate.n }, mde: r.mde,
        });
      }
    }
  }
  const adjusted = adjust(raw.map((s) => s.pValue), correction);
  return raw.map((s, i) => ({ ...s, pAdjusted: adjusted[i], verdict: verdictOf(s.delta.value, adjusted[i], s.mde, { alpha }) }));
}

function adjust(ps: readonly number[], correction: Correction): number[] {
  if (ps.length === 0 || correction === 'none') return [...ps];
  if (correction === 'holm') return holm(ps);
  return correction === 'by' ? benjaminiYekutieli(ps) : benjaminiHochberg(ps);
}

/** Per-side segment pass counts for the Simpson / composition check: every graded trial of each side. */
export function segmentTotals(rows: Iterable<CaseRow>, grader: string, field: string): Map<string, { n: number; correct: number }> {
  const totals = new Map<string, { n: number; correct: number }>();
  for (const row of rows) {
    const v = segmentValue(row, field);
    const passes = row.graders.get(grader)?.passes;
    if (v === undefined || !passes || passes.length === 0) continue;
    const t = totals.get(v) ?? { n: 0, correct: 0 };
    t.n += passes.length;
    t.correct += passes.filter(Boolean).length;
    totals.set(v, t);
  }
  return totals;
}

/** Warns when two runs hold different numbers of cases per segment value. */
export function compositionWarning(field: string, baseline: Map<string, number>, candidate: Map<string, number>): ComparisonWarning | undefined {
  const values = [...new Set([...baseline.keys(), ...candidate.keys()])].sort();
  const diffs = values.filter((v) => (baseline.get(v) ?? 0) !== (candidate.get(v) ?? 0));
  if (diffs.length === 0) return undefined;
  const shown = diffs.slice(0, 6).map((v) => `${v}: ${baseline.get(v) ?? 0} vs ${candidate.get(v) ?? 0}`).join(', ');
  return {
    code: 'composition-mismatch',
    message: `The runs' '${field}' compositions differ (baseline vs candidate cases: ${shown}${diffs.length > 6 ? ', …' : ''}); aggregate figures mix different case mixes, so read the paired segment results.`,
  };
}
