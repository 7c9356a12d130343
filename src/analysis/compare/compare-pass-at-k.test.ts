import { describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { passAtK } from '../../stats/pass-at-k.js';
import { buildCaseTable } from './case-table.js';
import { compareTables } from './compare-runs.js';

/** 30 problems × 4 samples; problem i has `correct(i)` passing samples. */
const table = (correct: (i: number) => number) =>
  buildCaseTable(
    Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: 4 }, (_, repeat) => makeTrial(`p${i}`, { tests: repeat < correct(i) }, { repeat })),
    ).flat(),
  );
const run = (runId: string) => ({
  runId,
  eval: 'code',
  datasetVersion: 'v',
  config: { graders: [{ name: 'tests', kind: 'code', passAtK: [1, 4] }] },
});

describe('compare on pass@k', () => {
  it('pairs problems and tests the per-problem pass@k difference for each configured k', () => {
    const c = compareTables(
      { run: run('a'), table: table(() => 3) },
      { run: run('b'), table: table((i) => (i < 10 ? 0 : 3)) },
    );
    const [at1, at4] = c.graders[0]!.passAtK!;
    expect(at1).toMatchObject({ metric: 'pass@1', problems: 30, baseline: 0.75 });
    expect(at1!.candidate).toBeCloseTo(0.5, 12);
    expect(at1!.delta.value).toBeCloseTo(-0.25, 12);
    expect(at1!.p!).toBeLessThan(0.01);
    expect(at4).toMatchObject({ metric: 'pass@4', baseline: passAtK(4, 3, 4) });
    expect(at4!.delta.value).toBeCloseTo(-1 / 3, 12);
  });

  it('leaves pass@k out for graders that do not ask for it', () => {
    const plain = { runId: 'x', eval: 'code', datasetVersion: 'v', config: {} };
    const c = compareTables(
      { run: plain, table: table(() => 3) },
      { run: { ...plain, runId: 'y' }, table: table(() => 2) },
    );
    expect(c.graders[0]!.passAtK).toBeUndefined();
  });
});
