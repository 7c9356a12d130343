import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialPmf } from './distributions/binomial.js';
import { computeCriticalCount, mcnemarMidPMde, mcnemarMidPPower } from './mcnemar-midp.js';
import { POWER_GUARD, sweptLowerTails } from './mcnemar-midp-sweep.js';

// The swept power sum must be within a small fraction of its guard band of the exact sum, so
// that every MDE decided on it is the exact MDE, to the bit.

/** Power-sum terms shaped like mcnemarMidPPower's: m around nψ, k near the critical count, w = Bin(m; n, ψ). */
function termsOf(n: number, psi: number) {
  const sd = Math.sqrt(n * psi * (1 - psi));
  const ms: number[] = [];
  for (let m = Math.max(1, Math.floor(n * psi - 9 * sd)); m <= Math.min(n, Math.ceil(n * psi + 9 * sd)); m++) {
    if (binomialPmf(m, n, psi) >= 1e-15) ms.push(m);
  }
  const m = Int32Array.from(ms);
  const k = Int32Array.from(ms, (x) => Math.max(0, Math.floor(x / 2 - 0.98 * Math.sqrt(x))));
  const w = Float64Array.from(ms, (x) => binomialPmf(x, n, psi));
  return { m, k, w };
}

/** The same sum, one incomplete beta per term. */
function exactLowerTails(m: Int32Array, k: Int32Array, w: Float64Array, theta: number): number {
  let sum = 0;
  for (let t = 0; t < m.length; t++) sum += w[t] * binomialCdf(k[t], m[t], theta);
  return sum;
}

/** mcnemarMidPMde as it was: the bisection on the exact power at every step (the reference). */
function exactMde(n: number, psi: number, alpha: number, power: number): number {
  const at = (delta: number) => mcnemarMidPPower({ n, p10: (psi - delta) / 2, p01: (psi + delta) / 2, alpha });
  if (at(psi) < power) return NaN;
  let lo = 0;
  let hi = psi;
  for (let i = 0; i < 50 && hi - lo > 1e-7; i++) {
    const mid = (lo + hi) / 2;
    if (at(mid) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}

describe('sweptLowerTails', () => {
  it('is within 1e-11 of the exact sum (a hundredth of the guard band) from θ = 0.001 to 0.999', () => {
    expect(POWER_GUARD).toBeGreaterThanOrEqual(100 * 1e-11);
    for (const [n, psi] of [
      [2_000, 0.3],
      [50_000, 0.05],
      [200_000, 0.35],
      [1_000_000, 0.35],
    ] as const) {
      const { m, k, w } = termsOf(n, psi);
      expect(m.length).toBeGreaterThan(64);
      for (const theta of [
        0.001, 0.01, 0.3, 0.49, 0.5, 0.5005, 0.501, 0.505, 0.51, 0.55, 0.6, 0.75, 0.9, 0.99, 0.999,
      ]) {
        const exact = exactLowerTails(m, k, w, theta);
        expect(Math.abs(sweptLowerTails(m, k, w, theta) - exact)).toBeLessThan(1e-11);
      }
    }
  });

  it('follows k down as well as up, and across gaps in m', () => {
    const m = Int32Array.from([100, 101, 105, 106, 107, 400, 401]);
    const k = Int32Array.from([40, 38, 45, 44, 50, 180, 170]);
    const w = Float64Array.from([0.1, 0.2, 0.1, 0.1, 0.2, 0.2, 0.1]);
    for (const theta of [0.3, 0.45, 0.6]) {
      expect(sweptLowerTails(m, k, w, theta)).toBeCloseTo(exactLowerTails(m, k, w, theta), 13);
    }
  });
});

describe('mcnemarMidPMde on the swept power', () => {
  it('is the MDE of the exact power, to the bit', () => {
    for (const [n, psi, alpha, power] of [
      [300, 0.3, 0.05, 0.8],
      [3_000, 0.02, 0.05, 0.8],
      [3_000, 0.3, 0.01, 0.9],
      [3_000, 1, 0.05, 0.8],
      [30_000, 0.9, 0.05, 0.8],
      [30_000, 0.3, 0.05, 0.8],
      [120_000, 0.35, 0.05, 0.8],
    ] as const) {
      expect(mcnemarMidPMde({ n, discordance: psi, alpha, power })).toBe(exactMde(n, psi, alpha, power));
    }
  });
});

describe('the critical count found from a guess', () => {
  it('is the one a bisection finds, whatever the guess', () => {
    for (const m of [1, 2, 5, 17, 100, 999, 10_000, 123_457, 350_001]) {
      for (const [level, twoSided] of [
        [0.05, true],
        [0.01, true],
        [0.05, false],
      ] as const) {
        const k = computeCriticalCount(m, level, twoSided);
        for (const near of [k - 3, k - 2, k - 1, k, k + 1, k + 5, -1, 0]) {
          expect(computeCriticalCount(m, level, twoSided, near)).toBe(k);
        }
      }
    }
  });
});
