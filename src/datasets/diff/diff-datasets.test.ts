import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { datasetVersion } from '../version.js';
import { diffDatasets } from './diff-datasets.js';

const mk = (id: string, input: string, expected?: string): Case => ({
  id,
  input,
  expected,
  slice: 'typical',
  metadata: {},
  weight: 1,
});
const ds = (cases: Case[]) => ({ name: 'qa', version: datasetVersion(cases), cases });

describe('diffDatasets', () => {
  it('lists added, removed and changed cases with the fields that changed', () => {
    const a = ds([mk('1', 'hi', 'hello'), mk('2', 'bye'), mk('3', 'x')]);
    const b = ds([mk('1', 'hi', 'hey'), mk('3', 'x'), mk('4', 'new')]);
    const d = diffDatasets(a, b);
    expect(d).toMatchObject({
      added: ['4'],
      removed: ['2'],
      changed: [{ id: '1', fields: ['expected'] }],
      unchanged: 1,
      same: false,
    });
  });

  it('sees no change when only the order differs', () => {
    const d = diffDatasets(ds([mk('1', 'a'), mk('2', 'b')]), ds([mk('2', 'b'), mk('1', 'a')]));
    expect(d.same).toBe(true);
    expect(d.added.length + d.removed.length + d.changed.length).toBe(0);
  });

  it('shows the old and new value of each change, clipped, with metadata broken down by key', () => {
    const long = 'x'.repeat(200);
    const a = ds([{ ...mk('1', 'hi', 'hello'), metadata: { intent: 'billing', lang: 'en' } }, mk('2', long)]);
    const b = ds([
      { ...mk('1', 'hi', 'hey'), metadata: { intent: 'refund', lang: 'en', tier: 'pro' } },
      mk('2', `${long}y`),
    ]);
    const d = diffDatasets(a, b, { maxValueLength: 20 });
    expect(d.changed[0]).toEqual({
      id: '1',
      fields: ['expected', 'metadata'],
      changes: [
        { field: 'expected', before: 'hello', after: 'hey' },
        { field: 'metadata.intent', before: 'billing', after: 'refund' },
        { field: 'metadata.tier', before: null, after: 'pro' },
      ],
    });
    // Long values are clipped around the first difference, so the change stays visible.
    expect(d.changed[1].changes).toEqual([
      { field: 'input', before: `…${'x'.repeat(5)}`, after: `…${'x'.repeat(5)}y` },
    ]);
  });
});
