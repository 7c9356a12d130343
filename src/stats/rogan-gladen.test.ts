import { describe, expect, it } from 'vitest';
import { roganGladen } from './rogan-gladen.js';

describe('roganGladen', () => {
  it('corrects the apparent rate and gives a delta-method interval (hand-computed)', () => {
    // Se = 0.9, Sp = 0.8, p = 0.55 → π = 0.35 / 0.7 = 0.5
    // Var = (0.55·0.45/100 + 0.25·0.09/20 + 0.25·0.16/20) / 0.49 = 0.0056 / 0.49
    const r = roganGladen({
      positives: 55,
      n: 100,
      truePositives: 18,
      referencePositives: 20,
      trueNegatives: 16,
      referenceNegatives: 20,
    });
    expect(r.value).toBeCloseTo(0.5, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(0.0056 / 0.49), 12);
    expect(r.lower).toBeCloseTo(0.5 - 1.959963985 * Math.sqrt(0.0056 / 0.49), 7);
    expect(r.upper).toBeCloseTo(0.5 + 1.959963985 * Math.sqrt(0.0056 / 0.49), 7);
    expect(r.apparent).toBeCloseTo(0.55, 12);
    expect(r.clipped).toBe(false);
  });

  it('subtracts the covariance of the apparent rate with Se and Sp when the labels are among the classified trials', () => {
    // Same counts, the 40 labelled trials being 40 of the 100: Var − 2·(0.5·0.09 + 0.5·0.16)/(100·0.49) = (0.0056 − 0.0025) / 0.49
    const r = roganGladen({
      positives: 55,
      n: 100,
      truePositives: 18,
      referencePositives: 20,
      trueNegatives: 16,
      referenceNegatives: 20,
      validation: 'subset',
    });
    expect(r.value).toBeCloseTo(0.5, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(0.0031 / 0.49), 12);
    // Every trial labelled and the judge perfect: the variance of the labelled rate itself, π(1−π)/n.
    const all = roganGladen({
      positives: 40,
      n: 100,
      truePositives: 40,
      referencePositives: 40,
      trueNegatives: 60,
      referenceNegatives: 60,
      validation: 'subset',
    });
    expect(all.se).toBeCloseTo(Math.sqrt((0.4 * 0.6) / 100), 12);
  });

  it('returns the apparent rate unchanged for a perfect judge', () => {
    const r = roganGladen({
      positives: 91,
      n: 100,
      truePositives: 30,
      referencePositives: 30,
      trueNegatives: 10,
      referenceNegatives: 10,
    });
    expect(r.value).toBeCloseTo(0.91, 12);
    expect(r.se).toBeCloseTo(Math.sqrt((0.91 * 0.09) / 100), 12);
  });

  it('clips a corrected value outside [0, 1] and says so', () => {
    const r = roganGladen({
      positives: 10,
      n: 100,
      truePositives: 9,
      referencePositives: 10,
      trueNegatives: 8,
      referenceNegatives: 10,
    });
    // (0.1 + 0.8 − 1) / 0.7 < 0
    expect(r.value).toBe(0);
    expect(r.clipped).toBe(true);
    expect(r.lower).toBe(0);
  });

  it('is undefined (NaN) when the judge is no better than chance or a class is empty', () => {
    const chance = roganGladen({
      positives: 50,
      n: 100,
      truePositives: 5,
      referencePositives: 10,
      trueNegatives: 5,
      referenceNegatives: 10,
    });
    expect(chance.value).toBeNaN();
    expect(chance.apparent).toBeCloseTo(0.5, 12);
    const noNegatives = roganGladen({
      positives: 50,
      n: 100,
      truePositives: 5,
      referencePositives: 10,
      trueNegatives: 0,
      referenceNegatives: 0,
    });
    expect(noNegatives.value).toBeNaN();
    expect(
      roganGladen({
        positives: 0,
        n: 0,
        truePositives: 1,
        referencePositives: 1,
        trueNegatives: 1,
        referenceNegatives: 1,
      }).apparent,
    ).toBeNaN();
  });

  it('widens the interval when alpha shrinks', () => {
    const input = {
      positives: 55,
      n: 100,
      truePositives: 18,
      referencePositives: 20,
      trueNegatives: 16,
      referenceNegatives: 20,
    };
    const r95 = roganGladen(input, 0.05);
    const r99 = roganGladen(input, 0.01);
    expect(r99.upper - r99.lower).toBeGreaterThan(r95.upper - r95.lower);
  });
});
