import { describe, expect, it } from 'vitest';
import { fisherExactLess } from './fisher-exact.js';

describe('fisherExactLess', () => {
  // Reference values: the hypergeometric tail summed in exact integer arithmetic (Python math.comb),
  // which scipy.stats.fisher_exact(..., alternative='less') reproduces.
  it.each([
    [1, 10, 9, 10, 0.000546666955335686],
    [3, 12, 8, 12, 0.04976635963309809],
    [5, 10, 5, 10, 0.6718591006516703],
  ])('x1=%i n1=%i x0=%i n0=%i gives %f', (x1, n1, x0, n0, p) => {
    expect(fisherExactLess(x1, n1, x0, n0)).toBeCloseTo(p, 12);
  });

  it('empty groups give 1, all-equal gives 1, and bad counts throw', () => {
    expect(fisherExactLess(0, 0, 3, 5)).toBe(1);
    expect(fisherExactLess(4, 4, 9, 9)).toBe(1);
    expect(() => fisherExactLess(5, 4, 1, 2)).toThrow(RangeError);
  });
});
