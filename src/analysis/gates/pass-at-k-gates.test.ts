import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { seedRun } from '../../../test/fixtures/compare/seed-store.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { passAtK } from '../../stats/pass-at-k.js';
import { parseGates, safeParseGates } from './parse-gates.js';
import { runGates } from './run-gates.js';

let dir: string;
let store: Store;

/** 40 problems × 5 samples; problem i has `correct(i)` passing samples; odd problems are `string` ones. */
function samples(correct: (i: number) => number) {
  return Array.from({ length: 40 }, (_, i) =>
    Array.from({ length: 5 }, (_, repeat) =>
      makeTrial(`p${i}`, { tests: repeat < correct(i) }, { repeat, metadata: { topic: i % 2 ? 'string' : 'math' } }),
    ),
  ).flat();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-pass-at-k-gates-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seedRun(store, {
    runId: 'base',
    startedAt: '2025-01-01T00:00:00.000Z',
    trials: samples((i) => (i % 4 === 0 ? 1 : 4)),
  });
  // String problems drop to one right sample in five.
  await seedRun(store, {
    runId: 'worse',
    startedAt: '2025-01-02T00:00:00.000Z',
    trials: samples((i) => (i % 2 ? 1 : i % 4 === 0 ? 1 : 4)),
  });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const gate = (runId: string, raw: unknown[], baselineRunId?: string) =>
  runGates(store, { runId, ...(baselineRunId && { baselineRunId }), gates: parseGates(raw, 'eval') });

describe('gates on pass@k', () => {
  it('checks pass@k and its bootstrap lower bound over problems', async () => {
    const report = await gate('base', [
      { grader: 'tests', metric: 'pass@1', minValue: 0.65 },
      { grader: 'tests', metric: 'pass@5', minValueLower: 0.99 },
      { grader: 'tests', metric: 'pass@1', minValueLower: 0.7 },
    ]);
    const expected1 = (10 * passAtK(5, 1, 1) + 30 * passAtK(5, 4, 1)) / 40;
    expect(report.results[0]).toMatchObject({ passed: true, actual: expected1, label: 'tests pass@1 ≥ 0.65' });
    expect(report.results[1]).toMatchObject({ passed: true, actual: 1 });
    expect(report.results[2]!.passed).toBe(false);
    expect(report.results[2]!.detail).toMatch(
      /^pass@1 lower bound \(95%\) is \d+\.\d% over 40 problems \(bar 70\.0%\)$/,
    );
  });

  it('fails noRegression when pass@k drops problem by problem, also within a segment', async () => {
    const report = await gate(
      'worse',
      [
        { grader: 'tests', metric: 'pass@1', noRegression: { alpha: 0.05 } },
        { grader: 'tests', metric: 'pass@1', segment: { field: 'topic', value: 'math' }, noRegression: true },
      ],
      'base',
    );
    expect(report.results[0]).toMatchObject({ passed: false });
    expect(report.results[0]!.detail).toMatch(
      /^Δ pass@1 = −30\.0 pts \[.*\] over 40 paired problems, p = 0\.0000 .*significant regression/,
    );
    expect(report.results[1]).toMatchObject({ passed: true });
  });

  it('says when k exceeds the samples', async () => {
    const report = await gate('base', [{ grader: 'tests', metric: 'pass@10', minValue: 0.5 }]);
    expect(report.results[0]).toMatchObject({ passed: false, actual: null });
    expect(report.results[0]!.detail).toBe(
      'pass@10 is undefined: 40 problems have fewer than k = 10 samples; raise repeats to at least 10',
    );
  });

  it('lists metric mistakes with the rule they are in', () => {
    const { issues } = safeParseGates(
      [
        { grader: 'tests', minValueLower: 0.6 },
        { grader: 'tests', metric: 'pass@zero', minValue: 0.5 },
        { grader: 'tests', metric: 'pass@1', maxErrorRate: 0.1 },
      ],
      'eval',
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'eval: gates[0].metric: minValueLower needs the metric it applies to, e.g. metric: pass@1',
      "eval: gates[1].metric: must be pass@k (e.g. pass@1) or asr, got 'pass@zero'",
      'eval: gates[2].metric: applies to minValue, minValueLower and noRegression, not maxErrorRate',
    ]);
  });
});
