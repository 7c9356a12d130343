import { describe, expect, it } from 'vitest';
import { agreementTable, cohensKappa, weightedKappa } from './agreement.js';
import { krippendorffAlpha } from './krippendorff.js';

describe('cohensKappa', () => {
  it('matches statsmodels, SEs included', () => {
    const r = cohensKappa([
      [20, 10],
      [5, 15],
    ]);
    expect(r.kappa).toBeCloseTo(0.4, 14);
    expect(r.stdKappa).toBeCloseTo(0.12699606293110033, 12);
    expect(r.stdKappa0).toBeCloseTo(0.13856406460551018, 12);
    expect(r.observedAgreement).toBeCloseTo(0.7, 14);
  });
  it('p_e = 1 is undefined, with raw agreement still reported', () => {
    const r = cohensKappa([
      [4, 0],
      [0, 0],
    ]);
    expect(r.kappa).toBeNaN();
    expect(r.observedAgreement).toBe(1);
    expect(r.reason).toMatch(/chance agreement is 1/);
  });
  it('builds tables from labels in category order', () => {
    expect(agreementTable(['Y', 'N', 'Y'], ['Y', 'Y', 'N'], ['Y', 'N']).table).toEqual([
      [1, 1],
      [1, 0],
    ]);
    expect(agreementTable([2, 1], [1, 1]).categories).toEqual([1, 2]);
    expect(() => agreementTable(['Y'], ['maybe'], ['Y', 'N'])).toThrow(/is not in categories/);
  });
  it('pins errors for a non-square table', () => {
    expect(() => cohensKappa([[1, 2], [3]])).toThrow(
      new RangeError('cohensKappa: table must be square (K×K), row 1 has 1 entries, expected 2'),
    );
  });
});

describe('weightedKappa', () => {
  const table = [
    [1, 1, 0, 0, 0],
    [0, 1, 1, 0, 0],
    [0, 1, 2, 1, 0],
    [0, 0, 1, 0, 1],
    [0, 0, 0, 1, 1],
  ];
  it('matches statsmodels (linear) and is 1 for perfect agreement', () => {
    expect(weightedKappa(table, 'linear').kappa).toBeCloseTo(0.58, 12);
    expect(
      weightedKappa(
        [
          [2, 0],
          [0, 2],
        ],
        'quadratic',
      ).kappa,
    ).toBe(1);
  });
  it('equals Cohen κ for two categories', () => {
    expect(
      weightedKappa(
        [
          [20, 10],
          [5, 15],
        ],
        'linear',
      ).kappa,
    ).toBeCloseTo(0.4, 14);
  });
});

describe('krippendorffAlpha', () => {
  const data = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ];
  it("reproduces Krippendorff's 2011 example at every level", () => {
    expect(krippendorffAlpha(data, 'nominal').alpha).toBeCloseTo(0.743421052631579, 12);
    expect(krippendorffAlpha(data, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    expect(krippendorffAlpha(data, 'interval').alpha).toBeCloseTo(0.8491071428571428, 12);
    expect(krippendorffAlpha(data, 'ratio').alpha).toBeCloseTo(0.797, 3);
  });
  it('equals nominal = interval for binary data and 1 for perfect agreement', () => {
    const bin = [
      [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
      [1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0],
    ];
    expect(krippendorffAlpha(bin, 'nominal').alpha).toBeCloseTo(krippendorffAlpha(bin, 'interval').alpha, 14);
    expect(
      krippendorffAlpha([
        ['a', 'b'],
        ['a', 'b'],
      ]).alpha,
    ).toBe(1);
  });
  it('no variation is undefined (NaN), not 1', () => {
    const r = krippendorffAlpha([
      [2, 2, 2],
      [2, 2, 2],
    ]);
    expect(r.alpha).toBeNaN();
    expect(r.reason).toMatch(/D_e = 0/);
  });
  it('drops units with a single rating', () => {
    const a = krippendorffAlpha([
      [1, 2, 1, 3],
      [1, 2, 2, null],
    ]);
    const b = krippendorffAlpha([
      [1, 2, 1],
      [1, 2, 2],
    ]);
    expect(a.alpha).toBeCloseTo(b.alpha, 14);
    expect(a.pairableUnits).toBe(3);
  });
  it('pins errors', () => {
    expect(() =>
      krippendorffAlpha(
        [
          ['x', 'y'],
          ['x', 'x'],
        ],
        'interval',
      ),
    ).toThrow(/level 'interval' needs numeric ratings/);
    expect(() => krippendorffAlpha([[1, 2], [1]])).toThrow(/every rater row must cover the same units/);
  });
});
