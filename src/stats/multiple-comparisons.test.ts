import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adjustPValues, benjaminiHochberg, benjaminiYekutieli, holm } from './multiple-comparisons.js';

const family = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 });

describe('multiple comparisons', () => {
  it('match statsmodels in input order', () => {
    expect(holm([0.01, 0.04, 0.03, 0.005]).map((x) => +x.toFixed(12))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]).map((x) => +x.toFixed(12))).toEqual([0.02, 0.04, 0.04, 0.02]);
    expect(benjaminiHochberg([0, 0.05, 0.051])).toEqual([0, 0.051, 0.051]);
  });
  it('empty family → empty result; m = 1 → unchanged', () => {
    expect(holm([])).toEqual([]);
    expect(benjaminiHochberg([0.03])).toEqual([0.03]);
    expect(benjaminiYekutieli([0.03])).toEqual([0.03]);
  });
  it('raw ≤ BH ≤ BY, BH ≤ Holm, all within [0, 1]', () => {
    fc.assert(
      fc.property(family, (p) => {
        const h = holm(p);
        const bh = benjaminiHochberg(p);
        const by = benjaminiYekutieli(p);
        p.forEach((raw, i) => {
          expect(bh[i]).toBeGreaterThanOrEqual(raw - 1e-15);
          expect(h[i]).toBeGreaterThanOrEqual(bh[i] - 1e-15);
          expect(by[i]).toBeGreaterThanOrEqual(bh[i] - 1e-15);
          for (const v of [h[i], bh[i], by[i]]) {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(1);
          }
        });
      }),
    );
  });
  it('preserves the order of the raw p-values', () => {
    fc.assert(
      fc.property(family, (p) => {
        const h = holm(p);
        const bh = benjaminiHochberg(p);
        for (let i = 0; i < p.length; i++)
          for (let j = 0; j < p.length; j++) {
            if (p[i] < p[j]) {
              expect(h[i]).toBeLessThanOrEqual(h[j]);
              expect(bh[i]).toBeLessThanOrEqual(bh[j]);
            }
          }
      }),
    );
  });
  it('adjustPValues flags rejections at α', () => {
    expect(adjustPValues([0.01, 0.04, 0.03, 0.005], 'holm').reject).toEqual([true, false, false, true]);
  });
  it('pins errors for invalid p-values', () => {
    expect(() => holm([0.5, Number.NaN])).toThrow(
      new RangeError(
        'holm: pValues[1] must be in [0, 1], got NaN; drop undefined tests from the family before adjusting',
      ),
    );
  });
});
