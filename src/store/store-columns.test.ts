import { describe, expect, it } from 'vitest';
import { CaseColumnsBuilder, compareKeys, compareKeysAt, type CaseJson } from './store-columns.js';

const page = (ids: readonly string[]): CaseJson => [
  [...ids],
  ids.map((_, i) => (i % 2 ? 'edge' : 'typical')),
  ids.map((id) => JSON.stringify({ id })),
  ids.map((_, i) => i + 1),
];

describe('CaseColumnsBuilder', () => {
  it('builds the same columns whatever the expected count (a hint: fewer or more cases still fit)', () => {
    const build = (expected?: number) => {
      const builder = new CaseColumnsBuilder(expected);
      builder.add(page(['a', 'b', 'c']));
      builder.add(page(['d', 'e']));
      return builder.finish();
    };
    const exact = build(5);
    expect(exact.caseIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(exact.slices).toEqual(['typical', 'edge', 'typical', 'typical', 'edge']);
    expect(exact.metadata[3]).toEqual({ id: 'd' });
    expect([...exact.weights]).toEqual([1, 2, 3, 1, 2]);
    for (const expected of [undefined, 0, 2, 40]) expect(build(expected)).toEqual(exact);
  });

  it('shares equal metadata while few are distinct, and reads every case right past that', () => {
    const ids = Array.from({ length: 6000 }, (_, i) => `c${String(i).padStart(5, '0')}`);
    const builder = new CaseColumnsBuilder(ids.length);
    // Cases 0–4999 have metadata of their own; 5000–5999 repeat two shared ones.
    const metadata = ids.map((_, i) => JSON.stringify(i < 5000 ? { source: i } : { tier: i % 2 ? 'pro' : 'free' }));
    builder.add([ids, ids.map(() => 'typical'), metadata, ids.map(() => 1)]);
    const columns = builder.finish();
    expect(columns.metadata.map((m) => JSON.stringify(m))).toEqual(metadata);
    expect(columns.metadata.every((m) => Object.isFrozen(m))).toBe(true);
    expect(columns.metadata[0]).not.toBe(columns.metadata[1]);
    // Past the first 4,096 distinct ones, equal metadata is still equal, if not the same object.
    expect(columns.metadata[5001]).toEqual(columns.metadata[5003]);
  });

  it('has no last id before the first page, and the last added after each', () => {
    const builder = new CaseColumnsBuilder(10);
    expect(builder.lastId).toBeUndefined();
    builder.add(page(['a', 'b']));
    expect(builder.lastId).toBe('b');
    expect(builder.finish().caseIds).toHaveLength(2);
  });
});

describe('compareKeysAt', () => {
  it('orders rows as compareKeys does, with or without ids where UTF-16 and code point order differ', () => {
    const sign = (x: number) => Math.sign(x);
    for (const ids of [
      ['b', 'a', 'b', 'ab', '', 'a'],
      ['\ue000', '\ud83d\ude00', 'a', '\ue000', 'z\uffff', 'z\ud800'],
    ]) {
      const repeats = ids.map((_, i) => (i * 5) % 3);
      const compare = compareKeysAt(ids, repeats);
      for (let a = 0; a < ids.length; a++)
        for (let b = 0; b < ids.length; b++)
          expect(sign(compare(a, b))).toBe(sign(compareKeys(ids[a], repeats[a], ids[b], repeats[b])));
    }
  });

  it('puts cases read out of order in code point order', () => {
    const builder = new CaseColumnsBuilder();
    builder.add(page(['\ud83d\ude00', '\ue000', 'b', 'a']));
    expect(builder.finish().caseIds).toEqual(['a', 'b', '\ue000', '\ud83d\ude00']);
  });
});
