import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng, resolveRng, DEFAULT_SEED } from './rng.js';

describe('createRng', () => {
  it('is reproducible from the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed);
        for (let i = 0; i < 20; i++) expect(a.nextUint32()).toBe(b.nextUint32());
      }),
    );
  });
  it('gives different streams for neighbouring seeds', () => {
    const a = createRng(1);
    const b = createRng(2);
    const same = Array.from({ length: 50 }, () => a.nextUint32() === b.nextUint32()).filter(Boolean).length;
    expect(same).toBeLessThan(3);
  });
  it('next() lies in [0, 1) with mean near 1/2', () => {
    const r = createRng(123);
    let s = 0;
    for (let i = 0; i < 100000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      s += x;
    }
    expect(Math.abs(s / 100000 - 0.5)).toBeLessThan(0.005);
  });
  it('int(n) is uniform (chi-square over 10 bins)', () => {
    const r = createRng(99);
    const counts = new Array(10).fill(0);
    const draws = 100000;
    for (let i = 0; i < draws; i++) counts[r.int(10)]++;
    const chi2 = counts.reduce((a, c) => a + (c - draws / 10) ** 2 / (draws / 10), 0);
    expect(chi2).toBeLessThan(30); // df = 9; 30 is far in the tail
  });
  it('reports its seed and rejects bad arguments', () => {
    expect(createRng(42).seed).toBe(42);
    expect(() => createRng(Number.NaN)).toThrow(
      new RangeError('createRng: seed must be a finite number, got NaN; pass an integer such as 42'),
    );
    expect(() => createRng(1).int(0)).toThrow(RangeError);
  });
  it('resolveRng prefers rng, then seed, then the default seed', () => {
    const r = createRng(5);
    expect(resolveRng({ rng: r })).toBe(r);
    expect(resolveRng({ seed: 9 }).seed).toBe(9);
    expect(resolveRng(undefined).seed).toBe(DEFAULT_SEED);
  });
});
