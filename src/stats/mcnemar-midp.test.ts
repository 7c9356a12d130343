import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialCdf, binomialPmf, binomialSf, logChoose } from './distributions/binomial.js';
import { mcnemar } from './mcnemar.js';
import {
  mcnemarMidP,
  mcnemarMidPMde,
  mcnemarMidPOneWayMde,
  mcnemarMidPPower,
  mcnemarMidPSampleSize,
} from './mcnemar-midp.js';
import { mcnemarExactPower, mcnemarSampleSize } from './power.js';

/** Power by direct enumeration of the trinomial (candidate-only c, baseline-only b). */
function brutePower(n: number, p10: number, p01: number, alpha: number, side: 'two-sided' | 'less'): number {
  let power = 0;
  for (let c = 0; c <= n; c++) {
    for (let b = 0; b + c <= n; b++) {
      const logP =
        logChoose(n, c) +
        logChoose(n - c, b) +
        c * Math.log(p01) +
        b * Math.log(p10) +
        (n - b - c) * Math.log(1 - p01 - p10);
      if (mcnemarMidP(c, b, side) <= alpha) power += Math.exp(logP);
    }
  }
  return power;
}

describe('mcnemarMidP', () => {
  it('two-sided equals mcnemar().pMidP', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 80 }), (b, c) => {
        expect(mcnemarMidP(c, b)).toBeCloseTo(mcnemar(b, c).pMidP, 12);
      }),
      { numRuns: 60 },
    );
  });

  it('one-sided tails by hand', () => {
    expect(mcnemarMidP(0, 5, 'less')).toBeCloseTo(0.5 / 32, 15);
    expect(mcnemarMidP(1, 4, 'less')).toBeCloseTo(1 / 32 + 0.5 * (5 / 32), 15);
    expect(mcnemarMidP(5, 0, 'greater')).toBeCloseTo(0.5 / 32, 15);
    expect(mcnemarMidP(0, 0, 'less')).toBe(1);
  });
});

describe('mcnemarMidPPower and sample size', () => {
  it('matches direct enumeration of the trinomial', () => {
    for (const [n, p10, p01] of [
      [30, 0.05, 0.2],
      [60, 0.1, 0.02],
      [45, 0.08, 0.12],
    ]) {
      for (const side of ['two-sided', 'less'] as const) {
        const want = brutePower(n, p10, p01, 0.05, side);
        expect(mcnemarMidPPower({ n, p10, p01, side })).toBeCloseTo(want, 10);
      }
    }
  });

  it('is the smallest stable n and below the exact test’s', () => {
    const p10 = 0.035;
    const p01 = 0.065;
    const s = mcnemarMidPSampleSize({ p10, p01 });
    for (let k = 0; k <= 10; k++) expect(mcnemarMidPPower({ n: s.n + k, p10, p01 })).toBeGreaterThanOrEqual(0.8);
    expect(mcnemarMidPPower({ n: s.n - 1, p10, p01 }) < 0.8 || mcnemarMidPPower({ n: s.n - 12, p10, p01 }) < 0.8).toBe(
      true,
    );
    const connor = mcnemarSampleSize({ p10, p01 }).nConnorCeil;
    expect(s.n).toBeLessThan(connor * 1.02);
    expect(mcnemarExactPower({ n: s.n, p10, p01 }).power).toBeLessThan(0.8);
  });
});

describe('mcnemarMidPMde', () => {
  it('is where the exact power reaches the target, and agrees with the sample size', () => {
    const psi = 0.1;
    const mde = mcnemarMidPMde({ n: 862, discordance: psi });
    const at = (d: number) => mcnemarMidPPower({ n: 862, p10: (psi - d) / 2, p01: (psi + d) / 2 });
    expect(at(mde)).toBeGreaterThanOrEqual(0.8);
    expect(at(mde - 1e-4)).toBeLessThan(0.8);
    // 862 pairs is what 3 points at ψ = 0.1 need, so the MDE there is (just under) 3 points.
    expect(mde).toBeGreaterThan(0.027);
    expect(mde).toBeLessThanOrEqual(0.03);
    expect(mcnemarMidPMde({ n: 5, discordance: 0.1 })).toBeNaN();
  });
});

describe('mcnemarMidPOneWayMde', () => {
  it('is where the power with every changed pair one way reaches the target', () => {
    for (const n of [5, 30, 200, 10_000]) {
      const mde = mcnemarMidPOneWayMde({ n, from: 0 });
      const at = (d: number) => mcnemarMidPPower({ n, p10: 0, p01: d });
      expect(at(mde)).toBeGreaterThanOrEqual(0.8);
      expect(at(mde * (1 - 1e-4))).toBeLessThan(0.8);
    }
    // Five pairs all one way is the first count the two-sided mid-p test rejects (0.5⁵ = 0.031):
    // at 10,000 pairs the answer is where P(Poisson(nδ) ≥ 5) = 0.8, nδ ≈ 6.72.
    expect(mcnemarMidPOneWayMde({ n: 10_000, from: 0 }) * 10_000).toBeCloseTo(6.72, 1);
    // `from` at or past the answer is returned as it is; 4 pairs can never reject.
    expect(mcnemarMidPOneWayMde({ n: 200, from: 0.1 })).toBe(0.1);
    expect(mcnemarMidPOneWayMde({ n: 4, from: 0 })).toBeNaN();
    expect(() => mcnemarMidPOneWayMde({ n: 10, from: 2 })).toThrow(/from must be in \[0, 1\]/);
  });
});

describe('mcnemarMidPPower with its terms made once per (n, ψ)', () => {
  /** The power sum as it was written before its terms were kept: every term made on each call. */
  function powerAsBefore(n: number, p10: number, p01: number, alpha: number): number {
    const psi = p10 + p01;
    const theta = p01 / psi;
    const sd = Math.sqrt(n * psi * (1 - psi));
    const from = Math.max(1, Math.floor(n * psi - 9 * sd - 1));
    const to = Math.min(n, Math.ceil(n * psi + 9 * sd + 1));
    let power = 0;
    for (let m = from; m <= to; m++) {
      const w = binomialPmf(m, n, psi);
      if (w < 1e-15) continue;
      // The critical count by its definition: the largest k with a two-sided mid-p at or under α.
      let k = -1;
      while (k + 1 < m / 2 && 2 * (binomialCdf(k, m, 0.5) + 0.5 * binomialPmf(k + 1, m, 0.5)) <= alpha) k++;
      if (k < 0) continue;
      power += w * (binomialCdf(k, m, theta) + binomialSf(m - k - 1, m, theta));
    }
    return Math.min(1, power);
  }

  it('gives the same power, to the bit, along an MDE bisection', () => {
    for (const [n, psi] of [
      [60, 0.3],
      [2_000, 0.12],
      [4_000, 0.42],
    ] as const) {
      for (const delta of [0, psi / 7, psi / 3, psi / 2, psi]) {
        const p10 = (psi - delta) / 2;
        const p01 = (psi + delta) / 2;
        expect(mcnemarMidPPower({ n, p10, p01 })).toBe(powerAsBefore(n, p10, p01, 0.05));
      }
    }
  });
});
