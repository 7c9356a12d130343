import { describe, expect, it } from 'vitest';
import type { LabelledTrial } from './calibration-types.js';
import { computeCalibration } from './compute-calibration.js';

const Z = 1.959963984540054;

/** `count` trials where people say `human` and the judge says `judge`. */
function trials(count: number, human: boolean, judge: boolean, start: number): LabelledTrial[] {
  return Array.from({ length: count }, (_, i) => ({
    runId: 'r',
    caseId: `c${start + i}`,
    repeat: 0,
    judge: { pass: judge, category: judge ? 'pass' : 'fail' },
    humans: [{ reviewer: 'ann', pass: human, category: human ? 'pass' : 'fail' }],
  }));
}

// tp 18, fn 2, fp 4, tn 16 — and the judge passed 55 of the 100 trials it scored.
const labelled = [
  ...trials(18, true, true, 0),
  ...trials(2, true, false, 100),
  ...trials(4, false, true, 200),
  ...trials(16, false, false, 300),
];

describe('computeCalibration', () => {
  it('matches hand-computed accuracy, kappa, sensitivity, specificity and Rogan–Gladen', () => {
    const r = computeCalibration({ grader: 'faithful', trials: labelled, judged: { n: 100, passes: 55 } });
    expect(r.n).toBe(40);
    expect(r.confusion).toEqual({ truePositive: 18, falsePositive: 4, falseNegative: 2, trueNegative: 16 });
    expect(r.accuracy).toBeCloseTo(34 / 40, 12);
    // p_o = .85, p_e = .5·.55 + .5·.45 = .5 → κ = .7
    expect(r.kappa.value).toBeCloseTo(0.7, 12);
    // Fleiss–Cohen–Everitt variance, by hand:
    // Σ p_ii(1 − (p_i+ + p_+i)(1−κ))² = .45·(1 − 1.05·.3)² + .40·(1 − .95·.3)² = .41564125
    // (1−κ)²·Σ_{i≠j} p_ij(p_+i + p_j+)² = .09·(.05·1.05² + .10·.95²) = .01308375
    // (κ − p_e(1−κ))² = .55² = .3025 ; Var = (.41564125 + .01308375 − .3025) / (.25·40)
    const se = Math.sqrt((0.41564125 + 0.01308375 - 0.3025) / 10);
    expect(r.kappa.lower).toBeCloseTo(0.7 - Z * se, 9);
    expect(r.kappa.upper).toBeCloseTo(0.7 + Z * se, 9);
    expect(r.kappa.method).toBe('cohen');
    expect(r.sensitivity).toBeCloseTo(0.9, 12);
    expect(r.specificity).toBeCloseTo(0.8, 12);
    expect(r.judgePassRate).toBeCloseTo(0.55, 12);
    // (.55 + .8 − 1)/(.9 + .8 − 1) = .5 ; Var = (.55·.45/100 + .25·.9·.1/20 + .25·.8·.2/20)/.49
    expect(r.correctedPassRate.value).toBeCloseTo(0.5, 12);
    // The 40 labelled trials are among the 100 judged: minus 2·(π·Se(1−Se) + (1−π)·Sp(1−Sp))/n, see rogan-gladen.ts.
    const rgSe = Math.sqrt(
      ((0.55 * 0.45) / 100 + (0.25 * 0.09) / 20 + (0.25 * 0.16) / 20 - (2 * (0.5 * 0.09 + 0.5 * 0.16)) / 100) / 0.49,
    );
    expect(r.correctedPassRate.lower).toBeCloseTo(0.5 - Z * rgSe, 9);
    expect(r.correctedPassRate.upper).toBeCloseTo(0.5 + Z * rgSe, 9);
    expect(r.humanPassRate).toBeCloseTo(0.5, 12);
    expect(r.conclusive).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.krippendorffAlpha).toBeNull();
  });

  it('gives no interval for kappa when the judge passes everything, and says why', () => {
    const r = computeCalibration({
      grader: 'lenient',
      trials: [...trials(30, true, true, 0), ...trials(10, false, true, 100)],
      judged: { n: 40, passes: 40 },
    });
    expect(r.kappa.value).toBe(0);
    expect(Number.isNaN(r.kappa.lower) && Number.isNaN(r.kappa.upper)).toBe(true);
    expect(JSON.stringify(r)).toContain('the judge gave the same verdict to every compared trial');
  });

  it('shows no by-label table when people answer pass/fail and the judge a rubric level', () => {
    const mixed: LabelledTrial[] = [1, 4, 5, 2, 4].map((level, i) => ({
      runId: 'r',
      caseId: `m${i}`,
      repeat: 0,
      judge: { pass: level >= 4, category: String(level) },
      humans: [{ reviewer: 'ann', pass: i % 2 === 0, category: i % 2 === 0 ? 'pass' : 'fail' }],
    }));
    expect(computeCalibration({ grader: 'tone', trials: mixed, judged: { n: 5, passes: 3 } }).categories).toBeNull();
  });

  it('says when there are too few labels, or no label of one class', () => {
    const few = computeCalibration({ grader: 'g', trials: labelled.slice(0, 20), judged: { n: 100, passes: 55 } });
    expect(few.conclusive).toBe(false);
    expect(few.warnings).toContain(
      'Too few human labels to conclude: 20 labelled trials compared, at least 30 are needed.',
    );
    expect(few.warnings).toContain(
      'No trial that people failed: specificity, and so the corrected pass rate, cannot be measured.',
    );
    expect(few.correctedPassRate.value).toBeNaN();
    const none = computeCalibration({ grader: 'g', trials: [], judged: { n: 10, passes: 5 } });
    expect(none.n).toBe(0);
    expect(none.accuracy).toBeNaN();
    expect(none.conclusive).toBe(false);
  });

  it('uses the majority of several people, drops even splits, and reports Krippendorff alpha', () => {
    const multi: LabelledTrial[] = [
      {
        runId: 'r',
        caseId: 'a',
        repeat: 0,
        judge: { pass: true, category: 'pass' },
        humans: [
          { reviewer: 'ann', pass: true, category: 'pass' },
          { reviewer: 'bob', pass: true, category: 'pass' },
          { reviewer: 'cy', pass: false, category: 'fail' },
        ],
      },
      {
        runId: 'r',
        caseId: 'b',
        repeat: 0,
        judge: { pass: false, category: 'fail' },
        humans: [
          { reviewer: 'ann', pass: false, category: 'fail' },
          { reviewer: 'bob', pass: false, category: 'fail' },
        ],
      },
      {
        runId: 'r',
        caseId: 'c',
        repeat: 0,
        judge: { pass: true, category: 'pass' },
        humans: [
          { reviewer: 'ann', pass: true, category: 'pass' },
          { reviewer: 'bob', pass: false, category: 'fail' },
        ],
      },
    ];
    const r = computeCalibration({ grader: 'g', trials: multi, judged: { n: 3, passes: 2 } });
    expect(r.n).toBe(2);
    expect(r.ties).toBe(1);
    expect(r.confusion).toEqual({ truePositive: 1, falsePositive: 0, falseNegative: 0, trueNegative: 1 });
    // Humans: unit a (p,p,f), b (f,f), c (p,f). Coincidences: o_pp = 2/2 = 1, o_pf = o_fp = 2/2 + 1 = 2, o_ff = 2/2... by hand:
    // a: m=3, ordered pairs pp=2, pf=2, fp=2 → /2 → pp 1, pf 1, fp 1 ; b: m=2, ff=2 → /1 → ff 2 ; c: m=2, pf=1, fp=1 → pf 1, fp 1
    // o_pp=1, o_ff=2, o_pf=o_fp=2 ; n_p=3, n_f=4, n=7 ; D_o=4/7 ; D_e = 2·3·4/(7·6) = 4/7 → α = 0
    expect(r.krippendorffAlpha).toMatchObject({ raters: 3, units: 3 });
    expect(r.krippendorffAlpha?.humans).toBeCloseTo(0, 12);
  });

  it('uses quadratic weighted kappa with a bootstrap interval for ordinal labels', () => {
    const pairs: [number, number][] = [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [1, 2],
      [2, 1],
      [4, 5],
      [5, 4],
      [3, 4],
    ];
    const ordinal: LabelledTrial[] = pairs.map(([h, j], i) => ({
      runId: 'r',
      caseId: `o${i}`,
      repeat: 0,
      judge: { pass: j >= 4, category: String(j) },
      humans: [{ reviewer: 'ann', pass: h >= 4, category: String(h) }],
    }));
    const r = computeCalibration({ grader: 'rubric', trials: ordinal, judged: { n: 10, passes: 5 } });
    expect(r.kappa.method).toBe('weighted-quadratic');
    // Σw·n_ij = 1+1+1+1+1 = 5 over 10 ; rows h: 1:2, 2:2, 3:2, 4:2, 5:2 ; cols j: 1:2, 2:2, 3:1, 4:3, 5:2
    // E = Σ_ij (i−j)²·r_i·c_j with r = .2 each, c = (.2,.2,.1,.3,.2) → Σ_j c_j·Σ_i .2(i−j)²
    const c = [0.2, 0.2, 0.1, 0.3, 0.2];
    let e = 0;
    for (let i = 1; i <= 5; i++) for (let j = 1; j <= 5; j++) e += (i - j) ** 2 * 0.2 * c[j - 1];
    expect(r.kappa.value).toBeCloseTo(1 - 0.5 / e, 12);
    expect(r.kappa.lower).toBeLessThan(r.kappa.value);
    expect(r.kappa.upper).toBeGreaterThan(r.kappa.value);
    expect(r.categories?.labels).toEqual(['1', '2', '3', '4', '5']);
  });
});
