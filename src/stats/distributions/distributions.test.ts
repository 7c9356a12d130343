import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { betaPdf, inverseRegularizedBeta, regularizedBeta, regularizedBetaUpper } from './beta.js';
import { binomialCdf, binomialPmf, binomialSf } from './binomial.js';
import { chiSquareSf, logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';
import { noncentralTCdf, noncentralTSf } from './noncentral-t.js';
import { normalCdf, normalQuantile, normalSf } from './normal.js';
import { tCdf, tQuantile, tTwoSidedTail } from './student-t.js';

const close = (got: number, want: number, rel = 1e-12): void => {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(want)));
};

describe('logGamma', () => {
  it('matches log factorials', () => {
    let lf = 0;
    for (let n = 1; n < 60; n++) {
      close(logGamma(n), lf, 1e-14);
      lf += Math.log(n);
    }
  });
  it('matches Γ(1/2) = √π and the reflection region', () => {
    close(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15);
    close(logGamma(0.25), Math.log(3.625609908221908), 1e-14);
  });
});

describe('incomplete gamma and chi-square', () => {
  it('P + Q = 1', () => {
    for (const [a, x] of [
      [0.5, 0.1],
      [3, 2],
      [10, 15],
      [50, 40],
    ])
      close(regularizedGammaP(a, x) + regularizedGammaQ(a, x), 1, 1e-14);
  });
  it('chi-square with df = 1 is the two-sided normal tail', () => {
    for (const z of [0.1, 1, 1.96, 3, 6]) close(chiSquareSf(z * z, 1), 2 * normalSf(z), 1e-13);
  });
  it('chi-square with df = 2 is exp(−x/2)', () => {
    for (const x of [0.5, 3, 20]) close(chiSquareSf(x, 2), Math.exp(-x / 2), 1e-14);
  });
});

describe('normal', () => {
  it('hits reference quantiles', () => {
    close(normalQuantile(0.975), 1.959963984540054, 1e-15);
    close(normalQuantile(0.8), 0.8416212335729143, 1e-15);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
  it('quantile inverts the CDF across the range, tails included', () => {
    fc.assert(
      fc.property(fc.double({ min: -37, max: 5, noNaN: true }), (z) => {
        const p = normalCdf(z);
        if (p <= 0 || p >= 1) return;
        // Above 0 the rounding of p = Φ(z) near 1 limits any inverse to ~eps/φ(z).
        const slack = z > 0 ? 2.3e-16 / Math.exp(-0.5 * z * z) : 0;
        expect(Math.abs(normalQuantile(p) - z)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(z)) + slack);
      }),
    );
  });
  it('cdf and sf are complementary', () => {
    for (const z of [-3, -0.2, 0, 1, 4]) close(normalCdf(z) + normalSf(z), 1, 1e-15);
  });
});

describe('student t', () => {
  it('hits reference quantiles', () => {
    close(tQuantile(0.975, 1), 12.706204736174707, 1e-13);
    // scipy 1.17 (1.10's stdtrit was accurate to ~1e-11 only).
    close(tQuantile(0.975, 9), 2.262157162798205, 1e-13);
    close(tQuantile(0.025, 3), -3.182446305284263, 1e-12);
  });
  it('quantile inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
        close(tCdf(tQuantile(p, df), df), p, 1e-11);
      }),
    );
  });
  it('two-sided tail keeps precision for large t', () => {
    expect(tTwoSidedTail(50, 10)).toBeGreaterThan(0);
    expect(tTwoSidedTail(50, 10)).toBeLessThan(1e-12);
  });
});

describe('beta', () => {
  it('inverse inverts I_x', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-8, max: 1 - 1e-8, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (p, a, b) => {
          const x = inverseRegularizedBeta(p, a, b);
          if (1 - x < 1e-12) return; // the answer is closer to 1 than doubles can resolve
          // Slack for the spacing of doubles near x (x close to 1 cannot be finer than eps).
          // A root finder lands within a few ulps of x at best: allow 16 ulps of x times the density.
          const slack = 16 * 2.3e-16 * betaPdf(x, a, b);
          const err =
            p < 0.5 ? Math.abs(regularizedBeta(x, a, b) - p) : Math.abs(regularizedBetaUpper(x, a, b) - (1 - p));
          expect(err).toBeLessThanOrEqual(1e-10 * Math.min(p, 1 - p) + slack);
        },
      ),
    );
  });
  it('upper tail is the complement', () => {
    close(regularizedBeta(0.3, 2, 5) + regularizedBetaUpper(0.3, 2, 5), 1, 1e-15);
  });
});

describe('binomial', () => {
  it('cdf and sf agree with summed pmf', () => {
    for (const [n, p] of [
      [10, 0.5],
      [37, 0.12],
      [200, 0.9],
    ] as const) {
      let s = 0;
      for (let k = 0; k <= n; k++) {
        s += binomialPmf(k, n, p);
        close(binomialCdf(k, n, p), s, 1e-11);
        close(binomialSf(k, n, p), 1 - s, 1e-10);
      }
    }
  });
});

describe('noncentral t', () => {
  it('reduces to the central t at δ = 0', () => {
    close(noncentralTCdf(1.3, 7, 0), tCdf(1.3, 7), 1e-15);
  });
  it('matches the reference power of a paired t test', () => {
    const crit = tQuantile(0.975, 33);
    const nc = 0.5 * Math.sqrt(34);
    close(noncentralTSf(crit, 33, nc) + noncentralTCdf(-crit, 33, nc), 0.8077775012792737, 1e-10);
  });
  it('stays a CDF for large noncentrality (no underflow)', () => {
    const a = noncentralTCdf(55, 3000, 60);
    const b = noncentralTCdf(60, 3000, 60);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThan(1);
    expect(Math.abs(b - 0.5)).toBeLessThan(0.1);
  });
  it('cdf + sf = 1 on both sides of 0', () => {
    for (const t of [-2, -0.5, 0.5, 3]) close(noncentralTCdf(t, 12, 1.5) + noncentralTSf(t, 12, 1.5), 1, 1e-14);
  });
});
