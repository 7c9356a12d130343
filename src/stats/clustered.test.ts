import { describe, expect, it } from 'vitest';
import { clusteredStandardError } from './clustered.js';
import { cltStandardError } from './descriptive.js';

describe('clusteredStandardError', () => {
  it('matches the statsmodels reference', () => {
    const r = clusteredStandardError(
      [1, 1, 1, 0, 0, 0, 1, 0, 1, 1],
      ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c'],
    );
    expect(r.seMiller).toBeCloseTo(0.22449944320643644, 14);
    expect(r.seCrv1).toBeCloseTo(0.27495454169735034, 14);
    expect(r.df).toBe(2);
    expect(r.warning).toMatch(/3 clusters/);
  });
  it('singleton clusters reduce to se_ddof0 (Miller) and the ordinary SE (CRV1)', () => {
    const xs = [0.2, 0.9, 0.4, 0.7, 0.5, 0.1];
    const r = clusteredStandardError(xs, [1, 2, 3, 4, 5, 6]);
    const clt = cltStandardError(xs);
    expect(r.seMiller).toBeCloseTo(clt.seDdof0, 14);
    expect(r.seCrv1).toBeCloseTo(clt.se, 14);
  });
  it('one cluster is not estimable', () => {
    const r = clusteredStandardError([1, 0, 1, 1], ['x', 'x', 'x', 'x']);
    expect(r.seMiller).toBe(0);
    expect(r.seCrv1).toBeNaN();
    expect(r.reason).toMatch(/fewer than 2 clusters/);
  });
  it('a missing cluster id is an error', () => {
    expect(() => clusteredStandardError([1, 2], ['a', null])).toThrow(
      new RangeError(
        'clusteredStandardError: clusters[1] is missing; give every item a cluster id (use the item id for a singleton)',
      ),
    );
  });
});
