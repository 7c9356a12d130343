import { describe, expect, it } from 'vitest';
import { generatedCaseId } from './case-id.js';
import { parseCase } from './parse-case.js';

describe('parseCase', () => {
  it('fills defaults and keeps optional fields only when given', () => {
    expect(parseCase({ input: 'Hi' }, 'x:1')).toEqual({
      case: { id: generatedCaseId('Hi', undefined), input: 'Hi', slice: 'typical', metadata: {}, weight: 1 },
    });
    expect(parseCase({ id: 7, input: { q: 1 }, expected: null, source: 'trace-1' }, 'x:1').case).toEqual({
      id: '7',
      input: { q: 1 },
      expected: null,
      slice: 'typical',
      metadata: {},
      weight: 1,
      source: 'trace-1',
    });
  });

  it('generates ids from input and expected only, whatever the key order', () => {
    const a = parseCase({ input: { b: 1, a: 2 }, expected: 'x', slice: 'edge' }, 'x:1').case?.id;
    const b = parseCase({ expected: 'x', input: { a: 2, b: 1 } }, 'x:2').case?.id;
    expect(a).toBe(b);
    expect(a).toMatch(/^c_[0-9a-f]{12}$/);
    expect(parseCase({ input: { a: 2, b: 1 }, expected: 'y' }, 'x:3').case?.id).not.toBe(a);
  });

  it('returns every problem of a row, each starting with its field', () => {
    const result = parseCase(
      { id: '', input: [], slice: 3, weight: -1, metadata: { a: [1], b: Infinity }, source: 5, extra: 1 },
      'f.jsonl:9',
    );
    expect(result.issues?.map((i) => `${i.path}: ${i.message}`)).toMatchInlineSnapshot(`
      [
        "f.jsonl:9: extra: unknown field; move it under "metadata" (e.g. {"metadata": {"extra": …}}) or use one of: id, input, expected, slice, metadata, weight, source, turns, simulatedUser",
        "f.jsonl:9: input: an empty list; chat messages need at least one {"role", "content"}",
        "f.jsonl:9: id: must be a non-empty string or a number, got ""; leave it out to generate one",
        "f.jsonl:9: slice: must be a non-empty string (typical, edge, adversarial, regression…), got 3",
        "f.jsonl:9: weight: must be a finite number > 0, got -1",
        "f.jsonl:9: metadata.a: must be a string, number, boolean or null, got an array; flatten it (e.g. "a_field": …)",
        "f.jsonl:9: metadata.b: must be a finite number, got Infinity",
        "f.jsonl:9: source: must be a string, got 5",
      ]
    `);
  });

  it('accepts chat messages and rejects malformed ones', () => {
    expect(parseCase({ input: [{ role: 'user', content: 'hi', name: 'ada' }] }, 'x:1').case?.input).toEqual([
      { role: 'user', content: 'hi', name: 'ada' },
    ]);
    expect(parseCase({ input: ['hi'] }, 'x:1').issues?.[0].message).toBe(
      'input[0]: a chat message must be {"role", "content"}, got "hi"',
    );
    expect(parseCase({ input: null }, 'x:1').issues?.[0].message).toBe(
      'input: must be a string, chat messages or an object, got null',
    );
  });
});
