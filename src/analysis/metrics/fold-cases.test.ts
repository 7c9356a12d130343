import { describe, expect, it } from 'vitest';
import type { CaseColumns } from '../../store/types.js';
import { FoldCases } from './fold-cases.js';

const dataset: CaseColumns = {
  caseIds: ['a', 'b', 'c', 'd'],
  slices: ['typical', 'edge', 'typical', 'edge'],
  metadata: [{ lang: 'en' }, { lang: 'fr' }, {}, { lang: 'de' }],
  weights: Float64Array.from([1, 2, 1, 3]),
};

/** What the fold's columns must hold: each case's own fields, or the defaults for a case the dataset lacks. */
function expected(rows: readonly (number | string)[]) {
  return {
    caseIds: rows.map((k) => (typeof k === 'string' ? k : dataset.caseIds[k])),
    slices: rows.map((k) => (typeof k === 'string' ? 'typical' : dataset.slices[k])),
    metadata: rows.map((k) => (typeof k === 'string' ? {} : dataset.metadata[k])),
    weights: Float64Array.from(rows, (k) => (typeof k === 'string' ? 1 : dataset.weights[k])),
  };
}

function fold(rows: readonly (number | string)[]) {
  const cases = new FoldCases(dataset);
  for (const k of rows) cases.add(typeof k === 'string' ? -1 : k, typeof k === 'string' ? k : dataset.caseIds[k]);
  return cases.finish();
}

describe('FoldCases', () => {
  it("shares the dataset's columns when the run's cases are its rows in order", () => {
    const columns = fold([0, 1, 2, 3]);
    expect(columns).toEqual(expected([0, 1, 2, 3]));
    expect(columns.caseIds).toBe(dataset.caseIds);
    expect(columns.weights).toBe(dataset.weights);
  });

  it('copies a prefix when the run stopped early', () => {
    expect(fold([0, 1])).toEqual(expected([0, 1]));
  });

  it('copies the cases before the first one out of line, then goes on with its own columns', () => {
    for (const rows of [
      [0, 2, 3],
      [1, 0],
      ['zz', 0, 1],
      [0, 1, 2, 3, 'zz'],
      [0, 'b2', 2],
    ]) {
      const columns = fold(rows);
      expect(columns).toEqual(expected(rows));
      expect(columns.caseIds).not.toBe(dataset.caseIds);
    }
  });
});
