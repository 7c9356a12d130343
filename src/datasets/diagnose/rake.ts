import type { Case } from '../../core/types.js';

/**
 * Raking (iterative proportional fitting): case weights whose weighted share of each field's
 * values matches that value's production share, renormalised over the values that have
 * cases. Cases whose value has no traffic get weight 0. Converges to the joint
 * post-stratification weights when there is one field.
 */
export function rake(
  cases: readonly Case[],
  margins: readonly { keyOf: (c: Case) => string; traffic: ReadonlyMap<string, number> }[],
  iterations = 200,
): Map<string, number> {
  const w = new Map<string, number>(cases.map((c) => [c.id, 1 / Math.max(1, cases.length)]));
  for (const m of margins) for (const c of cases) if (!((m.traffic.get(m.keyOf(c)) ?? 0) > 0)) w.set(c.id, 0);
  for (let it = 0; it < iterations; it++) {
    let change = 0;
    for (const m of margins) {
      const sums = new Map<string, number>();
      for (const c of cases) sums.set(m.keyOf(c), (sums.get(m.keyOf(c)) ?? 0) + (w.get(c.id) ?? 0));
      const coveredShare = [...sums.keys()].reduce(
        (a, k) => a + ((sums.get(k) ?? 0) > 0 ? (m.traffic.get(k) ?? 0) : 0),
        0,
      );
      if (coveredShare <= 0) continue;
      for (const c of cases) {
        const cur = w.get(c.id) ?? 0;
        if (cur === 0) continue;
        const target = (m.traffic.get(m.keyOf(c)) ?? 0) / coveredShare;
        const factor = target / (sums.get(m.keyOf(c)) ?? 1);
        change = Math.max(change, Math.abs(factor - 1));
        w.set(c.id, cur * factor);
      }
    }
    if (change < 1e-10) break;
  }
  return w;
}
