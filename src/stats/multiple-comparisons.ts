/**
 * Multiple-comparison adjustments across segment tests (spec §3.10): Holm (family-wise
 * error), Benjamini–Hochberg (false discovery rate) and Benjamini–Yekutieli (FDR under any
 * dependence). Results come back in input order so they line up with the segments.
 *
 * Why m is the input length: the family must be declared before looking at results; pass
 * every planned segment test, including ones that were not significant.
 */
import { fail } from './validation.js';

function checkPValues(fn: string, pValues: ArrayLike<number>): number[] {
  const p = Array.from(pValues);
  p.forEach((v, i) => {
    if (!(v >= 0 && v <= 1))
      fail(fn, `pValues[${i}] must be in [0, 1], got ${v}; drop undefined tests from the family before adjusting`);
  });
  return p;
}

/** Indices that sort p ascending (stable, so ties keep input order). */
function ascendingOrder(p: number[]): number[] {
  return p.map((_, i) => i).sort((i, j) => p[i] - p[j] || i - j);
}

/** Holm step-down: adj_(i) = max_{j≤i} min(1, (m − j + 1)·p_(j)). */
export function holm(pValues: ArrayLike<number>): number[] {
  const p = checkPValues('holm', pValues);
  const m = p.length;
  const order = ascendingOrder(p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[idx]));
    adjusted[idx] = running;
  });
  return adjusted;
}

function stepUp(fn: string, pValues: ArrayLike<number>, factor: (m: number) => number): number[] {
  const p = checkPValues(fn, pValues);
  const m = p.length;
  const order = ascendingOrder(p);
  const c = factor(m);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const idx = order[rank];
    running = Math.min(running, Math.min(1, (c * m * p[idx]) / (rank + 1)));
    adjusted[idx] = running;
  }
  return adjusted;
}

/** Benjamini–Hochberg step-up: adj_(i) = min_{j≥i} min(1, m·p_(j)/j). */
export function benjaminiHochberg(pValues: ArrayLike<number>): number[] {
  return stepUp('benjaminiHochberg', pValues, () => 1);
}

/** Benjamini–Yekutieli: BH multiplied by Σ_{i=1..m} 1/i, valid under arbitrary dependence. */
export function benjaminiYekutieli(pValues: ArrayLike<number>): number[] {
  return stepUp('benjaminiYekutieli', pValues, (m) => {
    let h = 0;
    for (let i = 1; i <= m; i++) h += 1 / i;
    return h;
  });
}

/** Adjusted p-values with reject flags (adj ≤ α), in input order. */
export interface AdjustedPValues {
  adjusted: number[];
  reject: boolean[];
  method: 'holm' | 'bh' | 'by';
  alpha: number;
}

/** Adjust a family with the named method and flag rejections at α. */
export function adjustPValues(
  pValues: ArrayLike<number>,
  method: 'holm' | 'bh' | 'by' = 'holm',
  alpha = 0.05,
): AdjustedPValues {
  if (!(alpha > 0 && alpha < 1)) fail('adjustPValues', `alpha must be in (0, 1), got ${alpha}`);
  const adjusted =
    method === 'holm'
      ? holm(pValues)
      : method === 'bh'
        ? benjaminiHochberg(pValues)
        : method === 'by'
          ? benjaminiYekutieli(pValues)
          : fail('adjustPValues', `method must be 'holm', 'bh' or 'by', got '${String(method)}'`);
  return { adjusted, reject: adjusted.map((a) => a <= alpha), method, alpha };
}
