import { describe, expect, it } from 'vitest';
import { StringHashIndex } from '../core/string-hash-index.js';
import { StreamValidator } from './stream-validator.js';
import { datasetVersion } from './version.js';
import { parseCase } from './parse-case.js';

const rows = [
  { id: 'a', input: 'one' },
  { id: 'b', input: 'two' },
  { id: 'a', input: 'copy of one' },
  { id: 'c', input: 'three' },
  { id: 'b', input: 'copy of two' },
];

/** Feeds rows as lines 1…n of qa.jsonl, then confirms suspects from the same rows (what openDataset's second read does). */
function validate(validator: StreamValidator) {
  rows.forEach((raw, i) => validator.add(raw, `qa.jsonl:${i + 1}`, i + 1));
  const wanted = validator.wantedLines();
  const firstRows = new Map([...wanted].map((line) => [line, { id: rows[line - 1]!.id, where: `qa.jsonl:${line}` }]));
  validator.confirm(firstRows);
  return validator.finish();
}

describe('StreamValidator', () => {
  it('reports each duplicate id with both lines, exactly, even when every id hash collides', () => {
    for (const ids of [new StringHashIndex(), new StringHashIndex(() => [1, 2])]) {
      const error = (() => {
        try {
          validate(new StreamValidator('qa.jsonl', { ids }));
        } catch (e) {
          return e as { code: string; issues: { path: string; message: string }[] };
        }
      })();
      expect(error?.code).toBe('DATASET_INVALID');
      expect(error?.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
        "qa.jsonl:3: id: duplicate id 'a', first used at qa.jsonl:1; give each case its own id or remove the copy",
        "qa.jsonl:5: id: duplicate id 'b', first used at qa.jsonl:2; give each case its own id or remove the copy",
      ]);
    }
  });

  it('counts and versions colliding but different ids like any others, matching datasetVersion', () => {
    const unique = [
      { id: 'x', input: '1' },
      { id: 'y', input: '2' },
      { id: 'z', input: '3' },
    ];
    const validator = new StreamValidator('u.jsonl', { ids: new StringHashIndex(() => [0, 0]) });
    unique.forEach((raw, i) => validator.add(raw, `u.jsonl:${i + 1}`, i + 1));
    const wanted = validator.wantedLines();
    expect([...wanted]).toEqual([1]);
    validator.confirm(new Map([[1, { id: 'x', where: 'u.jsonl:1' }]]));
    const cases = unique.map((raw, i) => parseCase(raw, `u.jsonl:${i + 1}`).case!);
    expect(validator.finish()).toEqual({ count: 3, version: datasetVersion(cases), conversations: 0 });
  });
});
