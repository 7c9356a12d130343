import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  cltStandardError,
  effectiveSampleSize,
  mean,
  pairwiseSum,
  quantile,
  tIntervalMean,
  weightedMeanInterval,
} from './descriptive.js';

describe('quantile (type 7)', () => {
  it('interpolates like numpy linear', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.25)).toBe(2.5);
    expect(quantile([3], 0.9)).toBe(3);
    expect(quantile([], 0.5)).toBeNaN();
  });
  it('rejects p outside [0, 1]', () => {
    expect(() => quantile([1], 1.5)).toThrow(
      new RangeError('quantile: p must be in [0, 1], got 1.5; pass 0.5 for the median'),
    );
  });
  it('is monotone in p and within the data range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, p, q) => {
          const [lo, hi] = p < q ? [p, q] : [q, p];
          expect(quantile(xs, lo)).toBeLessThanOrEqual(quantile(xs, hi));
          expect(quantile(xs, lo)).toBeGreaterThanOrEqual(Math.min(...xs));
          expect(quantile(xs, hi)).toBeLessThanOrEqual(Math.max(...xs));
        },
      ),
    );
  });
});

describe('mean and pairwise sum', () => {
  it('pairwise sum equals the plain sum for integers of any length', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 700 }), (xs) => {
        expect(pairwiseSum(xs)).toBe(xs.reduce((a, b) => a + b, 0));
      }),
    );
  });
  it('mean of nothing is NaN', () => expect(mean([])).toBeNaN());
});

describe('cltStandardError', () => {
  it('se_ddof0 equals sqrt(p(1-p)/n) for 0/1 data', () => {
    const r = cltStandardError([1, 0, 1, 1, 0, 1, 1, 1, 0, 1]);
    expect(r.seDdof0).toBeCloseTo(Math.sqrt((0.7 * 0.3) / 10), 14);
    expect(r.se).toBeCloseTo(0.15275252316519464, 14);
  });
  it('n = 1 gives NaN with a reason, never 0', () => {
    const r = cltStandardError([0.4]);
    expect(r.se).toBeNaN();
    expect(r.reason).toMatch(/n = 1/);
  });
  it('n = 1 gives se_ddof0 = 0, as its formula SD_ddof0/√n does', () => {
    expect(cltStandardError([0.4]).seDdof0).toBe(0);
  });
  it('rejects non-finite values naming the index', () => {
    expect(() => cltStandardError([1, Number.NaN])).toThrow(/values\[1\] must be a finite number/);
  });
});

describe('tIntervalMean', () => {
  it('matches scipy for a small sample', () => {
    const r = tIntervalMean([0, 0, 0, 1]);
    expect(r.lower).toBeCloseTo(-0.5456115763210657, 12);
    expect(r.upper).toBeCloseTo(1.0456115763210656, 12);
    expect(r.df).toBe(3);
  });
  it('collapses for constant data and is undefined for n = 1', () => {
    expect(tIntervalMean([2, 2, 2])).toMatchObject({ lower: 2, upper: 2, se: 0 });
    const one = tIntervalMean([0.42]);
    expect(one.lower).toBeNaN();
    expect(one.reason).toBeDefined();
  });
  it('contains the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 40 }), (xs) => {
        const r = tIntervalMean(xs);
        expect(r.lower).toBeLessThanOrEqual(r.value + 1e-9);
        expect(r.upper).toBeGreaterThanOrEqual(r.value - 1e-9);
      }),
    );
  });
  it('rejects alpha outside (0, 1)', () => {
    expect(() => tIntervalMean([1, 2], 0)).toThrow(
      new RangeError('tIntervalMean: alpha must be in (0, 1), got 0; for a 95% interval pass alpha = 0.05'),
    );
  });
});

describe('weights', () => {
  it('Kish effective sample size', () => {
    expect(effectiveSampleSize([1, 1, 1, 1])).toBe(4);
    expect(effectiveSampleSize([1, 0, 0])).toBe(1);
    expect(effectiveSampleSize([0, 0])).toBeNaN();
    expect(() => effectiveSampleSize([1, -1])).toThrow(/weights\[1\] must be ≥ 0/);
  });
  it('equal weights reduce to the t interval', () => {
    const xs = [0.2, 0.5, 0.9, 0.4, 0.7];
    const w = weightedMeanInterval(xs, [3, 3, 3, 3, 3]);
    const t = tIntervalMean(xs);
    expect(w.value).toBeCloseTo(t.value, 14);
    expect(w.lower).toBeCloseTo(t.lower, 12);
    expect(w.upper).toBeCloseTo(t.upper, 12);
    expect(w.nEff).toBeCloseTo(5, 14);
  });
});
