export type AllocationMethod = 'proportional' | 'equal' | 'neyman' | 'importance';
export const ALLOCATION_METHODS: readonly AllocationMethod[] = ['proportional', 'equal', 'neyman', 'importance'];

/** What allocation needs to know about one stratum after the pass over the logs. */
export interface StratumStats {
  /** Distinct interactions (after dedup): the sampling frame, and the cap on its cases. */
  readonly population: number;
  /** Log lines, duplicates included: what the stratum weighs in production. */
  readonly traffic: number;
  /** Interactions with feedback, and how many of those were negative. */
  readonly feedback: number;
  readonly negative: number;
  /** Mean of the importance field over the stratum (0 when absent). */
  readonly importance: number;
}

/**
 * The share each stratum should get before floors and caps. Every method weighs strata by
 * their traffic T_h (log lines, duplicates included), never by their count of distinct texts:
 * a head of few texts asked thousands of times is most of production.
 * - proportional: T_h (the traffic mix);
 * - equal: 1 per stratum;
 * - neyman: T_h·S_h with S_h = sqrt(p_h(1 − p_h)), p_h the negative-feedback rate smoothed
 *   as (neg + 1)/(feedback + 2), the historical failure rate as a variance proxy (a stratum
 *   without feedback gets p = 0.5; `buildFromLogs` warns, and refuses when no line has any);
 * - importance: sqrt(T_h)·(1 + r_h), where sqrt(T_h) shifts cases from the head to the long
 *   tail and r_h (the stratum's mean importance field, or its negative-feedback share when no
 *   field is named) up to doubles the rate for strata users complain about.
 */
export function allocationScores(
  strata: readonly StratumStats[],
  method: AllocationMethod,
  useFeedbackAsImportance: boolean,
): number[] {
  return strata.map((s) => {
    if (s.population === 0) return 0;
    switch (method) {
      case 'proportional':
        return s.traffic;
      case 'equal':
        return 1;
      case 'neyman': {
        const p = (s.negative + 1) / (s.feedback + 2);
        return s.traffic * Math.sqrt(p * (1 - p));
      }
      case 'importance': {
        const r = useFeedbackAsImportance ? (s.feedback > 0 ? s.negative / s.feedback : 0) : Math.max(0, s.importance);
        return Math.sqrt(s.traffic) * (1 + r);
      }
    }
  });
}

/**
 * Splits `total` cases over strata in proportion to `scores`, with every stratum getting at
 * least min(minPerStratum, population) and at most its population. Strata that hit a cap or
 * a floor are fixed and the rest is re-split; the final integers come from largest-remainder
 * rounding (ties to the earlier stratum), so the counts add up exactly. When the floors alone
 * exceed `total`, every stratum gets its floor (the caller warns that the set is larger).
 *
 * @example
 * allocate([100, 50, 10], [100, 50, 10], 32, 5); // [18, 9, 5]
 */
export function allocate(
  populations: readonly number[],
  scores: readonly number[],
  total: number,
  minPerStratum: number,
): number[] {
  const k = populations.length;
  const floors = populations.map((p) => Math.min(minPerStratum, p));
  const target = Math.min(
    total,
    populations.reduce((a, b) => a + b, 0),
  );
  const floorSum = floors.reduce((a, b) => a + b, 0);
  if (floorSum >= target) return floors;

  const fixed: (number | undefined)[] = new Array<number | undefined>(k).fill(undefined);
  for (let h = 0; h < k; h++) if (populations[h] === 0) fixed[h] = 0;
  let ideal: number[] = new Array<number>(k).fill(0);
  for (;;) {
    const free = [...Array(k).keys()].filter((h) => fixed[h] === undefined);
    const remaining = target - fixed.reduce<number>((a, b) => a + (b ?? 0), 0);
    const scoreSum = free.reduce((a, h) => a + scores[h], 0);
    ideal = ideal.map(
      (_, h) => fixed[h] ?? (scoreSum > 0 ? (remaining * scores[h]) / scoreSum : remaining / free.length),
    );
    const over = free.filter((h) => ideal[h] > populations[h]);
    if (over.length > 0) {
      for (const h of over) fixed[h] = populations[h];
      continue;
    }
    const under = free.filter((h) => ideal[h] < floors[h]);
    if (under.length > 0) {
      for (const h of under) fixed[h] = floors[h];
      continue;
    }
    break;
  }
  const counts = ideal.map((x) => Math.floor(x + 1e-9));
  let left = target - counts.reduce((a, b) => a + b, 0);
  const order = [...Array(k).keys()]
    .filter((h) => fixed[h] === undefined)
    .sort((a, b) => ideal[b] - Math.floor(ideal[b] + 1e-9) - (ideal[a] - Math.floor(ideal[a] + 1e-9)) || a - b);
  for (const h of order) {
    if (left <= 0) break;
    if (counts[h] < populations[h]) {
      counts[h]++;
      left--;
    }
  }
  return counts;
}
