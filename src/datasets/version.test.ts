import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import { datasetVersion } from './version.js';

const a: Case = {
  id: 'a',
  input: 'Hi',
  expected: { x: 1, y: 2 },
  slice: 'typical',
  metadata: { lang: 'en' },
  weight: 1,
};
const b: Case = { id: 'b', input: [{ role: 'user', content: 'Yo' }], slice: 'edge', metadata: {}, weight: 2 };

describe('datasetVersion', () => {
  it('is 12 hex characters and ignores case order and key order', () => {
    const v = datasetVersion([a, b]);
    expect(v).toMatch(/^[0-9a-f]{12}$/);
    const reordered: Case = {
      weight: 1,
      metadata: { lang: 'en' },
      slice: 'typical',
      expected: { y: 2, x: 1 },
      input: 'Hi',
      id: 'a',
    };
    expect(datasetVersion([b, reordered])).toBe(v);
  });

  it('changes with any edit', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(text !== 'Hi');
        expect(datasetVersion([{ ...a, input: text }, b])).not.toBe(datasetVersion([a, b]));
      }),
    );
    expect(datasetVersion([{ ...a, weight: 1.5 }, b])).not.toBe(datasetVersion([a, b]));
    expect(datasetVersion([a])).not.toBe(datasetVersion([a, b]));
  });
});
