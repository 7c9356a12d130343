import { describe, expect, it } from 'vitest';
import type { Case, Score } from '../core/types.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { WriteTrialInput } from '../store/types.js';
import { summarizeRun } from './summarize-run.js';

function makeCase(id: string, extra: Partial<Case> = {}): Case {
  return { id, input: id, slice: 'typical', metadata: { lang: 'en' }, weight: 1, ...extra };
}

async function storeWith(
  cases: Case[],
  trials: { caseId: string; repeat?: number; pass?: boolean; value?: number; error?: string; score?: Partial<Score> }[],
  repeats = 1,
) {
  const store = new SqliteStore({ path: ':memory:' });
  await store.datasets.create({ name: 'd', version: 'v', cases });
  await store.runs.create({
    runId: 'r',
    eval: 'e',
    datasetName: 'd',
    datasetVersion: 'v',
    target: { kind: 'function' },
    gitCommit: null,
    startedAt: '2026-01-01T00:00:00Z',
    config: { repeats, graders: [{ name: 'g', kind: 'rule' }] },
    plannedTrials: trials.length,
  });
  const rows: WriteTrialInput[] = trials.map((t) => ({
    runId: 'r',
    caseId: t.caseId,
    repeat: t.repeat ?? 0,
    startedAt: '2026-01-01T00:00:00Z',
    latencyMs: 10,
    error: t.error ?? null,
    output: t.error ? null : { text: 'x', costUsd: 0.01, usage: { inputTokens: 3, outputTokens: 2 } },
    scores: t.error ? [] : [{ grader: 'g', value: t.value ?? (t.pass ? 1 : 0), pass: t.pass ?? false, ...t.score }],
  }));
  await store.trials.write(rows);
  return store;
}

describe('summarizeRun', () => {
  it('gives a Wilson interval on counts for one repeat and excludes errored trials', async () => {
    const cases = ['a', 'b', 'c', 'd', 'e'].map((id) => makeCase(id));
    const store = await storeWith(cases, [
      { caseId: 'a', pass: true },
      { caseId: 'b', pass: true },
      { caseId: 'c', pass: true },
      { caseId: 'd', pass: false },
      { caseId: 'e', error: 'boom' },
    ]);
    const s = await summarizeRun(store, 'r');
    expect(s.counts).toEqual({ cases: 5, trials: 5, errors: 1, graderErrors: 0, plannedTrials: 5, cached: 0 });
    const g = s.graders[0];
    expect(g).toMatchObject({ name: 'g', n: 4, errors: 1, passRate: { value: 0.75 } });
    // Wilson 95% for 3/4 (reference: statsmodels proportion_confint(3, 4, method='wilson')).
    expect(g.passRate.lower).toBeCloseTo(0.30064, 4);
    expect(g.passRate.upper).toBeCloseTo(0.95442, 4);
    expect(s.cost).toEqual({
      usd: 0.04,
      unknownTrials: 0,
      unknownJudgeCalls: 0,
      complete: true,
      targetUsd: 0.04,
      judgeUsd: null,
    });
    // MDE for a paired re-run at p = 0.75, n = 4, by the test compare would decide with (mid-p
    // McNemar): with 4 pairs its smallest two-sided p is 2·½·(1/16) = 0.0625 > α, so no change is
    // detectable at all and the MDE is the cap, 100 points (the normal formula claimed 85.8).
    expect(g.mdeMethod).toBe('mcnemar-midp');
    expect(g.mde).toBe(1);
    expect(s.warnings.join(' ')).toMatch(/1 trial errored/);
  });

  it('treats the case as the unit with repeats: n counts cases, not trials', async () => {
    const cases = ['a', 'b', 'c'].map((id) => makeCase(id));
    const trials = [
      ...[0, 1, 2, 3].map((repeat) => ({ caseId: 'a', repeat, pass: true })),
      ...[0, 1, 2, 3].map((repeat) => ({ caseId: 'b', repeat, pass: repeat < 2 })),
      ...[0, 1, 2, 3].map((repeat) => ({ caseId: 'c', repeat, pass: false })),
    ];
    const s = await summarizeRun(await storeWith(cases, trials, 4), 'r');
    expect(s.counts.trials).toBe(12);
    expect(s.graders[0].n).toBe(3);
    expect(s.graders[0].passRate.value).toBeCloseTo(0.5, 10);
    // With 3 units the interval is far wider than 12 independent trials would give.
    const width = s.graders[0].passRate.upper - s.graders[0].passRate.lower;
    expect(width).toBeGreaterThan(0.6);
    // Mean score of 0/1 values: a rate, so the pass rate's estimator and interval (STATS.md
    // prefers Wilson for 0/1 data; a t interval over the case means 1, 0.5, 0 would be 0.5 ± 1.24).
    const { value, lower, upper } = s.graders[0].passRate;
    expect(s.graders[0].mean).toEqual({ value, lower, upper });
  });

  it('weights cases and reports the effective sample size', async () => {
    const cases = [
      makeCase('a', { weight: 3 }),
      makeCase('b', { weight: 1 }),
      makeCase('c', { weight: 1 }),
      makeCase('d', { weight: 1 }),
    ];
    const s = await summarizeRun(
      await storeWith(cases, [
        { caseId: 'a', pass: true },
        { caseId: 'b', pass: false },
        { caseId: 'c', pass: false },
        { caseId: 'd', pass: false },
      ]),
      'r',
    );
    const g = s.graders[0];
    expect(g.weighted).toBe(true);
    expect(g.passRate.value).toBeCloseTo(0.5, 10);
    expect(g.nEff).toBeCloseTo(36 / 12, 10);
    expect(s.warnings.join(' ')).toMatch(/effective sample size/);
  });

  it('breaks results down by slice and metadata, and applies done human reviews', async () => {
    const cases = [makeCase('a', { slice: 'edge', metadata: { lang: 'de' } }), makeCase('b'), makeCase('c')];
    const store = await storeWith(cases, [
      { caseId: 'a', score: { value: Number.NaN, pending: true, pass: undefined } },
      { caseId: 'b', pass: true },
      { caseId: 'c', pass: false },
    ]);
    let s = await summarizeRun(store, 'r');
    expect(s.graders[0]).toMatchObject({ n: 2, pending: 1 });
    await store.reviews.upsert({
      runId: 'r',
      caseId: 'a',
      repeat: 0,
      grader: 'g',
      status: 'done',
      label: 'pass',
      score: 1,
      reviewer: 'ann',
    });
    s = await summarizeRun(store, 'r');
    expect(s.graders[0]).toMatchObject({ n: 3, pending: 0, passRate: { value: 2 / 3 } });
    expect(s.segments).toContainEqual(
      expect.objectContaining({
        field: 'slice',
        value: 'edge',
        grader: 'g',
        n: 1,
        passRate: expect.objectContaining({ value: 1 }),
      }),
    );
    expect(s.segments).toContainEqual(expect.objectContaining({ field: 'lang', value: 'en', grader: 'g', n: 2 }));
  });

  it('adds judge spend and tokens from the scores to the run totals', async () => {
    const store = await storeWith(
      [makeCase('a'), makeCase('b')],
      [
        { caseId: 'a', pass: true, score: { meta: { judge: { costUsd: 0.002, usage: { totalTokens: 120 } } } } },
        { caseId: 'b', pass: true, score: { meta: { judge: { costUsd: 0.003, usage: { totalTokens: 80 } } } } },
      ],
    );
    const s = await summarizeRun(store, 'r');
    expect(s.cost.judgeUsd).toBeCloseTo(0.005, 10);
    expect(s.cost.usd).toBeCloseTo(0.025, 10);
    expect(s.tokens).toMatchObject({ total: 10, judge: 200 });
  });

  it('says which run is missing', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await expect(summarizeRun(store, 'nope')).rejects.toThrow(/No run 'nope'/);
  });

  it('segments by each field in the order cases first give it a value, skipping fields with too many values', async () => {
    const metadataOf = (i: number): Case['metadata'] =>
      [
        { tier: i % 2 ? 'pro' : 'free', lang: null },
        { lang: ['en', 'fr'][i % 2], user: `u${i}`, tier: 'pro' },
        { constructor: 'own', samplingStratum: 's1', lang: 'de' },
        {},
      ][i % 4];
    const cases = Array.from({ length: 24 }, (_, i) =>
      makeCase(`c${String(i).padStart(2, '0')}`, { slice: i % 3 ? 'typical' : 'edge', metadata: metadataOf(i) }),
    );
    const store = await storeWith(
      cases,
      cases.map((c, i) => ({ caseId: c.id, pass: i % 5 !== 0 })),
    );
    const summary = await summarizeRun(store, 'r', { maxSegmentValues: 3 });
    expect(summary.segments.map((s) => `${s.field}=${s.value}:${s.n}`)).toEqual([
      'slice=edge:8',
      'slice=typical:16',
      'tier=free:6',
      'tier=pro:6',
      'lang=de:6',
      'lang=fr:6',
      'constructor=own:6',
    ]);
    expect(summary.warnings.filter((w) => w.includes('not segmented'))).toEqual([
      "metadata field 'user' has more than 3 values and is not segmented.",
    ]);
    await store.close();
  });
});
