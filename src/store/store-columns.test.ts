import { describe, expect, it } from 'vitest';
import { CaseColumnsBuilder, type CaseJson } from './store-columns.js';

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

  it('has no last id before the first page, and the last added after each', () => {
    const builder = new CaseColumnsBuilder(10);
    expect(builder.lastId).toBeUndefined();
    builder.add(page(['a', 'b']));
    expect(builder.lastId).toBe('b');
    expect(builder.finish().caseIds).toHaveLength(2);
  });
});
