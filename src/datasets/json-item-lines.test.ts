import { describe, expect, it } from 'vitest';
import { jsonItemLines } from './json-item-lines.js';

describe('jsonItemLines', () => {
  it('finds the line of each item of a top-level array', () => {
    expect(jsonItemLines('[\n  {"a": "x, ]"},\n\n  {"b": [1,\n 2]}, {"c": "\\"{"}\n]')).toEqual([2, 4, 5]);
    expect(jsonItemLines('[]')).toEqual([]);
    expect(jsonItemLines('[1,2,\n3]')).toEqual([1, 1, 2]);
  });

  it('finds the items of a top-level "cases" key, ignoring other lists', () => {
    const text =
      '{\n "tags": ["a", "b"],\n "name": "cases",\n "n": 3,\n "meta": {"cases": [1]},\n "cases": [\n  {"id": 1},\n  {"id": 2}\n ]\n}';
    expect(jsonItemLines(text)).toEqual([7, 8]);
  });
});
