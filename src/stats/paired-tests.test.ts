import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pairedTTest } from './paired-tests.js';

const pairs = fc.array(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
  { minLength: 3, maxLength: 40 },
);

describe('pairedTTest', () => {
  it('matches scipy ttest_rel with its confidence interval', () => {
    const r = pairedTTest([0.9, 0.7, 0.8, 0.6, 0.75, 0.85], [0.8, 0.65, 0.8, 0.5, 0.7, 0.7]);
    expect(r.statistic).toBeCloseTo(3.503245248726853, 12);
    expect(r.pvalue).toBeCloseTo(0.017224549680341386, 12);
    // scipy 1.10's t quantile is good to ~1e-11, hence 9 digits on the bounds.
    expect(r.lower).toBeCloseTo(0.019967130743652507, 9);
    expect(r.upper).toBeCloseTo(0.1300328692563475, 9);
  });
  it('one-sided: the interval is a half-line', () => {
    const r = pairedTTest([0.1, 0.2, 0.3, 0.4, 0.5], [0.2, 0.35, 0.3, 0.6, 0.55], { alternative: 'less' });
    expect(r.lower).toBe(-Infinity);
    expect(r.pvalue).toBeCloseTo(0.023710327792159785, 12);
  });
  it('reports the unpaired SE and the correlation (SE² identity)', () => {
    const a = [0.9, 0.7, 0.8, 0.6, 0.75, 0.85];
    const b = [0.8, 0.65, 0.8, 0.5, 0.7, 0.7];
    const r = pairedTTest(a, b);
    const n = a.length;
    const va = a.reduce((s, x) => s + (x - r.meanA) ** 2, 0) / (n - 1);
    const vb = b.reduce((s, x) => s + (x - r.meanB) ** 2, 0) / (n - 1);
    const cov = r.correlation * Math.sqrt(va * vb);
    expect(r.se ** 2).toBeCloseTo(va / n + vb / n - (2 * cov) / n, 14);
  });
  it('edge cases: constant non-zero differences give t = ±∞, p = 0; all-zero gives NaN', () => {
    const inf = pairedTTest([2, 3, 4], [1, 2, 3]);
    expect(inf.statistic).toBe(Infinity);
    expect(inf.pvalue).toBe(0);
    expect(inf.reason).toMatch(/no variance/);
    const zero = pairedTTest([1, 2, 3], [1, 2, 3]);
    expect(zero.statistic).toBeNaN();
    expect(zero.pvalue).toBeNaN();
    expect(pairedTTest([1], [0]).reason).toMatch(/at least 2/);
  });
  it('swapping A and B negates the difference and keeps the p-value', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const a = ps.map((p) => p[0]);
        const b = ps.map((p) => p[1]);
        const ab = pairedTTest(a, b);
        const ba = pairedTTest(b, a);
        expect(ba.meanDiff).toBeCloseTo(-ab.meanDiff, 12);
        if (Number.isNaN(ab.pvalue)) expect(ba.pvalue).toBeNaN();
        else expect(ba.pvalue).toBeCloseTo(ab.pvalue, 12);
      }),
    );
  });
  it('p-values lie in [0, 1] and the interval contains the mean difference', () => {
    fc.assert(
      fc.property(pairs, (ps) => {
        const r = pairedTTest(
          ps.map((p) => p[0]),
          ps.map((p) => p[1]),
        );
        if (Number.isNaN(r.pvalue)) return;
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
        expect(r.lower).toBeLessThanOrEqual(r.meanDiff + 1e-12);
        expect(r.upper).toBeGreaterThanOrEqual(r.meanDiff - 1e-12);
      }),
    );
  });
  it('pins errors', () => {
    expect(() => pairedTTest([1, 2], [1, 2], { alternative: 'sideways' as 'less' })).toThrow(
      new RangeError("pairedTTest: alternative must be 'two-sided', 'less' or 'greater', got 'sideways'"),
    );
  });
});
