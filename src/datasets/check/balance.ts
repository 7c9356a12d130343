import type { Case } from '../../core/types.js';
import { minimumDetectableEffect } from '../../stats/index.js';
import { halfWidthAt } from '../build/build-from-logs.js';

export interface BalanceGroup {
  /** `slice`, or a metadata field. */
  readonly field: string;
  readonly value: string;
  readonly cases: number;
  /** Half-width of a 95% Wilson interval on a pass rate near 50% with this many cases. */
  readonly halfWidth: number;
  /**
   * Smallest paired pass-rate change detectable at α = 0.05 with 80% power (Miller's normal
   * formula), assuming a variance of paired differences of 0.25 (a typical discordance).
   */
  readonly minimumDetectableEffect: number;
}

/** Fields with more distinct values than this are not segments (free text, ids). */
const MAX_SEGMENT_VALUES = 50;

/** Cases per slice and per metadata value, with the planning figures at that size. */
export function balanceGroups(cases: readonly Case[]): BalanceGroup[] {
  const groups = new Map<string, Map<string, number>>();
  const add = (field: string, value: string) => {
    const m = groups.get(field) ?? new Map<string, number>();
    m.set(value, (m.get(value) ?? 0) + 1);
    groups.set(field, m);
  };
  for (const c of cases) {
    add('slice', c.slice);
    for (const [k, v] of Object.entries(c.metadata)) if (v !== null && typeof v !== 'object') add(k, String(v));
  }
  const out: BalanceGroup[] = [];
  for (const [field, values] of [...groups.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (values.size > MAX_SEGMENT_VALUES || (field !== 'slice' && values.size === cases.length && cases.length > 1))
      continue;
    for (const [value, n] of [...values.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      out.push({
        field,
        value,
        cases: n,
        halfWidth: halfWidthAt(n),
        minimumDetectableEffect: minimumDetectableEffect({ omega2: 0.25, n }).mde,
      });
    }
  }
  return out;
}

/** Warnings for groups too small for their intervals to be useful. */
export function balanceWarnings(groups: readonly BalanceGroup[], maxHalfWidth = 0.15): string[] {
  return groups
    .filter((g) => g.halfWidth > maxHalfWidth)
    .map(
      (g) =>
        `${g.field}=${g.value} has ${g.cases} case(s): a pass rate there is only known to ±${g.halfWidth.toFixed(2)} (95% Wilson) and only changes of ${Math.min(1, g.minimumDetectableEffect).toFixed(2)} or more are detectable; aim for ${casesForHalfWidth(maxHalfWidth)}+ cases.`,
    );
}

/** Smallest n whose worst-case Wilson half-width is at most `target`. */
export function casesForHalfWidth(target: number): number {
  let n = 1;
  while (halfWidthAt(n) > target && n < 100_000) n++;
  return n;
}
