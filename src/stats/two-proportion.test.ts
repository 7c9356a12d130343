import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from './two-proportion.js';

describe('twoProportionZTest', () => {
  it("matches R's prop.test(c(30, 45), c(100, 100), correct = FALSE): X-squared = 4.8, p-value = 0.02846", () => {
    const r = twoProportionZTest(0.3, 100, 0.45, 100);
    expect(r.z ** 2).toBeCloseTo(4.8, 10);
    expect(r.p).toBeCloseTo(0.02845973691631, 9);
    expect(r.difference).toBeCloseTo(-0.15, 12);
  });

  it("z² is Pearson's chi-square of the 2×2 table: N(ad − bc)² / (r1 r2 c1 c2) for 12/40 vs 40/200", () => {
    const r = twoProportionZTest(12 / 40, 40, 40 / 200, 200);
    const chi2 = (240 * (12 * 160 - 28 * 40) ** 2) / (40 * 200 * 52 * 188);
    expect(r.z ** 2).toBeCloseTo(chi2, 10);
    // P(χ²₁ > 1.963993) = erfc(√(1.963993 / 2)) = 0.161087.
    expect(r.p).toBeCloseTo(0.161086869, 8);
  });

  it('has nothing to test with an empty side or no spread', () => {
    expect(twoProportionZTest(0.5, 0, 0.2, 10).p).toBe(1);
    expect(twoProportionZTest(1, 10, 1, 20).p).toBe(1);
  });
});
