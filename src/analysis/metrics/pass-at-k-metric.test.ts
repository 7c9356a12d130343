import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { buildCaseTable } from '../compare/case-table.js';
import { estimatePassAtK } from '../pass-at-k.js';
import { summarizeFold } from '../summarize-run.js';
import { metricDefinition } from './registry.js';

const config = {
  repeats: 4,
  graders: [
    { name: 'tests', kind: 'code', passAtK: [1, 4] },
    { name: 'style', kind: 'rule' },
  ],
};
const trials = Array.from({ length: 12 }, (_, i) =>
  Array.from({ length: 4 }, (_, repeat) => makeTrial(`p${i}`, { tests: repeat < i % 5, style: true }, { repeat })),
).flat();
const run = {
  runId: 'r',
  status: 'completed' as const,
  eval: 'code',
  datasetVersion: 'v',
  target: { kind: 'replay' },
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
  config,
  plannedTrials: 48,
};

describe('pass@k in the metric registry', () => {
  it('is declared per k and reported under metrics for the graders that ask for it only', () => {
    const fold = buildCaseTable(trials, { config });
    const summary = summarizeFold(run, fold);
    const tests = summary.graders.find((g) => g.name === 'tests')!;
    // The same problems in the fold's case order (the bootstrap resamples by position).
    const expected = estimatePassAtK(
      fold.caseIds.map((id) => ({ n: 4, c: Number(id.slice(1)) % 5 })),
      1,
    );
    expect(tests.metrics.passAt1).toEqual({
      value: expected.value,
      lower: expected.lower,
      upper: expected.upper,
      n: 12,
    });
    expect(tests.metrics.passAt4!.value).toBeCloseTo(9 / 12, 12);
    expect(
      Object.keys(summary.graders.find((g) => g.name === 'style')!.metrics).some((id) => id.startsWith('passAt')),
    ).toBe(false);
    expect(metricDefinition('passAt1')).toMatchObject({
      label: 'pass@1',
      unit: 'rate',
      scope: 'grader',
      pairedTest: 'sign-flip-permutation',
    });
  });
});
