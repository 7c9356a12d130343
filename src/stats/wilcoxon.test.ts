import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { averageRanks, signedRankNull, wilcoxonSignedRank } from './wilcoxon.js';

describe('signedRankNull', () => {
  it('is a symmetric distribution summing to 1', () => {
    for (const n of [1, 5, 12, 30]) {
      const p = signedRankNull(n);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      for (let r = 0; r < p.length; r++) expect(p[r]).toBeCloseTo(p[p.length - 1 - r], 15);
    }
  });
});

describe('averageRanks', () => {
  it('averages tied ranks and reports tie groups', () => {
    const r = averageRanks([3, 1, 3, 2]);
    expect(Array.from(r.ranks)).toEqual([3.5, 1, 3.5, 2]);
    expect(r.ties).toEqual([2]);
  });
});

describe('wilcoxonSignedRank', () => {
  it('matches scipy exact without ties', () => {
    const r = wilcoxonSignedRank([1.5, -0.2, 3.1, 0.7, 2.2, -1.1, 0.4, 1.9, 2.8, -0.6], { method: 'exact' });
    expect(r).toMatchObject({ statistic: 9, rPlus: 46, rMinus: 9, method: 'exact' });
    expect(r.pvalue).toBeCloseTo(0.064453125, 14);
  });
  it('matches scipy approx with pratt zeros and ties', () => {
    const r = wilcoxonSignedRank([1, 1, -1, 2, 0, 2, 1, 0, -2, 1, 1, 3], { zeroMethod: 'pratt', method: 'approx' });
    expect(r.rPlus).toBe(59.5);
    expect(r.zStatistic).toBeCloseTo(-1.759296422118597, 12);
    expect(r.pvalue).toBeCloseTo(0.07852717400139875, 12);
  });
  it('ties force the normal approximation even when exact is asked for, with a reason', () => {
    const r = wilcoxonSignedRank([1, 1, 2, -3, 4, 5], { method: 'exact' });
    expect(r.method).toBe('approx');
    expect(r.reason).toMatch(/tied/);
  });
  it('n = 1 gives p = 1; all zeros give p = 1', () => {
    expect(wilcoxonSignedRank([0.4], { method: 'exact' }).pvalue).toBe(1);
    expect(wilcoxonSignedRank([0, 0, 0]).pvalue).toBe(1);
    expect(wilcoxonSignedRank([0, 0, 0], { zeroMethod: 'pratt' }).pvalue).toBe(1);
    expect(wilcoxonSignedRank([0, 0, 0, 0, 0, 0], { zeroMethod: 'zsplit' }).pvalue).toBe(1);
  });
  it('p-values lie in [0, 1]; negating d keeps the two-sided p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('wilcox', 'pratt', 'zsplit') as fc.Arbitrary<'wilcox' | 'pratt' | 'zsplit'>,
        fc.boolean(),
        (d, zeroMethod, correction) => {
          const r = wilcoxonSignedRank(d, { zeroMethod, correction });
          const s = wilcoxonSignedRank(
            d.map((x) => -x),
            { zeroMethod, correction },
          );
          expect(r.pvalue).toBeGreaterThanOrEqual(0);
          expect(r.pvalue).toBeLessThanOrEqual(1);
          expect(s.pvalue).toBeCloseTo(r.pvalue, 12);
        },
      ),
    );
  });
  it('pins errors', () => {
    expect(() => wilcoxonSignedRank([1], { zeroMethod: 'drop' as 'wilcox' })).toThrow(
      new RangeError("wilcoxonSignedRank: zeroMethod must be 'wilcox', 'pratt' or 'zsplit', got 'drop'"),
    );
  });
});
