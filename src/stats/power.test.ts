import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  brentRoot,
  findRoot,
  mcnemarExactPower,
  mcnemarSampleSize,
  millerSampleSize,
  minimumDetectableEffect,
  pairedTPower,
  pairedTSampleSize,
} from './power.js';
import { binomialPmf } from './distributions/binomial.js';
import { mcnemar } from './mcnemar.js';

describe('paired t power and sample size', () => {
  it('matches statsmodels TTestPower', () => {
    expect(pairedTPower({ effectSize: 0.5, n: 34 }).power).toBeCloseTo(0.8077775012792737, 10);
    expect(pairedTPower({ effectSize: 0.3, n: 20, alternative: 'larger' }).power).toBeCloseTo(0.36277964884642755, 10);
    const s = pairedTSampleSize({ effectSize: 0.5, power: 0.8 });
    expect(s.n).toBeCloseTo(33.36713118431864, 4);
    expect(s.nCeil).toBe(34);
  });
  it('the power at the solved n equals the target, and at ⌈n⌉ is at least the target', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 2, noNaN: true }), fc.constantFrom(0.7, 0.8, 0.9), (dz, power) => {
        const s = pairedTSampleSize({ effectSize: dz, power });
        if (s.reason) return;
        expect(pairedTPower({ effectSize: dz, n: s.n }).power).toBeCloseTo(power, 8);
        expect(pairedTPower({ effectSize: dz, n: s.nCeil }).power).toBeGreaterThanOrEqual(power - 1e-9);
      }),
      { numRuns: 20 },
    );
  });
  it('δ = 0 needs infinitely many items', () => {
    expect(pairedTSampleSize({ effectSize: 0 }).n).toBe(Infinity);
  });
  it('pins errors for α and power outside (0, 1)', () => {
    expect(() => pairedTSampleSize({ effectSize: 0.5, power: 1 })).toThrow(
      new RangeError('pairedTSampleSize: power must be in (0, 1), got 1; pass e.g. power = 0.8'),
    );
  });
});

describe('Miller sample size and MDE', () => {
  const base = { omega2: 0.08, sigma2A: 0.1, sigma2B: 0.1, kA: 1, kB: 1 };
  it('matches the closed form', () => {
    const r = millerSampleSize({ ...base, delta: 0.02 });
    expect(r.n).toBeCloseTo(5494.215814044364, 6);
    expect(r.nCeil).toBe(5495);
    expect(r.nTwoTailExact).toBeLessThan(r.n);
  });
  it('MDE at the Miller n returns δ', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.005, max: 0.3, noNaN: true }), (delta) => {
        const n = millerSampleSize({ ...base, delta }).n;
        expect(minimumDetectableEffect({ ...base, n }).mde).toBeCloseTo(delta, 12);
      }),
      { numRuns: 20 },
    );
  });
  it('more repeats shrink the MDE', () => {
    const k1 = minimumDetectableEffect({ ...base, n: 500 }).mde;
    const k5 = minimumDetectableEffect({ ...base, kA: 5, kB: 5, n: 500 }).mde;
    expect(k5).toBeLessThan(k1);
  });
  it('δ = 0 gives n = ∞', () => {
    expect(millerSampleSize({ ...base, delta: 0 }).n).toBe(Infinity);
  });
});

describe('McNemar sample size and exact power', () => {
  it('matches Connor and the Miller form', () => {
    const r = mcnemarSampleSize({ p10: 0.15, p01: 0.05 });
    expect(r.nConnor).toBeCloseTo(154.59856956021113, 9);
    expect(r.nMiller).toBeCloseTo(149.12871495263275, 9);
    expect(r.nMillerCeil).toBe(150);
  });
  it('exact power equals brute-force enumeration over the multinomial', () => {
    const n = 25;
    const p10 = 0.25;
    const p01 = 0.05;
    let brute = 0;
    for (let b = 0; b <= n; b++)
      for (let c = 0; b + c <= n; c++) {
        const prob = Math.exp(Math.log(binomialPmf(b, n, p10)) + Math.log(binomialPmf(c, n - b, p01 / (1 - p10))));
        if (mcnemar(b, c).pExact <= 0.05) brute += prob;
      }
    expect(mcnemarExactPower({ n, p10, p01 }).power).toBeCloseTo(brute, 12);
  });
  it('rejects ψ = 0 and invalid probabilities', () => {
    expect(() => mcnemarSampleSize({ p10: 0, p01: 0 })).toThrow(/discordance rate p10 \+ p01 must be > 0/);
    expect(() => mcnemarExactPower({ n: 10, p10: 0.8, p01: 0.5 })).toThrow(/p10 \+ p01 ≤ 1/);
  });
});

describe('root finders', () => {
  it('find a simple root', () => {
    expect(findRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 12);
    expect(brentRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 11);
    expect(findRoot((x) => x + 1, 0, 2)).toBeNaN();
  });
});
