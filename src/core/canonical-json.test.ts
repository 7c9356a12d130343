/* eslint-disable no-irregular-whitespace -- the pinned JSON holds U+2028 as JSON.stringify writes it */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './hash.js';

// Pinned with the canonical JSON as it was before it was rewritten for speed: what it writes is
// hashed into dataset versions, generated case ids and response cache keys, so it must never change.
describe('canonicalJson', () => {
  it('writes keys sorted (array-index keys first, in numeric order), at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toMatchInlineSnapshot(
      `"{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}"`,
    );
    expect(
      canonicalJson({ '10': 1, '2': 2, a: 3, B: 4, '': 5, '-1': 6, '01': 7, '4294967295': 8 }),
    ).toMatchInlineSnapshot(`"{"2":2,"10":1,"":5,"-1":6,"01":7,"4294967295":8,"B":4,"a":3}"`);
    expect(canonicalJson({ é: 1, e: 2, '😀': 3, ﬀ: 4, Z: 5 })).toMatchInlineSnapshot(
      `"{"Z":5,"e":2,"é":1,"😀":3,"ﬀ":4}"`,
    );
  });

  it('writes numbers, strings and empty values as JSON.stringify does', () => {
    expect(canonicalJson([1.0, 1e21, -0, 0.1 + 0.2, 1e-7, -1.5e300, 2 ** 53 + 2, NaN, Infinity])).toMatchInlineSnapshot(
      `"[1,1e+21,0,0.30000000000000004,1e-7,-1.5e+300,9007199254740994,null,null]"`,
    );
    expect(
      canonicalJson(['"\\\n\t\u0001\u001f\u007f\u2028\u2029', '\ud800', '\udc00x', '😀', '']),
    ).toMatchInlineSnapshot(`"["\\"\\\\\\n\\t\\u0001\\u001f  ","\\ud800","\\udc00x","😀",""]"`);
    expect(canonicalJson({ a: undefined, b: [undefined, null], c: {}, d: [] })).toMatchInlineSnapshot(
      `"{"b":[null,null],"c":{},"d":[]}"`,
    );
    // eslint-disable-next-line no-sparse-arrays
    expect(canonicalJson([1, , 3])).toMatchInlineSnapshot(`"[1,null,3]"`);
    expect(canonicalJson('x')).toMatchInlineSnapshot(`""x""`);
    expect(canonicalJson(null)).toMatchInlineSnapshot(`"null"`);
    expect(canonicalJson(true)).toMatchInlineSnapshot(`"true"`);
  });

  it('sees objects that are not plain JSON as their own enumerable keys', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1},"a":2}'))).toMatchInlineSnapshot(`"{"a":2,"b":1}"`);
    expect(
      canonicalJson({ when: new Date(0), map: new Map([[1, 2]]), n: new Number(3), s: new String('ab') }),
    ).toMatchInlineSnapshot(`"{"map":{},"n":{},"s":{"0":"a","1":"b"},"when":{}}"`);
    expect(canonicalJson({ f: () => 1, s: Symbol('s'), a: [() => 1] })).toMatchInlineSnapshot(`"{"a":[null]}"`);
    expect(canonicalJson({ b: 1, toJSON: () => ({ z: 1, a: 2 }) })).toMatchInlineSnapshot(`"{"z":1,"a":2}"`);
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toMatchInlineSnapshot(
      `"{"a":2,"b":1}"`,
    );
    expect(() => canonicalJson({ a: 1n })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Do not know how to serialize a BigInt]`,
    );
  });

  it('writes what a sorted plain copy gives JSON.stringify (how it was computed before), for any value', () => {
    const key = fc.oneof(
      fc.constantFrom('__proto__', '10', '2', '01', '', 'a', 'B', 'é', 'toString', 'length'),
      fc.string(),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.anything({
          withBoxedValues: true,
          withMap: true,
          withSet: true,
          withDate: true,
          withNullPrototype: true,
          withSparseArray: true,
          withTypedArray: true,
        }),
        fc.array(tie('value')),
        fc.dictionary(key, tie('value')),
        fc.constantFrom(-0, 1e21, Number.NaN, undefined),
      ),
    }));
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(JSON.stringify(sortedCopy(v)));
      }),
    );
  });
});

/** The sorted copy canonicalJson was computed from before it was written in one pass. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortedCopy(v);
  }
  return out;
}
