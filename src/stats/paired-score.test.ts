import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binomialPmf } from './distributions/binomial.js';
import { normalQuantile } from './distributions/normal.js';
import {
  boundedNonInferiorityTest,
  boundedScoreInterval,
  boundedScorePValue,
  tangoNonInferiorityTest,
  tangoScoreInterval,
  tangoScoreStatistic,
} from './paired-score.js';

/** Tango's Z from a brute-force maximisation of the trinomial likelihood (golden section on p10). */
function bruteTango(n12: number, n21: number, n: number, d0: number): number {
  const m = n - n12 - n21;
  const ll = (q: number) => {
    const p12 = q + d0;
    const p0 = 1 - 2 * q - d0;
    return (n12 > 0 ? n12 * Math.log(p12) : 0) + (n21 > 0 ? n21 * Math.log(q) : 0) + (m > 0 ? m * Math.log(p0) : 0);
  };
  let a = Math.max(0, -d0) + 1e-15;
  let b = (1 - d0) / 2 - 1e-15;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 300; i++) {
    const x1 = b - g * (b - a);
    const x2 = a + g * (b - a);
    if (ll(x1) < ll(x2)) a = x1;
    else b = x2;
  }
  const q = (a + b) / 2;
  return (n12 - n21 - n * d0) / Math.sqrt(n * (2 * q + d0 * (1 - d0)));
}

function diffs(n12: number, n21: number, n: number): number[] {
  return [...Array(n12).fill(1), ...Array(n21).fill(-1), ...Array(n - n12 - n21).fill(0)];
}

/** Exact probability that the non-inferiority test passes at the boundary Δ = −margin, discordance ψ. */
function exactSize(
  n: number,
  margin: number,
  psi: number,
  alpha: number,
  test: (c: number, b: number) => number,
): number {
  const theta = (psi - margin) / (2 * psi); // share of discordant pairs that favour the candidate
  let size = 0;
  for (let m = 0; m <= n; m++) {
    const w = binomialPmf(m, n, psi);
    if (w < 1e-13) continue;
    for (let c = 0; c <= m; c++) if (test(c, m - c) <= alpha) size += w * binomialPmf(c, m, theta);
  }
  return size;
}

describe('Tango score statistic', () => {
  it('matches a brute-force restricted maximum likelihood', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 200 }),
        fc.nat(),
        fc.nat(),
        fc.double({ min: -0.4, max: 0.4, noNaN: true }),
        (n, x, y, raw) => {
          const d0 = Math.abs(raw) < 1e-6 ? 0 : raw;
          const n12 = x % (n + 1);
          const n21 = y % (n - n12 + 1);
          expect(tangoScoreStatistic(n12, n21, n, d0)).toBeCloseTo(bruteTango(n12, n21, n, d0), 5);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('generalises exactly: the bounded score test equals Tango on {−1, 0, 1} data', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }),
        fc.nat(),
        fc.nat(),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (n, x, y, raw) => {
          const margin = raw < 1e-6 ? 0 : raw;
          const n12 = x % (n + 1);
          const n21 = y % (n - n12 + 1);
          const t = tangoNonInferiorityTest(n12, n21, n, margin);
          const g = boundedNonInferiorityTest(diffs(n12, n21, n), margin);
          expect(g.statistic).toBeCloseTo(t.statistic, 8);
          expect(g.pvalue).toBeCloseTo(t.pvalue, 8);
          const ci = tangoScoreInterval(n12, n21, n);
          const cb = boundedScoreInterval(diffs(n12, n21, n));
          expect(cb.lower).toBeCloseTo(ci.lower, 7);
          expect(cb.upper).toBeCloseTo(ci.upper, 7);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('at δ0 = 0 is the uncorrected McNemar z', () => {
    expect(tangoScoreStatistic(12, 3, 100, 0)).toBeCloseTo(9 / Math.sqrt(15), 12);
  });
});

describe('non-inferiority at the margin', () => {
  const alpha = 0.05;
  it('holds α exactly at the boundary over the nuisance discordance (exact enumeration)', () => {
    let worst = 0;
    for (const n of [10, 20, 50, 100]) {
      for (const margin of [0.02, 0.05, 0.1, 0.2]) {
        for (const psi of [margin, margin * 1.5, margin * 3, 0.3, 0.6, 0.95]) {
          if (psi > 1) continue;
          const size = exactSize(n, margin, psi, alpha, (c, b) => tangoNonInferiorityTest(c, b, n, margin).pvalue);
          worst = Math.max(worst, size);
          expect(size, `n=${n} margin=${margin} ψ=${psi}`).toBeLessThanOrEqual(alpha);
        }
      }
    }
    expect(worst).toBeGreaterThan(0.04); // not needlessly conservative
  });

  it('without the ½ correction Tango’s test is liberal (why the correction is there)', () => {
    const z = normalQuantile(0.95);
    const size = exactSize(20, 0.2, 0.2, alpha, (c, b) => (tangoScoreStatistic(c, b, 20, -0.2) >= z ? 0 : 1));
    expect(size).toBeGreaterThan(0.06);
  });

  it('equal differences never prove non-inferiority on a few cases, and do on many', () => {
    expect(tangoNonInferiorityTest(0, 0, 2, 0.05).pvalue).toBeGreaterThan(0.5);
    expect(boundedNonInferiorityTest([0, 0], 0.05).pvalue).toBeGreaterThan(0.5);
    expect(boundedNonInferiorityTest(Array(5).fill(0.2), 0.05).pvalue).toBeGreaterThan(0.05);
    expect(tangoNonInferiorityTest(0, 0, 1000, 0.05).pvalue).toBeLessThan(1e-6);
    expect(boundedNonInferiorityTest(Array(1000).fill(0), 0.05).pvalue).toBeLessThan(1e-6);
  });
});

describe('score intervals', () => {
  it('no discordant pair: ±z²/(n + z²), never zero width', () => {
    const z = normalQuantile(0.975);
    const ci = tangoScoreInterval(0, 0, 30);
    expect(ci.upper).toBeCloseTo((z * z) / (30 + z * z), 9);
    expect(ci.lower).toBeCloseTo(-(z * z) / (30 + z * z), 9);
  });

  it('stay inside [−1, 1], contain the estimate, have width, and invert their test', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 2, maxLength: 40 }), (d) => {
        const ci = boundedScoreInterval(d);
        expect(ci.lower).toBeGreaterThanOrEqual(-1);
        expect(ci.upper).toBeLessThanOrEqual(1);
        expect(ci.upper - ci.lower).toBeGreaterThan(0);
        expect(ci.lower).toBeLessThanOrEqual(ci.value + 1e-12);
        expect(ci.upper).toBeGreaterThanOrEqual(ci.value - 1e-12);
        const inside = ci.lower < -1e-9 && ci.upper > 1e-9;
        const outside = ci.lower > 1e-9 || ci.upper < -1e-9;
        if (inside) expect(boundedScorePValue(d)).toBeGreaterThan(0.05);
        if (outside) expect(boundedScorePValue(d)).toBeLessThan(0.05);
      }),
      { numRuns: 100 },
    );
  });

  it('Tango interval for paired proportions is the score-test inversion', () => {
    const ci = tangoScoreInterval(9, 2, 60);
    const z = normalQuantile(0.975);
    expect(tangoScoreStatistic(9, 2, 60, ci.lower)).toBeCloseTo(z, 6);
    expect(tangoScoreStatistic(9, 2, 60, ci.upper)).toBeCloseTo(-z, 6);
  });
});

describe('Tango interval: exact coverage (enumeration over every outcome)', () => {
  function coverage(n: number, p10: number, p01: number): number {
    const psi = p10 + p01;
    const truth = p01 - p10;
    let total = 0;
    for (let m = 0; m <= n; m++) {
      const w = binomialPmf(m, n, psi);
      if (w < 1e-12) continue;
      for (let c = 0; c <= m; c++) {
        const ci = tangoScoreInterval(c, m - c, n);
        if (ci.lower <= truth && truth <= ci.upper) total += w * binomialPmf(c, m, p01 / psi);
      }
    }
    return total;
  }
  it('stays at or above 94% from 30 pairs, also with few discordant pairs', () => {
    for (const n of [30, 100]) {
      for (const [p10, p01] of [
        [0.035, 0.065],
        [0.05, 0.05],
        [0.07, 0.13],
        [0.15, 0.15],
        [0.02, 0.2],
      ]) {
        const cov = coverage(n, p10, p01);
        expect(cov, `n=${n} p10=${p10} p01=${p01}`).toBeGreaterThanOrEqual(0.94);
        expect(cov).toBeLessThan(0.995);
      }
    }
  });
});
