/**
 * Krippendorff's α (spec §3.11) for any number of raters, missing ratings allowed, at the
 * nominal, ordinal, interval or ratio level — the agreement measure for judge panels.
 *
 * Computed from the coincidence matrix: o_ck = Σ_u (ordered c–k pairs in unit u)/(m_u − 1),
 * α = 1 − D_o/D_e. Units with fewer than two ratings are not pairable and are dropped.
 */
import { fail } from './validation.js';

/** Level of measurement, which fixes the distance δ² between two values. */
export type KrippendorffLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Result of {@link krippendorffAlpha}. */
export interface KrippendorffResult {
  alpha: number;
  level: KrippendorffLevel;
  /** Units with at least two ratings. */
  pairableUnits: number;
  /** Pairable values n = Σ_c n_c. */
  pairableValues: number;
  observedDisagreement: number;
  expectedDisagreement: number;
  reason?: string;
}

type Value = number | string;

/**
 * Krippendorff's α. `data` is raters × units; `null`/`undefined` (and NaN) mark a missing rating.
 * Interval, ratio and ordinal levels need numeric values (ordinal uses their sort order).
 */
export function krippendorffAlpha(
  data: ReadonlyArray<ReadonlyArray<Value | null | undefined>>,
  level: KrippendorffLevel = 'nominal',
): KrippendorffResult {
  const fn = 'krippendorffAlpha';
  if (!['nominal', 'ordinal', 'interval', 'ratio'].includes(level)) {
    fail(fn, `level must be 'nominal', 'ordinal', 'interval' or 'ratio', got '${String(level)}'`);
  }
  if (data.length === 0) fail(fn, 'data must have at least one rater row (raters × units)');
  const units = data[0].length;
  data.forEach((row, r) => {
    if (row.length !== units)
      fail(
        fn,
        `every rater row must cover the same units: row ${r} has ${row.length}, expected ${units}; use null for a missing rating`,
      );
  });
  const numeric = level !== 'nominal';
  // Collect the pairable units.
  const unitValues: Value[][] = [];
  for (let u = 0; u < units; u++) {
    const vals: Value[] = [];
    for (const row of data) {
      const v = row[u];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
      if (numeric && (typeof v !== 'number' || !Number.isFinite(v))) {
        fail(
          fn,
          `level '${level}' needs numeric ratings, got ${JSON.stringify(v)} in unit ${u}; map labels to numbers or use 'nominal'`,
        );
      }
      vals.push(v);
    }
    if (vals.length >= 2) unitValues.push(vals);
  }
  // Distinct values (sorted for the ordinal level) and the coincidence matrix.
  const distinct = [...new Set(unitValues.flat())];
  if (numeric) (distinct as number[]).sort((a, b) => a - b);
  const index = new Map<Value, number>(distinct.map((v, i) => [v, i]));
  const k = distinct.length;
  const o = Array.from({ length: k }, () => new Float64Array(k));
  for (const vals of unitValues) {
    const m = vals.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i !== j) o[index.get(vals[i])!][index.get(vals[j])!] += 1 / (m - 1);
      }
    }
  }
  const nc = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);
  const base = { level, pairableUnits: unitValues.length, pairableValues: n };
  if (n < 2) {
    return {
      ...base,
      alpha: NaN,
      observedDisagreement: NaN,
      expectedDisagreement: NaN,
      reason: 'fewer than 2 pairable values',
    };
  }
  const cumulative = new Float64Array(k + 1);
  for (let i = 0; i < k; i++) cumulative[i + 1] = cumulative[i] + nc[i];
  const delta2 = (c: number, e: number): number => {
    if (c === e) return 0;
    switch (level) {
      case 'nominal':
        return 1;
      case 'interval': {
        const d = (distinct[c] as number) - (distinct[e] as number);
        return d * d;
      }
      case 'ratio': {
        const a = distinct[c] as number;
        const b = distinct[e] as number;
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      }
      case 'ordinal': {
        const lo = Math.min(c, e);
        const hi = Math.max(c, e);
        const s = cumulative[hi + 1] - cumulative[lo] - (nc[c] + nc[e]) / 2;
        return s * s;
      }
    }
  };
  let dObs = 0;
  let dExp = 0;
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) {
      if (c === e) continue;
      const d2 = delta2(c, e);
      dObs += o[c][e] * d2;
      dExp += nc[c] * nc[e] * d2;
    }
  }
  dObs /= n;
  dExp /= n * (n - 1);
  if (dExp === 0) {
    return {
      ...base,
      alpha: NaN,
      observedDisagreement: dObs,
      expectedDisagreement: 0,
      reason: 'no variation in the ratings (D_e = 0): α undefined',
    };
  }
  return { ...base, alpha: 1 - dObs / dExp, observedDisagreement: dObs, expectedDisagreement: dExp };
}
