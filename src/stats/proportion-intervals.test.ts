import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialPmf, binomialSf } from './distributions/binomial.js';
import {
  clopperPearsonInterval,
  clopperPearsonLowerBound,
  weightedProportionInterval,
  wilsonInterval,
} from './proportion-intervals.js';

const counts = fc.integer({ min: 1, max: 5000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const alphas = fc.constantFrom(0.01, 0.05, 0.1, 0.2);

describe('wilsonInterval', () => {
  it('matches the reference at the edges', () => {
    expect(wilsonInterval(0, 10)).toMatchObject({ value: 0, lower: 0 });
    expect(wilsonInterval(0, 10).upper).toBeCloseTo(0.27753279986288926, 12);
    expect(wilsonInterval(10, 10).upper).toBe(1);
  });
  it('n = 0 is the vacuous interval with value NaN', () => {
    const r = wilsonInterval(0, 0);
    expect(r.value).toBeNaN();
    expect([r.lower, r.upper]).toEqual([0, 1]);
  });
  it('contains p̂ and stays inside [0, 1]', () => {
    fc.assert(
      fc.property(counts, alphas, ([x, n], a) => {
        const r = wilsonInterval(x, n, a);
        expect(r.lower).toBeGreaterThanOrEqual(0);
        expect(r.upper).toBeLessThanOrEqual(1);
        expect(r.lower).toBeLessThanOrEqual(r.value);
        expect(r.upper).toBeGreaterThanOrEqual(r.value);
      }),
    );
  });
  it('narrows as α grows', () => {
    const wide = wilsonInterval(30, 80, 0.01);
    const narrow = wilsonInterval(30, 80, 0.2);
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
  });
  it('pins the error for x > n', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(
      new RangeError('wilsonInterval: successes must be ≤ n, got successes = 11 > n = 10; count each item once'),
    );
    expect(() => wilsonInterval(1.5, 10)).toThrow(/successes must be a non-negative integer, got 1.5/);
  });
});

describe('clopperPearsonInterval', () => {
  it('uses the closed forms at the edges', () => {
    expect(clopperPearsonInterval(0, 1).upper).toBeCloseTo(0.975, 14);
    expect(clopperPearsonInterval(20, 20).lower).toBeCloseTo(Math.pow(0.025, 1 / 20), 14);
  });
  it('matches the reference in the interior', () => {
    const r = clopperPearsonInterval(5, 10);
    expect(r.lower).toBeCloseTo(0.18708602844739855, 12);
    expect(r.upper).toBeCloseTo(0.8129139715526015, 12);
  });
  it('contains p̂, stays inside [0, 1] and is wider than Wilson at the edges', () => {
    fc.assert(
      fc.property(counts, alphas, ([x, n], a) => {
        const r = clopperPearsonInterval(x, n, a);
        expect(r.lower).toBeGreaterThanOrEqual(0);
        expect(r.upper).toBeLessThanOrEqual(1);
        expect(r.lower).toBeLessThanOrEqual(r.value + 1e-12);
        expect(r.upper).toBeGreaterThanOrEqual(r.value - 1e-12);
      }),
    );
    expect(clopperPearsonInterval(0, 10).upper).toBeGreaterThan(wilsonInterval(0, 10).upper);
  });
  it('n = 0 is vacuous', () => {
    expect(clopperPearsonInterval(0, 0)).toMatchObject({ lower: 0, upper: 1 });
  });
});

describe('weightedProportionInterval', () => {
  it('equal weights give Wilson', () => {
    const v = [1, 0, 1, 1, 0, 1, 1, 1];
    const w = weightedProportionInterval(v, new Array(8).fill(2));
    const ref = wilsonInterval(6, 8);
    expect(w.value).toBeCloseTo(ref.value, 14);
    expect(w.lower).toBeCloseTo(ref.lower, 12);
    expect(w.upper).toBeCloseTo(ref.upper, 12);
    expect(w.nEff).toBeCloseTo(8, 12);
  });
  it('unequal weights shrink the effective n and widen the interval', () => {
    const v = [1, 0, 1, 1, 0, 1, 1, 1];
    const eq = weightedProportionInterval(v, new Array(8).fill(1));
    const uneq = weightedProportionInterval(v, [5, 1, 1, 1, 1, 1, 1, 5]);
    expect(uneq.nEff).toBeLessThan(8);
    expect(uneq.upper - uneq.lower).toBeGreaterThan(eq.upper - eq.lower - 0.05);
  });
  it('rejects values outside [0, 1]', () => {
    expect(() => weightedProportionInterval([2], [1])).toThrow(/values01\[0\] must be in \[0, 1\], got 2/);
  });
});

describe('clopperPearsonLowerBound', () => {
  it('clears a bar exactly when the one-sided binomial test rejects H0: p ≤ bar', () => {
    for (const n of [1, 5, 10, 30, 100]) {
      for (let x = 0; x <= n; x++) {
        const lower = clopperPearsonLowerBound(x, n, 0.975);
        for (const bar of [0.1, 0.5, 0.7, 0.9, 0.95]) {
          const pUpper = binomialSf(x - 1, n, bar); // P(X ≥ x | p = bar)
          if (Math.abs(pUpper - 0.025) < 1e-9) continue; // on the knife edge either side is right
          expect(lower >= bar, `x=${x} n=${n} bar=${bar}`).toBe(pUpper <= 0.025);
        }
      }
    }
  });

  it('is the lower end of the two-sided interval at twice the tail', () => {
    for (const [x, n] of [
      [3, 10],
      [27, 30],
      [700, 1000],
    ]) {
      expect(clopperPearsonLowerBound(x, n, 0.975)).toBeCloseTo(clopperPearsonInterval(x, n, 0.05).lower, 12);
    }
  });

  it('holds its level at the boundary: false passes ≤ 2.5% at every n (exact binomial sum)', () => {
    for (const n of [5, 10, 30, 100, 1000]) {
      let falsePass = 0;
      for (let x = 0; x <= n; x++) if (clopperPearsonLowerBound(x, n) >= 0.7) falsePass += binomialPmf(x, n, 0.7);
      expect(falsePass).toBeLessThanOrEqual(0.025);
    }
  });

  it('takes effective (fractional) counts and rejects impossible ones', () => {
    const b = clopperPearsonLowerBound(21.6, 28.3);
    expect(b).toBeGreaterThan(clopperPearsonLowerBound(21, 28.3));
    expect(b).toBeLessThan(clopperPearsonLowerBound(22, 28.3));
    expect(clopperPearsonLowerBound(0, 0)).toBe(0);
    expect(() => clopperPearsonLowerBound(5, 4)).toThrow(/successes must be in \[0, n\]/);
  });
});
