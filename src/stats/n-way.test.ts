import { describe, expect, it } from 'vitest';
import { mcnemar } from './mcnemar.js';
import { cochransQ, friedmanTest, rankRow } from './n-way.js';
import { createRng } from './rng.js';

/**
 * Friedman's statistic by a second, independent route: the one-way ANOVA of within-block
 * ranks, (k − 1)·Σ_j (R_j − n(k+1)/2)² / Σ_i Σ_j (r_ij − (k+1)/2)², which handles ties by
 * itself (no separate correction term).
 */
function friedmanByRankAnova(table: number[][]): number {
  const n = table.length;
  const k = table[0].length;
  const mid = (k + 1) / 2;
  const ranks = table.map((row) => rankRow(row).ranks);
  let between = 0;
  for (let j = 0; j < k; j++) {
    const sum = ranks.reduce((s, r) => s + r[j], 0);
    between += (sum - n * mid) ** 2;
  }
  const within = ranks.reduce((s, r) => s + r.reduce((t, x) => t + (x - mid) ** 2, 0), 0);
  return ((k - 1) * between) / within;
}

function randomTable(seed: number, n: number, k: number, draw: (rng: ReturnType<typeof createRng>) => number) {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Array.from({ length: k }, () => draw(rng)));
}

describe("Cochran's Q", () => {
  it('matches the hand-computed textbook value (Q = 3, p = e^−1.5 with 2 df)', () => {
    const r = cochransQ([
      [1, 1, 0],
      [1, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
    ]);
    expect(r.statistic).toBeCloseTo(3, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(Math.exp(-1.5), 12);
    expect(r.effectSize).toBeCloseTo(3 / (4 * 2), 12);
  });

  it("equals McNemar's uncorrected χ² with two runs", () => {
    for (const [b, c, both, neither] of [
      [7, 2, 10, 5],
      [1, 12, 30, 0],
      [4, 4, 3, 3],
    ]) {
      const table = [
        ...Array.from({ length: b }, () => [1, 0]),
        ...Array.from({ length: c }, () => [0, 1]),
        ...Array.from({ length: both }, () => [1, 1]),
        ...Array.from({ length: neither }, () => [0, 0]),
      ];
      expect(cochransQ(table).statistic).toBeCloseTo(mcnemar(b, c).chi2Uncorrected, 12);
    }
  });

  it("equals Friedman's tie-corrected statistic on the same 0/1 table (seeded tables)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const k = 2 + (seed % 5);
      const table = randomTable(seed, 10 + seed * 3, k, (rng) => (rng.next() < 0.6 ? 1 : 0));
      const q = cochransQ(table);
      if (Number.isNaN(q.statistic)) continue;
      expect(q.statistic).toBeCloseTo(friedmanTest(table).statistic, 9);
      expect(q.statistic).toBeCloseTo(friedmanByRankAnova(table), 9);
    }
  });

  it('is undefined with p = 1 when no case tells the runs apart, and refuses non-binary values', () => {
    const r = cochransQ([
      [1, 1, 1],
      [0, 0, 0],
    ]);
    expect(r.statistic).toBeNaN();
    expect(r.pValue).toBe(1);
    expect(r.reason).toMatch(/no case has different outcomes/);
    expect(() => cochransQ([[1, 0.5, 0]])).toThrow(/table\[0\]\[1\] must be 0 or 1, got 0.5/);
    expect(() => cochransQ([[1], [0]])).toThrow(/at least 2 treatments/);
    expect(() => cochransQ([[1, 0], [1]])).toThrow(/table\[1\] has 1 values/);
  });
});

describe('Friedman test', () => {
  it('matches the hand-computed value for three identical orderings (χ² = 6, p = e^−3)', () => {
    const r = friedmanTest([
      [3, 2, 1],
      [0.9, 0.5, 0.1],
      [30, 20, 10],
    ]);
    expect(r.statistic).toBeCloseTo(6, 12);
    expect(r.pValue).toBeCloseTo(Math.exp(-3), 12);
    expect(r.effectSize).toBeCloseTo(1, 12);
  });

  it('agrees with the rank-ANOVA form on tables with and without ties', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const k = 2 + (seed % 5);
      const coarse = seed % 2 === 0;
      const table = randomTable(seed, 5 + seed * 2, k, (rng) => (coarse ? rng.int(4) / 3 : rng.next()));
      expect(friedmanTest(table).statistic).toBeCloseTo(friedmanByRankAnova(table), 9);
    }
  });

  it('ranks ties by their average rank and counts the tie term', () => {
    expect(rankRow([0.5, 0.2, 0.5, 0.9])).toEqual({ ranks: [2.5, 1, 2.5, 4], tieTerm: 6 });
  });

  it('is undefined with p = 1 when every case ties all runs, and needs two runs', () => {
    const r = friedmanTest([
      [0.5, 0.5, 0.5],
      [1, 1, 1],
    ]);
    expect(r.statistic).toBeNaN();
    expect(r.pValue).toBe(1);
    expect(friedmanTest([]).reason).toBe('no complete block');
    expect(() => friedmanTest([[1]])).toThrow(/at least 2 treatments/);
    expect(() => friedmanTest([[1, Number.NaN]])).toThrow(/must be a finite number/);
  });
});
