import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { holm } from '../../stats/index.js';
import { buildCaseTable } from '../compare/case-table.js';
import { compareTables } from '../compare/compare-runs.js';
import { evaluateMatrixGates, parseMatrixGates } from '../gates/matrix-gates.js';
import { compareMatrix, type MatrixInput } from './compare-matrix.js';

/** A run of 60 cases (two languages) where case i passes when `pass(i)`. */
function run(runId: string, pass: (i: number) => boolean): MatrixInput {
  const trials = Array.from({ length: 60 }, (_, i) =>
    makeTrial(`c${String(i).padStart(2, '0')}`, { correct: pass(i) }, { metadata: { language: i < 30 ? 'en' : 'de' } }),
  );
  const info = { runId, eval: 'qa', datasetVersion: 'v1', config: {} };
  return { run: info, columns: buildCaseTable(trials), label: runId };
}

const base = run('base', (i) => i % 2 === 0);
const same = run('same', (i) => i % 2 === 0 || i === 1);
const better = run('better', (i) => i % 2 === 0 || i % 3 === 0 || i % 5 === 0 || i % 7 === 0);
const worse = run('worse', (i) => i % 4 === 0);

describe('compareMatrix', () => {
  it('tests every candidate against the baseline with the two-run paired test, Holm-adjusted over the family', () => {
    const m = compareMatrix([base, same, better, worse], { seed: 3 });
    expect(m.runs.map((r) => [r.label, r.baseline])).toEqual([
      ['base', true],
      ['same', false],
      ['better', false],
      ['worse', false],
    ]);
    const pairs = m.pairs.filter((p) => p.grader === 'correct');
    expect(pairs.map((p) => p.candidate)).toEqual(['same', 'better', 'worse']);
    // The raw p and delta are exactly the two-run comparison's.
    const two = compareTables(
      { run: base.run, table: base.columns },
      { run: better.run, table: better.columns },
      { seed: 3 },
    );
    expect(pairs[1].pValue).toBe(two.graders[0].pValue);
    expect(pairs[1].delta).toEqual(two.graders[0].delta);
    expect(pairs.map((p) => p.pAdjusted)).toEqual(holm(pairs.map((p) => p.pValue)));
    expect(pairs.map((p) => p.verdict)).toEqual(['no-detectable-change', 'improved', 'regressed']);
    expect(m.correction).toBe('holm');
  });

  it("runs Cochran's Q over the cases every run scored and ranks the runs with intervals", () => {
    const m = compareMatrix([base, same, better, worse]);
    expect(m.omnibus[0]).toMatchObject({ grader: 'correct', test: 'cochran-q', df: 3, n: 60, significant: true });
    const ranking = m.ranking[0].entries;
    expect(ranking.map((e) => e.runId)).toEqual(['better', 'same', 'base', 'worse']);
    expect(ranking[0].lower).toBeLessThan(ranking[0].value);
    expect(ranking[0].beats).toEqual(['base']);
    expect(m.disagreements[0].spread).toBe(1);
  });

  it('compares all pairs when asked, and names a segment winner only when it beats every other run', () => {
    const m = compareMatrix([base, better, worse], { pairs: 'all' });
    expect(m.pairs.map((p) => `${p.baseline}>${p.candidate}`)).toEqual(['base>better', 'base>worse', 'better>worse']);
    for (const s of m.segments) {
      if (s.winner === null) continue;
      const others = s.values.filter((v) => v.runId !== s.winner);
      expect(others.every((o) => o.value < s.values.find((v) => v.runId === s.winner)!.value)).toBe(true);
    }
    expect(m.segmentCorrection).toBe('bh');
  });

  it('gates the matrix on the best candidate and names it', () => {
    const rules = parseMatrixGates([{ grader: 'correct', bestBeatsBaseline: { alpha: 0.05 } }], 'qa.eval.yaml');
    const pass = evaluateMatrixGates(rules, () => compareMatrix([base, same, better]));
    expect(pass.passed).toBe(true);
    expect(pass.results[0].best).toEqual({ runId: 'better', label: 'better' });
    expect(pass.results[0].detail).toMatch(
      /^Best candidate better .* holm-adjusted p = .* it beats the baseline, ship it\.$/,
    );
    const fail = evaluateMatrixGates(rules, () => compareMatrix([base, same, worse]));
    expect(fail.passed).toBe(false);
    expect(fail.results[0].best?.runId).toBe('same');
    expect(() => parseMatrixGates([{ grader: 'x', bestBeatsBaseline: { alpha: 2 } }], 'f')).toThrow(/matrix.gates/);
  });

  it('refuses fewer than two runs', () => {
    expect(() => compareMatrix([base])).toThrow(/at least 2 runs/);
  });
});
