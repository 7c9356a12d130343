import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bcaIntervalFromReplicates, bootstrapIdealSeMean, bootstrapPercentileInterval } from './bootstrap-intervals.js';
import {
  bootstrapMeanInterval,
  bootstrapMeanReplicates,
  clusterBootstrapMeanInterval,
  createResampler,
  pairedBootstrapInterval,
} from './bootstrap.js';
import { createRng } from './rng.js';

describe('bootstrapPercentileInterval', () => {
  it('takes type-7 quantiles of the replicates', () => {
    const r = bootstrapPercentileInterval([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.2);
    expect(r).toEqual({ lower: 1, upper: 9, samples: 11 });
  });
});

describe('bcaIntervalFromReplicates', () => {
  it('falls back to the percentile interval when θ̂ is outside the replicates', () => {
    const r = bcaIntervalFromReplicates([1, 2, 3, 4], [5, 6, 7, 8]);
    expect(r.method).toBe('percentile');
    expect(r.z0).toBe(-Infinity); // θ̂ = 2.5 lies below every replicate
    expect(r.reason).toMatch(/outside the replicate range/);
  });
  it('collapses when every replicate is equal', () => {
    const r = bcaIntervalFromReplicates([2, 2, 2], [2, 2, 2, 2]);
    expect([r.lower, r.upper]).toEqual([2, 2]);
  });
  it('uses a = 0 when the jackknife has no variance', () => {
    const r = bcaIntervalFromReplicates([3, 3, 3, 3], [2.9, 3, 3.1, 3.05, 2.95]);
    expect(r.acceleration).toBe(0);
  });
  it('reduces to the percentile interval when z0 = 0 and a = 0', () => {
    const reps = Array.from({ length: 101 }, (_, i) => i / 100);
    const r = bcaIntervalFromReplicates([0.5, 0.5, 0.5], reps, { alpha: 0.1 });
    const p = bootstrapPercentileInterval(reps, 0.1);
    expect(r.lower).toBeCloseTo(p.lower, 12);
    expect(r.upper).toBeCloseTo(p.upper, 12);
  });
});

describe('seeded resampling', () => {
  it('is reproducible from the seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 2, maxLength: 30 }),
        (seed, xs) => {
          const a = bootstrapMeanReplicates(Float64Array.from(xs), createRng(seed), new Float64Array(50));
          const b = bootstrapMeanReplicates(Float64Array.from(xs), createRng(seed), new Float64Array(50));
          expect(Array.from(a)).toEqual(Array.from(b));
        },
      ),
      { numRuns: 30 },
    );
  });
  it('the Monte Carlo SE lands within 5% of the ideal bootstrap SE at B = 10,000', () => {
    const xs = [0.3, 0.1, 0.8, 0.5, 0.9, 0.2, 0.4];
    const r = bootstrapMeanInterval(xs, { seed: 3, samples: 10000 });
    expect(Math.abs(r.se / bootstrapIdealSeMean(xs) - 1)).toBeLessThan(0.05);
    expect(r.seed).toBe(3);
    expect(r.samples).toBe(10000);
  });
  it('the ideal SE is SD_ddof0/√n (full enumeration for n = 3)', () => {
    const xs = [1, 2, 4];
    let s = 0;
    let s2 = 0;
    for (const i of [0, 1, 2])
      for (const j of [0, 1, 2])
        for (const k of [0, 1, 2]) {
          const m = (xs[i] + xs[j] + xs[k]) / 3;
          s += m;
          s2 += m * m;
        }
    const sd = Math.sqrt(s2 / 27 - (s / 27) ** 2);
    expect(bootstrapIdealSeMean(xs)).toBeCloseTo(sd, 12);
  });
  it('createResampler reuses one buffer of in-range indices', () => {
    const r = createResampler(7, createRng(1));
    const first = r.next();
    expect(r.next()).toBe(first);
    expect(Array.from(first).every((i) => i >= 0 && i < 7)).toBe(true);
  });
});

describe('pairedBootstrapInterval', () => {
  it('swapping A and B negates the interval', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
          minLength: 2,
          maxLength: 40,
        }),
        (pairs) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const ab = pairedBootstrapInterval(a, b, { seed: 11, samples: 200 });
          const ba = pairedBootstrapInterval(b, a, { seed: 11, samples: 200 });
          expect(ba.value).toBeCloseTo(-ab.value, 12);
          expect(ba.lower).toBeCloseTo(-ab.upper, 12);
          expect(ba.upper).toBeCloseTo(-ab.lower, 12);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('reports B and the seed, and contains the mean difference for typical data', () => {
    const a = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const b = Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const r = pairedBootstrapInterval(a, b, { rng: createRng(8), samples: 2000 });
    expect(r).toMatchObject({ samples: 2000, seed: 8, method: 'percentile' });
    expect(r.lower).toBeLessThan(r.value);
    expect(r.upper).toBeGreaterThan(r.value);
  });
  it('BCa is available', () => {
    const a = [0.9, 0.7, 0.8, 0.6, 0.75, 0.85, 0.4, 0.95];
    const b = [0.8, 0.65, 0.8, 0.5, 0.7, 0.7, 0.45, 0.9];
    const r = pairedBootstrapInterval(a, b, { seed: 2, samples: 4000, method: 'bca' });
    expect(r.method).toBe('bca');
    expect(r.lower).toBeLessThanOrEqual(r.upper);
  });
  it('pins errors for mismatched lengths and unknown statistics', () => {
    expect(() => pairedBootstrapInterval([1, 2], [1])).toThrow(
      new RangeError(
        'pairedBootstrapInterval: a and b must have the same length (paired by item), got 2 and 1; join both runs on item id first',
      ),
    );
    expect(() => pairedBootstrapInterval([1, 2], [1, 2], { statistic: 'median' as 'mean' })).toThrow(
      /statistic must be 'mean'/,
    );
  });
  it('fewer than 2 pairs is undefined, not a zero-width interval', () => {
    const r = pairedBootstrapInterval([1], [0]);
    expect(r.lower).toBeNaN();
    expect(r.reason).toBeDefined();
  });
});

describe('clusterBootstrapMeanInterval', () => {
  it('resamples whole clusters and is wider than the item bootstrap for correlated clusters', () => {
    const values: number[] = [];
    const clusters: string[] = [];
    for (let c = 0; c < 20; c++)
      for (let k = 0; k < 10; k++) {
        values.push(c % 2 === 0 ? 1 : 0);
        clusters.push(`c${c}`);
      }
    const clustered = clusterBootstrapMeanInterval(values, clusters, { seed: 4, samples: 2000 });
    const items = bootstrapMeanInterval(values, { seed: 4, samples: 2000 });
    expect(clustered.upper - clustered.lower).toBeGreaterThan(items.upper - items.lower);
  });
});
