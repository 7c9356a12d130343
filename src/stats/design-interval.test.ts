import { describe, expect, it } from 'vitest';
import { stratifiedProportionInterval } from './design-interval.js';
import { wilsonInterval } from './proportion-intervals.js';

describe('stratifiedProportionInterval', () => {
  it('sums the within-stratum linearised variances, flooring a stratum without spread', () => {
    const r = stratifiedProportionInterval([1, 0, 1, 1], [10, 10, 30, 30], ['a', 'a', 'b', 'b']);
    expect(r.value).toBeCloseTo(0.875, 12);
    // a: z = ±10·0.5/80, 2·Σz²/(2 − 1) = 0.015625; b: all pass, floored at 0.75²·(3/4)(1/4)/2 = 0.052734375.
    expect(r.se ** 2).toBeCloseTo(0.015625 + 0.052734375, 12);
    expect(r.nEff).toBeCloseTo((0.875 * 0.125) / (0.015625 + 0.052734375), 12);
  });

  it('is the Wilson interval of a simple random sample when there is one stratum of equal weights', () => {
    const y = [1, 1, 0, 1, 0, 1, 1, 1, 0, 1];
    const r = stratifiedProportionInterval(
      y,
      y.map(() => 1),
      y.map(() => 's'),
    );
    // V = s²/n with the n − 1 denominator: n_eff = p(1 − p)·n·(n − 1)/(n·p(1 − p)·n) = n − 1.
    expect(r.nEff).toBeCloseTo(9, 10);
    const w = wilsonInterval(7, 10);
    expect(r.lower).toBeLessThan(w.lower);
    expect(r.upper).toBeGreaterThan(w.upper);
  });

  it('has no variance from a census stratum (sampling fraction 1) and a vacuous interval without weight', () => {
    const r = stratifiedProportionInterval([1, 0, 1, 0], [1, 1, 2, 2], ['a', 'a', 'b', 'b'], {
      samplingFraction: [1, 1, 0, 0],
    });
    expect(r.se ** 2).toBeCloseTo(2 * ((2 / 6) * 0.5) ** 2 * 2, 12);
    expect(stratifiedProportionInterval([1], [0], ['a'])).toMatchObject({ value: NaN, lower: 0, upper: 1 });
  });
});
