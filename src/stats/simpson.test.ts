import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simpsonsParadoxCheck } from './simpson.js';

describe('simpsonsParadoxCheck', () => {
  it('flags the kidney-stone reversal and lists the size mismatches', () => {
    const r = simpsonsParadoxCheck([
      { segment: 'small', nA: 87, correctA: 81, nB: 270, correctB: 234 },
      { segment: 'large', nA: 263, correctA: 192, nB: 80, correctB: 55 },
    ]);
    expect(r.paradox).toBe(true);
    expect(r.aggregateDelta).toBeCloseTo(0.04571428571428571, 14);
    expect(r.standardizedDelta).toBeLessThan(0);
    expect(r.sizeMismatches).toHaveLength(2);
  });
  it('never flags a paired comparison with identical segment sizes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 200 }),
            fc.double({ min: 0, max: 1, noNaN: true }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (segs) => {
          const segments = segs.map(([n, ra, rb]) => ({
            nA: n,
            correctA: Math.round(ra * n),
            nB: n,
            correctB: Math.round(rb * n),
          }));
          const r = simpsonsParadoxCheck(segments);
          expect(r.paradox).toBe(false);
          expect(r.sizeMismatches).toEqual([]);
          expect(r.standardizedDelta).toBeCloseTo(r.aggregateDelta, 12);
        },
      ),
    );
  });
  it('a zero pooled delta is not a paradox', () => {
    const r = simpsonsParadoxCheck([
      { nA: 50, correctA: 25, nB: 50, correctB: 30 },
      { nA: 50, correctA: 40, nB: 50, correctB: 35 },
    ]);
    expect(r.paradox).toBe(false);
  });
  it('pins errors', () => {
    expect(() => simpsonsParadoxCheck([{ nA: 5, correctA: 6, nB: 5, correctB: 1 }])).toThrow(/correct must be ≤ n/);
  });
});
