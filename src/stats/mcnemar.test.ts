import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialTest } from './binomial-test.js';
import { mcnemar, mcnemarFromOutcomes, mcnemarFromTable } from './mcnemar.js';

describe('mcnemar', () => {
  it('matches statsmodels on a reference table', () => {
    const r = mcnemar(3, 12);
    expect(r.pExact).toBeCloseTo(0.03515625, 14);
    expect(r.pMidP).toBeCloseTo(0.02127075195312501, 14);
    expect(r.chi2Corrected).toBeCloseTo(4.266666666666667, 14);
    expect(r.pChi2Uncorrected).toBeCloseTo(0.02013675155034633, 12);
  });
  it('zero discordant pairs: p = 1 and statistics undefined (not ∞ / p = 0)', () => {
    const r = mcnemar(0, 0);
    expect(r).toMatchObject({ pExact: 1, pMidP: 1, pChi2Corrected: 1, pChi2Uncorrected: 1 });
    expect(r.chi2Corrected).toBeNaN();
    expect(r.reason).toMatch(/no discordant pairs/);
  });
  it('b = c gives exact p = mid-p = 1 and an unclamped Yates statistic', () => {
    const r = mcnemar(5, 5);
    expect(r.pExact).toBe(1);
    expect(r.pMidP).toBe(1);
    expect(r.chi2Corrected).toBeCloseTo(0.1, 14);
  });
  it('exact p equals the two-sided binomial test on min(b, c)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 150 }), (b, c) => {
        fc.pre(b + c > 0);
        const r = mcnemar(b, c);
        expect(r.pExact).toBeCloseTo(binomialTest(Math.min(b, c), b + c, 0.5).pvalue, 10);
      }),
      { numRuns: 60 },
    );
  });
  it('p-values lie in [0, 1], mid-p ≤ exact, and swapping b and c changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), (b, c) => {
        const r = mcnemar(b, c);
        const s = mcnemar(c, b);
        for (const p of [r.pExact, r.pMidP, r.pChi2Corrected, r.pChi2Uncorrected]) {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
        expect(r.pMidP).toBeLessThanOrEqual(r.pExact);
        expect(s.pExact).toBe(r.pExact);
        expect(s.pMidP).toBe(r.pMidP);
      }),
      { numRuns: 80 },
    );
  });
  it('pins errors for invalid counts', () => {
    expect(() => mcnemar(-1, 2)).toThrow(
      new RangeError('mcnemar: b must be a non-negative integer, got -1; pass a whole count such as 0, 1, 2'),
    );
    expect(() => mcnemarFromTable([[1, 2]])).toThrow(/table must be 2×2/);
  });
  it('from outcomes: counts discordant pairs and reports the difference', () => {
    const a = [1, 1, 0, 1, 0, 1, 1, 0];
    const b = [1, 0, 1, 1, 1, 1, 1, 1];
    const r = mcnemarFromOutcomes(a, b);
    expect(r.b).toBe(1);
    expect(r.c).toBe(3);
    expect(r.difference).toBeCloseTo(2 / 8, 14);
    expect(r.se).toBeGreaterThan(0);
    expect(
      mcnemarFromTable([
        [4, 1],
        [3, 0],
      ]).pExact,
    ).toBe(r.pExact);
  });
});

describe('binomialTest', () => {
  it('matches scipy (two-sided rule and one-sided tails)', () => {
    expect(binomialTest(7, 20).pvalue).toBeCloseTo(0.26317596435546875, 14);
    expect(binomialTest(9, 40, 0.1).pvalue).toBeCloseTo(0.015495305414444483, 12);
    expect(binomialTest(2, 9, 0.5, 'less').pvalue).toBeCloseTo(0.08984375, 14);
    expect(binomialTest(7, 9, 0.5, 'greater').pvalue).toBeCloseTo(0.08984375, 12);
  });
  it('p-values lie in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        ([k, n], p) => {
          const v = binomialTest(k, n, p).pvalue;
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 60 },
    );
  });
  it('rejects k > n', () => {
    expect(() => binomialTest(5, 4)).toThrow(new RangeError('binomialTest: k must be ≤ n, got k = 5 > n = 4'));
  });
});
