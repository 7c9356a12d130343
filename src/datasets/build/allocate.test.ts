import { describe, expect, it } from 'vitest';
import { allocate, allocationScores, type StratumStats } from './allocate.js';

const s = (population: number, feedback = 0, negative = 0, importance = 0): StratumStats => ({
  population,
  traffic: population,
  feedback,
  negative,
  importance,
});

describe('allocate', () => {
  it('splits proportionally with largest-remainder rounding that adds up exactly', () => {
    expect(allocate([600, 300, 100], [600, 300, 100], 100, 0)).toEqual([60, 30, 10]);
    expect(allocate([1, 1, 1], [1, 1, 1], 2, 0)).toEqual([1, 1, 0]);
    const out = allocate([333, 333, 334], [333, 333, 334], 10, 0);
    expect(out.reduce((a, b) => a + b, 0)).toBe(10);
    expect(out).toEqual([3, 3, 4]);
  });

  it('raises small strata to the floor and takes the cases from the others', () => {
    expect(allocate([100, 50, 10], [100, 50, 10], 32, 5)).toEqual([18, 9, 5]);
    expect(allocate([1000, 2], [1000, 2], 50, 5)).toEqual([48, 2]);
  });

  it('caps a stratum at its population and re-splits the rest', () => {
    expect(allocate([1000, 3, 1000], [1, 1, 1], 30, 0)).toEqual([14, 3, 13]);
  });

  it('returns the floors when they alone exceed the total', () => {
    expect(allocate([10, 10, 10, 10], [1, 1, 1, 1], 8, 5)).toEqual([5, 5, 5, 5]);
  });

  it('never asks for more than the whole population', () => {
    expect(allocate([3, 4], [3, 4], 100, 0)).toEqual([3, 4]);
  });
});

describe('allocationScores', () => {
  it('gives Neyman more cases to strata with a failure rate nearer one half', () => {
    const strata = [s(1000, 100, 1), s(1000, 100, 50)];
    const [a, b] = allocate([1000, 1000], allocationScores(strata, 'neyman', true), 100, 0);
    expect(b).toBeGreaterThan(a);
    const p1 = 2 / 102;
    const ratio = Math.sqrt(p1 * (1 - p1)) / 0.5;
    expect(a / 100).toBeCloseTo(ratio / (1 + ratio), 1);
  });

  it('moves importance allocation toward the tail and toward negative feedback', () => {
    const prop = allocate([900, 100], allocationScores([s(900), s(100)], 'proportional', true), 100, 0);
    const imp = allocate([900, 100], allocationScores([s(900), s(100)], 'importance', true), 100, 0);
    expect(prop).toEqual([90, 10]);
    expect(imp).toEqual([75, 25]);
    const neg = allocate([900, 100], allocationScores([s(900, 100, 0), s(100, 100, 100)], 'importance', true), 100, 0);
    expect(neg[1]).toBeGreaterThan(imp[1]);
  });

  it('allocates equally', () => {
    expect(allocate([900, 90, 10], allocationScores([s(900), s(90), s(10)], 'equal', true), 30, 0)).toEqual([
      10, 10, 10,
    ]);
  });

  it('allocates by traffic, not by distinct texts: a head of 50 texts with half the traffic gets half the cases', () => {
    const head = { population: 50, traffic: 10_000, feedback: 0, negative: 0, importance: 0 };
    const tail = { population: 4_000, traffic: 10_000, feedback: 0, negative: 0, importance: 0 };
    expect(allocate([50, 4_000], allocationScores([head, tail], 'proportional', true), 100, 0)).toEqual([50, 50]);
    // Capped at its distinct texts, the rest goes to the other stratum.
    expect(
      allocate([30, 4_000], allocationScores([{ ...head, population: 30 }, tail], 'proportional', true), 100, 0),
    ).toEqual([30, 70]);
  });
});
