import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from './rng.js';
import { signFlipPermutationTest } from './sign-flip.js';

/** Brute force over all 2^n patterns, for cross-checking the meet-in-the-middle count. */
function bruteForce(d: number[]): { less: number; greater: number } {
  const n = d.length;
  const t = d.reduce((a, b) => a + b, 0) / n;
  const tol = 1e-14 * Math.max(1, Math.abs(t), d.reduce((a, b) => a + Math.abs(b), 0) / n);
  let less = 0;
  let greater = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += mask & (1 << i) ? d[i] : -d[i];
    const m = s / n;
    if (m >= t - tol) greater++;
    if (m <= t + tol) less++;
  }
  return { less: less / 2 ** n, greater: greater / 2 ** n };
}

describe('signFlipPermutationTest', () => {
  it('matches scipy permutation_test (exact)', () => {
    const r = signFlipPermutationTest([0.5, 1.25, -0.25, 0.75, 1.0, 0.5, -0.5, 1.5]);
    expect(r).toMatchObject({ statistic: 0.59375, nSignPatterns: 256, exact: true });
    expect(r.pvalue).toBeCloseTo(0.0703125, 14);
    expect(signFlipPermutationTest([1, 2, 3, 4, 5], { alternative: 'greater' }).pvalue).toBeCloseTo(1 / 32, 15);
  });
  it('meet-in-the-middle equals brute force, ties included', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -4, max: 4 }).map((x) => x / 3),
          { minLength: 1, maxLength: 12 },
        ),
        (d) => {
          const r = signFlipPermutationTest(d);
          const bf = bruteForce(d);
          expect(r.pLess).toBeCloseTo(bf.less, 14);
          expect(r.pGreater).toBeCloseTo(bf.greater, 14);
        },
      ),
      { numRuns: 60 },
    );
  });
  it('n = 1 and all-zero differences give p = 1', () => {
    expect(signFlipPermutationTest([0.3]).pvalue).toBe(1);
    expect(signFlipPermutationTest([0, 0, 0]).pvalue).toBe(1);
  });
  it('swapping A and B (negating d) negates the statistic and keeps the two-sided p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 16 }), (d) => {
        const r = signFlipPermutationTest(d);
        const s = signFlipPermutationTest(d.map((x) => -x));
        expect(s.statistic).toBeCloseTo(-r.statistic, 14);
        expect(s.pvalue).toBeCloseTo(r.pvalue, 14);
        expect(r.pvalue).toBeGreaterThanOrEqual(0);
        expect(r.pvalue).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
  });
  it('enumerates every sign pattern exactly at n = 20 (its speed is measured in bench/stats-bench.ts)', () => {
    const d = Array.from({ length: 20 }, (_, i) => Math.sin(i + 1));
    const r = signFlipPermutationTest(d);
    expect(r.exact).toBe(true);
    expect(r.nSignPatterns).toBe(2 ** 20);
  });
  it('Monte Carlo is seeded, reported, and close to the exact answer', () => {
    const d = Array.from({ length: 22 }, (_, i) => Math.sin(3 * i + 1) + 0.25);
    const exact = signFlipPermutationTest(d, { maxExactN: 22 });
    const mc1 = signFlipPermutationTest(d, { seed: 5, samples: 20000 });
    const mc2 = signFlipPermutationTest(d, { rng: createRng(5), samples: 20000 });
    expect(mc1.exact).toBe(false);
    expect(mc1).toMatchObject({ seed: 5, samples: 20000 });
    expect(mc2.pvalue).toBe(mc1.pvalue);
    expect(Math.abs(mc1.pvalue - exact.pvalue)).toBeLessThan(0.01);
  });
  it('uses the normal limit above normalAbove, agreeing with Monte Carlo on a large sample', () => {
    const rng = createRng(11);
    const d = Array.from({ length: 3000 }, () => rng.next() - 0.48);
    const mc = signFlipPermutationTest(d, { seed: 3, samples: 20000 });
    const normal = signFlipPermutationTest(d, { normalAbove: 1000 });
    expect(normal).toMatchObject({ method: 'normal-limit', exact: false });
    expect(normal.samples).toBeUndefined();
    expect(mc.method).toBe('monte-carlo');
    expect(Math.abs(normal.pvalue - mc.pvalue)).toBeLessThan(0.01);
    // Σd / √Σd² by hand.
    const z = d.reduce((a, b) => a + b, 0) / Math.sqrt(d.reduce((a, b) => a + b * b, 0));
    expect(normal.pGreater).toBeCloseTo(0.5 * (1 - erf(z / Math.SQRT2)), 6);
  });
  it('pins errors', () => {
    expect(() => signFlipPermutationTest([1], { maxExactN: 60 })).toThrow(
      new RangeError(
        'signFlipPermutationTest: maxExactN must be an integer in [0, 40], got 60; 20 enumerates about a million patterns',
      ),
    );
  });
});

/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), independent of the library's own normal CDF. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
