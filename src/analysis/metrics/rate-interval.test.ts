import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePaired } from '../compare/compare-paired.js';
import { detectableEffect, pairedBinaryMde, rateMde } from './mde.js';
import { mcnemarMidPMde, mcnemarMidPPower } from '../../stats/index.js';
import { meanInterval, rateInterval } from './rate-interval.js';

const SEED = 20_261_205;
const caseRate = fc
  .record({
    graded: fc.integer({ min: 0, max: 6 }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
    weight: fc.constantFrom(1, 1, 1, 0.5, 2, 5),
  })
  .map(({ graded, share, weight }) => ({ passes: Math.round(share * graded), graded, weight }));

const inUnit = (e: { value: number; lower: number; upper: number }) => {
  expect(e.lower).toBeGreaterThanOrEqual(0);
  expect(e.upper).toBeLessThanOrEqual(1);
  expect(e.lower).toBeLessThanOrEqual(e.upper);
  if (Number.isFinite(e.value)) {
    expect(e.lower).toBeLessThanOrEqual(e.value + 1e-12);
    expect(e.upper).toBeGreaterThanOrEqual(e.value - 1e-12);
  }
};

describe('rateInterval', () => {
  it('is Wilson on counts for one repeat and equal weights (the demo numbers)', () => {
    const r = rateInterval([1, 1, 0].map((p) => ({ passes: p, graded: 1, weight: 1 })));
    expect(r).toMatchObject({ method: 'wilson', n: 3, nEff: 3 });
    expect(r.lower).toBeCloseTo(0.2077, 4);
    expect(r.upper).toBeCloseTo(0.9385, 4);
  });

  it('never collapses to a point: two all-pass cases with repeats keep a wide interval', () => {
    const r = rateInterval([
      { passes: 2, graded: 2, weight: 1 },
      { passes: 2, graded: 2, weight: 1 },
    ]);
    expect(r.value).toBe(1);
    expect(r.nEff).toBe(2);
    expect(r.lower).toBeLessThan(0.5);
  });

  it('with repeats, takes nEff between the cases and the trials', () => {
    const cases = Array.from({ length: 30 }, (_, i) => ({ passes: i % 3, graded: 3, weight: 1 }));
    const r = rateInterval(cases);
    expect(r.method).toBe('wilson-clustered');
    expect(r.nEff).toBeGreaterThanOrEqual(30);
    expect(r.nEff).toBeLessThanOrEqual(90);
  });

  it('keeps every rate interval inside [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.array(caseRate, { maxLength: 40 }), (cases) => {
        const r = rateInterval(cases);
        inUnit(r);
        expect(r.nEff).toBeLessThanOrEqual(Math.max(1, r.trials));
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('keeps every mean-score interval inside [0, 1] (property)', () => {
    const arb = fc.array(fc.record({ m: fc.double({ min: 0, max: 1, noNaN: true }), w: fc.constantFrom(1, 2, 0.5) }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(arb, (xs) =>
        inUnit(
          meanInterval(
            xs.map((x) => x.m),
            xs.map((x) => x.w),
          ),
        ),
      ),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('detectableEffect', () => {
  it('never exceeds 100 points, and is NaN below two cases (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (p, n) => {
        const mde = rateMde(p, n).value;
        if (n < 2) expect(mde).toBeNaN();
        else expect(mde).toBeLessThanOrEqual(1);
      }),
      { seed: SEED, numRuns: 400 },
    );
    expect(detectableEffect({ variance: 0.5, n: 2 })).toBe(1);
  });

  it('one repeat of pass/fail is the mid-p McNemar test’s exact MDE, labelled so', () => {
    const p = 113 / 206;
    const single = rateMde(p, 206, 0.05, 0.8, true);
    expect(single.method).toBe('mcnemar-midp');
    expect(single.value).toBeCloseTo(mcnemarMidPMde({ n: 206, discordance: 2 * p * (1 - p) }), 12);
    // Its power at the MDE is the target: the test that decides, not a normal formula.
    const psi = 2 * p * (1 - p);
    const at = (d: number) => mcnemarMidPPower({ n: 206, p10: (psi - d) / 2, p01: (psi + d) / 2 });
    expect(at(single.value)).toBeGreaterThanOrEqual(0.8);
    expect(at(single.value - 0.002)).toBeLessThan(0.8);
    const normal = rateMde(p, 206);
    expect(normal.method).toBe('normal');
    expect(normal.value).toBeCloseTo(0.1374, 4);
    // All-pass: ψ is floored at one discordant case, so the MDE is finite and ≤ 1.
    expect(pairedBinaryMde({ n: 30, discordance: 0 })).toBeLessThanOrEqual(1);
    expect(pairedBinaryMde({ n: 1, discordance: 0.3 })).toBeNaN();
  });

  it('where no change within ψ is detectable, is the smallest change that moves enough cases one way', () => {
    // 200 cases all passing (ψ = 0) or at 99% (ψ ≈ 0.02): the MDE was 100 points ("nothing within reach").
    for (const rate of [1, 0.99, 0.995]) {
      const m = rateMde(rate, 200, 0.05, 0.8, true);
      expect(m.method).toBe('mcnemar-midp');
      expect(m.value).toBeCloseTo(0.0334, 3);
      const at = (d: number) => mcnemarMidPPower({ n: 200, p10: 0, p01: d });
      expect(at(m.value)).toBeGreaterThanOrEqual(0.8);
      expect(at(m.value - 1e-4)).toBeLessThan(0.8);
    }
    expect(rateMde(1, 10_000, 0.05, 0.8, true).value).toBeCloseTo(0.00067, 5);
    // Where a change within ψ is detectable, nothing changed (200 cases at 98%).
    const psi = 2 * 0.98 * (1 - 0.98);
    expect(rateMde(0.98, 200, 0.05, 0.8, true).value).toBe(mcnemarMidPMde({ n: 200, discordance: psi }));
    // The MDE goes down as cases are added, through the switch between the two searches.
    let last = 1;
    for (const n of [10, 20, 50, 100, 200, 500, 1000]) {
      const v = rateMde(1, n, 0.05, 0.8, true).value;
      expect(v).toBeLessThan(last);
      last = v;
    }
    // 4 cases can never show a change at α = 0.05 (every pair flipping gives mid-p 0.0625).
    expect(rateMde(1, 4, 0.05, 0.8, true).value).toBe(1);
  });
});

describe('paired sides and differences', () => {
  it('keep sides in [0, 1] and the difference in [−1, 1] (property)', () => {
    const arb = fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })), {
      minLength: 0,
      maxLength: 25,
    });
    fc.assert(
      fc.property(arb, fc.boolean(), (pairs, single) => {
        const r = comparePaired(
          { baseline: pairs.map((p) => p[0]), candidate: pairs.map((p) => p[1]) },
          { kind: 'binary', singleBinary: single, alpha: 0.05, power: 0.8, seed: 1, bootstrapSamples: 200 },
        );
        if (pairs.length === 0) return;
        inUnit(r.baseline);
        inUnit(r.candidate);
        if (Number.isFinite(r.delta.lower)) expect(r.delta.lower).toBeGreaterThanOrEqual(-1);
        if (Number.isFinite(r.delta.upper)) expect(r.delta.upper).toBeLessThanOrEqual(1);
        if (Number.isFinite(r.mde)) expect(r.mde).toBeLessThanOrEqual(1);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
