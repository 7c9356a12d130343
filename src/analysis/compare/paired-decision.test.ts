import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { comparePaired, type PairedOptions } from './compare-paired.js';

const binary: PairedOptions = {
  kind: 'binary',
  singleBinary: true,
  alpha: 0.05,
  power: 0.8,
  seed: 1,
  bootstrapSamples: 200,
};
const scores: PairedOptions = {
  kind: 'continuous',
  singleBinary: false,
  alpha: 0.05,
  power: 0.8,
  seed: 1,
  bootstrapSamples: 200,
};

function check(r: ReturnType<typeof comparePaired>): void {
  const { lower, upper, value } = r.delta;
  expect(lower).toBeGreaterThanOrEqual(-1);
  expect(upper).toBeLessThanOrEqual(1);
  expect(upper - lower).toBeGreaterThan(0);
  expect(lower).toBeLessThanOrEqual(value);
  expect(upper).toBeGreaterThanOrEqual(value);
  const excludesZero = lower > 0 || upper < 0;
  const significant = r.verdict === 'improved' || r.verdict === 'regressed';
  expect(significant).toBe(excludesZero);
  if (r.verdict === 'improved') expect(lower).toBeGreaterThan(0);
  if (r.verdict === 'regressed') expect(upper).toBeLessThan(0);
}

describe('comparePaired: interval and verdict', () => {
  it('never contradict, never have zero width, stay in [−1, 1] (pass/fail, one repeat)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 2, maxLength: 120 }), (pairs) => {
        check(comparePaired({ baseline: pairs.map(([a]) => +a), candidate: pairs.map(([, b]) => +b) }, binary));
      }),
      { numRuns: 150 },
    );
  });

  it('never contradict for per-case means, including all-equal differences', () => {
    const share = fc.integer({ min: 0, max: 3 }).map((k) => k / 3);
    fc.assert(
      fc.property(fc.array(fc.tuple(share, share), { minLength: 2, maxLength: 60 }), (pairs) => {
        check(comparePaired({ baseline: pairs.map(([a]) => a), candidate: pairs.map(([, b]) => b) }, scores));
      }),
      { numRuns: 100 },
    );
    check(comparePaired({ baseline: [1, 1, 1], candidate: [1, 1, 1] }, scores));
    check(comparePaired({ baseline: Array(40).fill(0), candidate: Array(40).fill(1) }, scores));
  });

  it('strong evidence is still significant', () => {
    const r = comparePaired(
      {
        baseline: Array(40)
          .fill(0)
          .map((_, i) => +(i < 30)),
        candidate: Array(40).fill(1),
      },
      binary,
    );
    expect(r.verdict).toBe('improved');
  });

  it('0 or 1 paired case is not comparable, never "no change"', () => {
    for (const opts of [binary, scores]) {
      expect(comparePaired({ baseline: [], candidate: [] }, opts).verdict).toBe('not-comparable');
      const one = comparePaired({ baseline: [1], candidate: [1] }, opts);
      expect(one.verdict).toBe('not-comparable');
      expect(one.significant).toBe(false);
    }
  });
});
