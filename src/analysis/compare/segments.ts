import { benjaminiHochberg, benjaminiYekutieli, holm } from '../../stats/index.js';
import type { Estimate } from '../metrics/rate-interval.js';
import { comparePaired, verdictOf, type PairedOptions } from './compare-paired.js';
import { graded, type GraderScores, type ScoreColumns } from './score-columns.js';
import type { ComparisonWarning, Correction, SegmentComparison } from './types.js';

/** Fields with more distinct values than this look like ids, not segments, and are skipped. */
export const MAX_SEGMENT_VALUES = 50;

/** The value a case has on a segment field (`slice` or a metadata field), as a string. */
export function segmentValueAt(columns: ScoreColumns, i: number, field: string): string | undefined {
  if (field === 'slice') return columns.slices[i];
  const v = columns.metadata[i][field];
  if (v === undefined || v === null) return undefined;
  return String(v);
}

/** One field's values, numbered once for both runs: `codes[i]` is case i's value, −1 when it has none. */
export interface SegmentField {
  readonly field: string;
  readonly names: readonly string[];
  readonly baseline: Int32Array;
  readonly candidate: Int32Array;
}

export function segmentField(field: string, baseline: ScoreColumns, candidate: ScoreColumns): SegmentField {
  const names: string[] = [];
  const numbers = new Map<string, number>();
  const codesOf = (columns: ScoreColumns): Int32Array => {
    const codes = new Int32Array(columns.caseIds.length);
    for (let i = 0; i < codes.length; i++) {
      const v = segmentValueAt(columns, i, field);
      let code = v === undefined ? -1 : numbers.get(v);
      if (code === undefined) {
        numbers.set(v!, (code = names.length));
        names.push(v!);
      }
      codes[i] = code;
    }
    return codes;
  };
  return { field, names, baseline: codesOf(baseline), candidate: codesOf(candidate) };
}

/** The segment fields found on the given cases: `slice` first, then metadata fields sorted by name. */
export function segmentFields(
  columns: ScoreColumns,
  cases: readonly number[],
): { fields: string[]; skipped: string[] } {
  const values = new Map<string, Set<string>>();
  const add = (field: string, i: number): void => {
    const v = segmentValueAt(columns, i, field);
    if (v === undefined) return;
    let set = values.get(field);
    if (!set) values.set(field, (set = new Set()));
    if (set.size <= MAX_SEGMENT_VALUES) set.add(v);
  };
  for (const i of cases) {
    add('slice', i);
    for (const field in columns.metadata[i]) add(field, i);
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

export interface SegmentInput {
  readonly grader: string;
  /** Per-case values of the paired cases, and each pair's candidate case index. */
  readonly baseline: readonly number[];
  readonly candidate: readonly number[];
  readonly cases: readonly number[];
  readonly baselineCases: readonly number[];
  readonly options: PairedOptions;
  /** Each side's estimate on a group of paired cases (the registry's estimator). */
  readonly sides?: (
    baselineCases: readonly number[],
    candidateCases: readonly number[],
  ) => { baseline: Estimate; candidate: Estimate };
}

/**
 * Every (field value × grader) comparison, with p-values adjusted across the whole family.
 * The family is fixed before looking at results: all segments that have paired cases.
 */
export function compareSegments(
  inputs: readonly SegmentInput[],
  fields: readonly SegmentField[],
  correction: Correction,
  alpha: number,
): SegmentComparison[] {
  const raw: (Omit<SegmentComparison, 'pAdjusted' | 'verdict'> & { significant: boolean })[] = [];
  for (const input of inputs) {
    for (const { field, names, candidate: codes } of fields) {
      // Each value's cases, in pair order: sized by a first count (no array grows case by case).
      const counts = new Int32Array(names.length);
      for (const i of input.cases) if (codes[i] >= 0) counts[codes[i]] += 1;
      const byCode: (Group | undefined)[] = names.map(() => undefined);
      const filled = new Int32Array(names.length);
      const groups: Group[] = [];
      input.cases.forEach((i, k) => {
        const code = codes[i];
        if (code < 0) return;
        let g = byCode[code];
        if (!g) {
          const n = counts[code];
          g = byCode[code] = {
            value: names[code],
            baseline: new Array<number>(n),
            candidate: new Array<number>(n),
            baseCases: new Array<number>(n),
            candCases: new Array<number>(n),
          };
          groups.push(g);
        }
        const at = filled[code]++;
        g.baseline[at] = input.baseline[k];
        g.candidate[at] = input.candidate[k];
        g.baseCases[at] = input.baselineCases[k];
        g.candCases[at] = i;
      });
      for (const g of groups.sort((x, y) => x.value.localeCompare(y.value))) {
        const { value } = g;
        const sides = input.sides?.(g.baseCases, g.candCases);
        const r = comparePaired(
          { baseline: g.baseline, candidate: g.candidate, ...(sides && { sides }) },
          { ...input.options, margin: undefined },
        );
        raw.push({
          field,
          value,
          grader: input.grader,
          n: g.baseline.length,
          delta: r.delta,
          pValue: r.pValue,
          baseline: { value: r.baseline.value, n: r.baseline.n },
          candidate: { value: r.candidate.value, n: r.candidate.n },
          mde: r.mde,
          mdeMethod: r.mdeMethod,
          significant: r.significant,
        });
      }
    }
  }
  const adjusted = adjust(
    raw.map((s) => s.pValue),
    correction,
  );
  return raw.map(({ significant, ...s }, i) => ({
    ...s,
    pAdjusted: adjusted[i],
    verdict: verdictOf(s.delta.value, adjusted[i], s.mde, { alpha, n: s.n, significant }),
  }));
}

interface Group {
  readonly value: string;
  readonly baseline: number[];
  readonly candidate: number[];
  readonly baseCases: number[];
  readonly candCases: number[];
}

/** Adjusted p-values of a family with the named correction (`none` returns them as they are). */
export function adjust(ps: readonly number[], correction: Correction): number[] {
  if (ps.length === 0 || correction === 'none') return [...ps];
  if (correction === 'holm') return holm(ps);
  return correction === 'by' ? benjaminiYekutieli(ps) : benjaminiHochberg(ps);
}

/** Cases per segment value over every case of one side, keyed by value name. */
export function segmentCounts(names: readonly string[], codes: Int32Array): Map<string, number> {
  const counts = new Array<number>(names.length).fill(0);
  for (const code of codes) if (code >= 0) counts[code] += 1;
  return new Map(names.map((name, code) => [name, counts[code]] as const).filter(([, n]) => n > 0));
}

/**
 * Per-side segment pass counts for the Simpson / composition check: every graded trial of
 * each side, keyed by value in the order the values first occur.
 */
export function segmentTotals(
  g: GraderScores | undefined,
  names: readonly string[],
  codes: Int32Array,
): Map<string, { n: number; correct: number }> {
  const totals = new Map<string, { n: number; correct: number }>();
  if (!g) return totals;
  const byCode: ({ n: number; correct: number } | undefined)[] = names.map(() => undefined);
  for (let i = 0; i < codes.length; i++) {
    const k = graded(g, i);
    if (codes[i] < 0 || k === 0) continue;
    let t = byCode[codes[i]];
    if (!t) totals.set(names[codes[i]], (t = byCode[codes[i]] = { n: 0, correct: 0 }));
    t.n += k;
    t.correct += g.passCount[i];
  }
  return totals;
}

/** Warns when two runs hold different numbers of cases per segment value. */
export function compositionWarning(
  field: string,
  baseline: Map<string, number>,
  candidate: Map<string, number>,
): ComparisonWarning | undefined {
  const values = [...new Set([...baseline.keys(), ...candidate.keys()])].sort();
  const diffs = values.filter((v) => (baseline.get(v) ?? 0) !== (candidate.get(v) ?? 0));
  if (diffs.length === 0) return undefined;
  const shown = diffs
    .slice(0, 6)
    .map((v) => `${v}: ${baseline.get(v) ?? 0} vs ${candidate.get(v) ?? 0}`)
    .join(', ');
  return {
    code: 'composition-mismatch',
    message: `The runs' '${field}' compositions differ (baseline vs candidate cases: ${shown}${diffs.length > 6 ? ', …' : ''}); aggregate figures mix different case mixes, so read the paired segment results.`,
  };
}
