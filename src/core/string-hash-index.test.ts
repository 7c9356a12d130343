import { describe, expect, it } from 'vitest';
import { hash64, StringHashIndex } from './string-hash-index.js';

describe('StringHashIndex', () => {
  it('finds every key among 50,000 after growing, and nothing for keys never added', () => {
    const index = new StringHashIndex();
    for (let i = 0; i < 50_000; i++) index.add(`case-${i}`, i * 3);
    expect(index.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(index.find(`case-${i}`)).toBe(i * 3);
    expect(index.find('case-50000')).toBeUndefined();
  });

  it('offers every entry with the same hash to confirm, so a collision is settled by the real key', () => {
    const everythingCollides = new StringHashIndex(() => [7, 7]);
    const keys = ['a', 'b', 'c'];
    keys.forEach((k, i) => everythingCollides.add(k, i));
    for (const [i, k] of keys.entries()) expect(everythingCollides.find(k, (v) => keys[v] === k)).toBe(i);
    expect(everythingCollides.find('d', (v) => keys[v] === 'd')).toBeUndefined();
  });

  it('findOrAdd answers as find and, when that finds nothing, stores as add', () => {
    const index = new StringHashIndex();
    for (let i = 0; i < 5_000; i++) expect(index.findOrAdd(`case-${i}`, i)).toBeUndefined();
    expect(index.size).toBe(5_000);
    for (let i = 0; i < 5_000; i += 97) expect(index.findOrAdd(`case-${i}`, -1)).toBe(i);
    expect(index.size).toBe(5_000);
    const everythingCollides = new StringHashIndex(() => [7, 7]);
    expect(everythingCollides.findOrAdd('a', 1)).toBeUndefined();
    expect(everythingCollides.findOrAdd('b', 2)).toBe(1);
    expect(everythingCollides.size).toBe(1);
  });

  it('spreads similar ids over 64 bits without collisions in 200,000 keys', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const [hi, lo] = hash64(`case-${String(i).padStart(7, '0')}`);
      seen.add(`${hi}:${lo}`);
    }
    expect(seen.size).toBe(200_000);
  });
});
