import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.js';

describe('formatCount', () => {
  it('groups the digits of a whole number by thousands with commas', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(100_000)).toBe('100,000');
    expect(formatCount(-1_234_567)).toBe('-1,234,567');
  });

  it('writes every number as toLocaleString("en-US") does', () => {
    const samples = [-0, 1.5, -0.25, 1e21, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 60, NaN, Infinity];
    for (let digits = 1; digits <= 16; digits++) {
      const base = 10 ** (digits - 1);
      samples.push(base, -base, base * 9 + 7, -(base * 3 + 1));
    }
    for (const n of samples) expect(formatCount(n), String(n)).toBe(n.toLocaleString('en-US'));
  });
});
