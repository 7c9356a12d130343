import { normalSf } from './distributions/normal.js';

export interface TwoProportionTest {
  /** p1 − p2. */
  readonly difference: number;
  readonly z: number;
  /** Two-sided. */
  readonly p: number;
}

/**
 * The pooled two-proportion z test of p1 = p2 (no continuity correction; z² is Pearson's
 * chi-square of the 2×2 table, as R's `prop.test(correct = FALSE)`). The sizes may be effective
 * sizes (Kish's n for a weighted sample), so a proportion estimated from weights counts for
 * what its design is worth. Either size 0, or both proportions 0 or both 1, gives p = 1.
 */
export function twoProportionZTest(p1: number, n1: number, p2: number, n2: number): TwoProportionTest {
  const difference = p1 - p2;
  if (!(n1 > 0 && n2 > 0)) return { difference, z: 0, p: 1 };
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { difference, z: 0, p: 1 };
  const z = difference / se;
  return { difference, z, p: Math.min(1, 2 * normalSf(Math.abs(z))) };
}
