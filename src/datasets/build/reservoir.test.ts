import { describe, expect, it } from 'vitest';
import { createRng } from '../../stats/index.js';
import { Reservoir, shuffled } from './reservoir.js';

describe('Reservoir', () => {
  it('includes every item of the stream with probability capacity / n', () => {
    const counts = new Array<number>(100).fill(0);
    const rng = createRng(11);
    const rounds = 4000;
    for (let r = 0; r < rounds; r++) {
      const res = new Reservoir<number>(10);
      for (let i = 0; i < 100; i++) res.offer(i, rng);
      for (const i of res.items) counts[i]++;
    }
    // Binomial(4000, 0.1): sd ≈ 19; 5 sd either side.
    for (const c of counts) expect(Math.abs(c - 400)).toBeLessThan(95);
    expect(counts.slice(0, 10).reduce((a, b) => a + b, 0) / 10).toBeCloseTo(400, -2);
  });

  it('shuffles reproducibly from a seed without touching the input', () => {
    const items = [1, 2, 3, 4, 5, 6];
    expect(shuffled(items, createRng(1))).toEqual(shuffled(items, createRng(1)));
    expect(items).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
