import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { passAtK, passAtKAggregate, passHatK } from './pass-at-k.js';

function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

describe('passAtK / passHatK', () => {
  it('agree with exact binomial ratios', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 60 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }), fc.integer({ min: 1, max: n }))),
        ([n, c, k]) => {
          const total = Number(choose(n, k));
          expect(passAtK(n, c, k)).toBeCloseTo(1 - Number(choose(n - c, k)) / total, 12);
          expect(passHatK(n, c, k)).toBeCloseTo(Number(choose(c, k)) / total, 12);
          expect(passHatK(n, c, k)).toBeLessThanOrEqual(passAtK(n, c, k) + 1e-12);
        },
      ),
    );
  });
  it('matches the reference and stays finite for large n', () => {
    expect(passAtK(200, 13, 100)).toBeCloseTo(0.9999194971988055, 12);
    expect(passAtK(100, 1, 50)).toBeCloseTo(0.5, 14);
    expect(passAtK(5, 2, 4)).toBe(1);
    expect(Number.isFinite(passAtK(100000, 500, 1000))).toBe(true);
  });
  it('k > n is undefined; k = 0 and c > n are errors', () => {
    expect(passAtK(3, 1, 5)).toBeNaN();
    expect(passHatK(3, 1, 5)).toBeNaN();
    expect(() => passAtK(10, 3, 0)).toThrow(
      new RangeError('passAtK: k must be a positive integer, got 0; pass@0 is not a meaningful metric, use k ≥ 1'),
    );
    expect(() => passAtK(10, 11, 1)).toThrow(/c must be an integer in \[0, n\], got c = 11 with n = 10/);
  });
});

describe('passAtKAggregate', () => {
  it('averages over problems with the SE over problems', () => {
    const r = passAtKAggregate(
      [
        { n: 10, c: 3 },
        { n: 10, c: 0 },
        { n: 10, c: 10 },
        { n: 10, c: 6 },
      ],
      2,
    );
    expect(r.mean).toBeCloseTo(0.6, 14);
    expect(r.se).toBeCloseTo(0.22277708506403804, 12);
    expect(r.perProblem[1]).toBe(0);
  });
  it('is undefined, with a reason, when k exceeds a problem’s samples or there is one problem', () => {
    expect(
      passAtKAggregate(
        [
          { n: 3, c: 1 },
          { n: 10, c: 2 },
        ],
        5,
      ).reason,
    ).toMatch(/exceeds/);
    expect(passAtKAggregate([{ n: 10, c: 2 }], 1).se).toBeNaN();
  });
  it('supports pass^k', () => {
    expect(
      passAtKAggregate(
        [
          { n: 4, c: 2 },
          { n: 4, c: 4 },
        ],
        2,
        'pass^k',
      ).mean,
    ).toBeCloseTo((1 / 6 + 1) / 2, 14);
  });
});
