import { describe, expect, it } from 'vitest';
import { pairedRepeatsComparison, repeatsVarianceDecomposition } from './repeats.js';

describe('repeatsVarianceDecomposition', () => {
  it('matches the one-way ANOVA reference', () => {
    const r = repeatsVarianceDecomposition([
      [1, 1, 0, 1],
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [1, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
    expect(r).toMatchObject({ nItems: 5, k: 4, balanced: true });
    expect(r.seGrandMean).toBeCloseTo(0.1767766952966369, 14);
    expect(r.betweenVarEst).toBeCloseTo(0.11458333333333334, 14);
    expect(r.msBetween).toBeCloseTo(0.625, 14);
    expect(r.icc1).toBeCloseTo(0.40740740740740744, 14);
  });
  it('binary within-item variance is K/(K−1)·p(1−p)', () => {
    const r = repeatsVarianceDecomposition([
      [1, 0, 1, 1],
      [1, 0, 0, 0],
    ]);
    const w = (p: number) => (4 / 3) * p * (1 - p);
    expect(r.meanWithinVar).toBeCloseTo((w(0.75) + w(0.25)) / 2, 14);
  });
  it('K = 1: within-item variance is not estimable but the SE is defined', () => {
    const r = repeatsVarianceDecomposition([[1], [0], [1], [1]]);
    expect(r.meanWithinVar).toBeNaN();
    expect(r.icc1).toBeNaN();
    expect(r.seGrandMean).toBeCloseTo(0.25, 14);
    expect(r.reason).toMatch(/K = 1/);
  });
  it('unbalanced repeats use the pooled ANOVA and K₀', () => {
    const r = repeatsVarianceDecomposition([
      [1, 0],
      [1, 1, 1],
      [0, 0, 1, 0],
    ]);
    expect(r.balanced).toBe(false);
    expect(r.k).toBeGreaterThan(2);
    expect(r.k).toBeLessThan(4);
    expect(Number.isFinite(r.icc1)).toBe(true);
  });
  it('pins errors for an item without scores', () => {
    expect(() => repeatsVarianceDecomposition([[1], []])).toThrow(
      new RangeError(
        'repeatsVarianceDecomposition: scoresPerItem[1] has no scores; drop the item or record its repeats',
      ),
    );
  });
});

describe('pairedRepeatsComparison', () => {
  it('matches scipy ttest_rel on item means', () => {
    const r = pairedRepeatsComparison(
      [
        [1, 1, 0],
        [0, 0, 1],
        [1, 1, 1],
        [1, 0, 1],
        [0, 0, 0],
        [1, 1, 0],
      ],
      [
        [1, 0, 0],
        [0, 0, 0],
        [1, 1, 0],
        [1, 0, 0],
        [0, 1, 0],
        [0, 1, 0],
      ],
    );
    expect(r.t).toBeCloseTo(2, 12);
    expect(r.pvalue).toBeCloseTo(0.10193947882985828, 12);
    expect(r.sePaired).toBeCloseTo(0.11111111111111112, 14);
    expect(r.corrItemMeans).toBeCloseTo(0.6123724356957946, 12);
    expect(r.differences).toHaveLength(6);
  });
  it('swapping runs negates the difference and keeps p', () => {
    const a = [
      [0.5, 0.7],
      [0.9, 0.8],
      [0.1, 0.3],
    ];
    const b = [
      [0.4, 0.6],
      [0.85, 0.75, 0.7],
      [0.05, 0.25],
    ];
    const ab = pairedRepeatsComparison(a, b);
    const ba = pairedRepeatsComparison(b, a);
    expect(ba.meanDiff).toBeCloseTo(-ab.meanDiff, 14);
    expect(ba.pvalue).toBeCloseTo(ab.pvalue, 12);
  });
  it('pins the error for mismatched item counts', () => {
    expect(() => pairedRepeatsComparison([[1]], [[1], [0]])).toThrow(/same items in the same order, got 1 and 2 items/);
  });
});
