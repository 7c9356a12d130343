import { describe, expect, it } from 'vitest';
import { canonicalJson, MAX_JSON_DEPTH, nestingDepth } from './hash.js';

const nested = (levels: number): unknown => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('hashing deep values', () => {
  it('measures depth without recursion, even 100,000 levels deep', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(nestingDepth(nested(100_000), Number.MAX_SAFE_INTEGER)).toBe(100_000);
  });

  it('refuses a value deeper than the limit with a clear error instead of overflowing the stack', () => {
    expect(() => canonicalJson(nested(5_000))).toThrow(
      `A value nests deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels.`,
    );
    expect(canonicalJson(nested(MAX_JSON_DEPTH))).toHaveLength(2 * MAX_JSON_DEPTH);
  });
});
