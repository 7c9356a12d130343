import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTrial } from '../../../test/fixtures/compare/make-trial.js';
import { seedRun } from '../../../test/fixtures/compare/seed-store.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import type { StoredTrial } from '../../store/types.js';
import { parseGates } from './parse-gates.js';
import { runGates } from './run-gates.js';

let dir: string;
let store: Store;

/** 100 cases; `passes(i)` decides case i; every 10th case is an edge case. */
function trials(
  passes: (i: number) => boolean,
  extra: (i: number) => Partial<Parameters<typeof makeTrial>[2]> = () => ({}),
): StoredTrial[] {
  return Array.from({ length: 100 }, (_, i) =>
    makeTrial(
      `c${i}`,
      { correct: passes(i) },
      { slice: i % 10 === 0 ? 'edge' : 'typical', latencyMs: i * 10, ...extra(i) },
    ),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-run-gates-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seedRun(store, { runId: 'base', startedAt: '2025-01-01T00:00:00.000Z', trials: trials((i) => i < 80) });
  // One case fewer passes than the baseline: Δ = −1 point.
  await seedRun(store, { runId: 'same', startedAt: '2025-01-02T00:00:00.000Z', trials: trials((i) => i < 79) });
  // 15 cases fewer: Δ = −15 points.
  await seedRun(store, { runId: 'worse', startedAt: '2025-01-03T00:00:00.000Z', trials: trials((i) => i < 65) });
  await seedRun(store, {
    runId: 'allerr',
    startedAt: '2025-01-05T00:00:00.000Z',
    trials: trials(
      () => true,
      () => ({ error: 'boom' }),
    ),
  });
  await seedRun(store, {
    runId: 'one',
    startedAt: '2025-01-06T00:00:00.000Z',
    trials: [makeTrial('c0', { correct: true })],
  });
  await seedRun(store, {
    runId: 'errors',
    startedAt: '2025-01-04T00:00:00.000Z',
    trials: trials(
      (i) => i < 80,
      (i) => (i >= 90 ? { error: 'timeout' } : { costUsd: 0.01 }),
    ),
  });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function gate(runId: string, raw: unknown[], baselineRunId?: string) {
  return runGates(store, { runId, baselineRunId, gates: parseGates(raw, 'test.eval.yaml') });
}

describe('runGates', () => {
  it('checks the point estimate and the exact one-sided lower bound of a pass rate', async () => {
    const r = await gate('base', [
      { grader: 'correct', minPassRate: 0.8 },
      { grader: 'correct', minPassRateLower: 0.75 },
      { grader: 'correct', minPassRateLower: 0.7 },
      { grader: 'correct', minPassRateLower: 0.71 },
    ]);
    // The exact (Clopper–Pearson) one-sided 97.5% bound of 80/100 is 0.70816 (scipy beta.ppf(0.025, 80, 21)):
    // below Wilson's 0.7112, so a bar of 0.71 that Wilson's lower end would clear is not cleared.
    expect(r.results.map((x) => x.passed)).toEqual([true, false, true, false]);
    expect(r.results[1].actual).toBeCloseTo(0.708157310911, 9);
    expect(r.results[1]).toMatchObject({
      sidedness: 'one-sided',
      bound: { method: 'clopper-pearson', confidence: 0.975, n: 100 },
    });
    expect(r.results[1].detail).toBe(
      'pass rate is 80.0% over 100 cases, lower bound 70.8% (exact one-sided 97.5%) (bar 75.0%)',
    );
    expect(r.passed).toBe(false);
  });

  it('restricts a rule to a slice', async () => {
    const r = await gate('base', [{ grader: 'correct', segment: { slice: 'edge' }, minPassRate: 0.8 }]);
    // Edge cases are c0, c10, …, c90: c0–c70 pass, 8 of 10.
    expect(r.results[0].actual).toBeCloseTo(0.8, 12);
    expect(r.results[0].passed).toBe(true);
  });

  it('shows non-inferiority within a margin, and fails it when the drop is larger', async () => {
    // One discordant case of 100 shows Δ > −6 pts (Tango score test, ½ correction: p ≈ 0.03).
    const rules = [{ grader: 'correct', nonInferiority: { margin: 0.06, alpha: 0.05 } }];
    const ok = await gate('same', rules, 'base');
    expect(ok.results[0].passed).toBe(true);
    expect(ok.results[0].actual).toBeCloseTo(-0.01, 12);
    expect(ok.results[0].threshold).toBe(-0.06);
    expect(ok.results[0]).toMatchObject({ sidedness: 'one-sided', test: 'tango-score' });
    const bad = await gate('worse', rules, 'base');
    expect(bad.results[0].passed).toBe(false);
    expect(bad.results[0].detail).toContain('not shown non-inferior');
  });

  it('flags a significant regression and lets a one-case drop through', async () => {
    const rules = [{ grader: 'correct', noRegression: true }];
    expect((await gate('worse', rules, 'base')).results[0].passed).toBe(false);
    // 15 discordant pairs all one way: mid-p = 2/2^15 − 1/2^15.
    // One-sided mid-p: ½·P(X = 0), X ~ Bin(15, ½).
    expect((await gate('worse', rules, 'base')).results[0].actual).toBeCloseTo(0.5 / 32768, 12);
    expect((await gate('same', rules, 'base')).results[0].passed).toBe(true);
  });

  it('checks error rate, latency p95 and cost, and fails cost when costs are unknown', async () => {
    const r = await gate('errors', [
      { maxErrorRate: 0.1 },
      { maxErrorRate: 0.05 },
      { maxLatencyP95Ms: 950 },
      { maxLatencyP95Ms: 800 },
      { maxCostUsd: 1 },
    ]);
    expect(r.results.map((x) => x.passed)).toEqual([true, false, true, false, true]);
    // Errored trials produced no output, so they carry no cost: 90 × $0.01.
    expect(r.results[4].actual).toBeCloseTo(0.9, 12);
    expect(r.results[0].actual).toBeCloseTo(0.1, 12);
    // Latency is over the trials that reached the target (as in the summary): type-7 p95 of 0, 10, …, 890 is 845.5.
    expect(r.results[2].actual).toBeCloseTo(845.5, 9);
    const unknown = await gate('base', [{ maxCostUsd: 1 }]);
    expect(unknown.results[0].passed).toBe(false);
    expect(unknown.results[0].detail).toContain('cost is unknown');
    expect(unknown.results[0].detail).toContain('100 trial(s) and 0 judge call(s) have an unknown cost');
    const known = await gate('errors', [{ segment: { slice: 'typical' }, maxErrorRate: 0.2 }]);
    expect(known.results[0].actual).toBeCloseTo(9 / 90, 12);
  });

  it('fails (not an input error) when every trial errored, and when nothing can be paired', async () => {
    const all = await gate(
      'allerr',
      [
        { grader: 'correct', minPassRate: 0.5 },
        { grader: 'correct', noRegression: true },
      ],
      'base',
    );
    expect(all.passed).toBe(false);
    expect(all.results.every((r) => !r.passed && r.notComparable)).toBe(true);
    expect(all.results[0].detail).toContain('errored');
    for (const rule of [
      { grader: 'correct', noRegression: true },
      { grader: 'correct', nonInferiority: { margin: 0.05, alpha: 0.05 } },
    ]) {
      const r = (await gate('one', [rule], 'base')).results[0];
      expect(r).toMatchObject({ passed: false, notComparable: true, sidedness: 'one-sided' });
      expect(r.detail).toContain('not comparable');
    }
  });

  it('throws an input error for an empty segment', async () => {
    await expect(
      gate('base', [{ grader: 'correct', segment: { field: 'language', value: 'fr' }, minPassRate: 0.5 }]),
    ).rejects.toThrow(/no case of run base has language=fr/);
  });

  it('skips comparison rules without a baseline when asked, and says so', async () => {
    const r = await runGates(store, {
      runId: 'worse',
      gates: parseGates(
        [
          { grader: 'correct', noRegression: true },
          { grader: 'correct', minPassRate: 0.9 },
        ],
        'x',
      ),
      onMissingBaseline: 'skip',
    });
    expect(r.results[0]).toMatchObject({ skipped: true, passed: true, actual: null });
    expect(r.results[0].detail).toContain('no baseline');
    expect(r.results[1].passed).toBe(false);
  });
});
