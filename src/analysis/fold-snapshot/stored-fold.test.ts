import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { compareColumns, compareRuns } from '../compare/compare-runs.js';
import { foldRun } from '../metrics/case-fold.js';
import { passRulesOf } from '../metrics/pass-rule.js';
import { readFold } from '../metrics/read-fold.js';
import { refreshRunSummary, summarizeFold } from '../summarize-run.js';
import { decodeFold, encodeFold } from './fold-codec.js';
import { foldKeyOf, foldShape, readStoredFold } from './stored-fold.js';
import { createVariedRun, variedCases, variedTrials } from '../varied-run-fixture.js';

// A run's fold stored with its summary must be the fold of its trials, to the bit, and must
// never be read once the trials or reviews it folded have changed.

const cases = variedCases({ cases: 30, rich: true });
const trialsOf = (runId: string, shift: number, repeats: number) => variedTrials(cases, runId, shift, repeats, true);

async function seed(store: Store, runId: string, shift: number, repeats: number): Promise<StoredRun> {
  await createVariedRun(store, runId, cases.length * repeats, {
    repeats,
    graders: [{ name: 'exact' }, { name: 'similar', threshold: 0.5 }, { name: 'expert' }],
  });
  await store.trials.write(trialsOf(runId, shift, repeats));
  await store.trials.write([{ ...trialsOf(runId, shift, 1)[1], caseId: 'zz-extra', repeat: 0 }]);
  await store.reviews.upsert({ runId, caseId: cases[1].id, repeat: 0, grader: 'expert', status: 'done', score: 1 });
  await store.runs.update(runId, { status: 'completed', finishedAt: '2026-01-01T00:01:00Z' });
  return (await store.runs.get(runId))!;
}

/** The fold of the run's trials read at once, without any stored fold: the reference. */
async function foldOfTrials(store: Store, runId: string) {
  const run = (await store.runs.get(runId))!;
  return foldRun({
    columns: await store.trials.listColumns(runId),
    cases: await store.datasets.listCaseColumns(run.datasetVersion),
    reviews: await store.reviews.list({ runId, status: 'done' }),
    rules: passRulesOf(run.config),
  });
}

/** compare --json of the two runs as the trial-reading path makes it. */
async function compareOfTrials(store: Store, base: string, cand: string): Promise<string> {
  const [b, c] = [(await store.runs.get(base))!, (await store.runs.get(cand))!];
  const columns = [await foldOfTrials(store, base), await foldOfTrials(store, cand)];
  return JSON.stringify(compareColumns({ run: b, columns: columns[0] }, { run: c, columns: columns[1] }), null, 2);
}

async function seeded(): Promise<Store> {
  const store = new SqliteStore({ path: ':memory:' });
  await store.datasets.create({ name: 'd', version: 'v', cases });
  await seed(store, 'base', 0, 3);
  await seed(store, 'cand', 5, 3);
  return store;
}

describe('fold codec', () => {
  it('decodes to the fold it encoded, on a run with errors, reviews, pending, repeats, costs and metadata', async () => {
    const store = await seeded();
    for (const reasons of [false, true]) {
      const run = (await store.runs.get('cand'))!;
      const fold = await readFold(store, run, { reasons });
      const bytes = encodeFold(fold, { k: 1 });
      const decoded = decodeFold<typeof fold>(bytes)!;
      expect(decoded.key).toEqual({ k: 1 });
      expect(decoded.fold).toEqual(fold);
      expect(decoded.fold.graders.map((g) => g.name)).toEqual(['exact', 'similar', 'judge', 'expert']);
      // Equal metadata objects come back shared, as the store's reads share them.
      expect(decoded.fold.metadata[1]).toBe(decoded.fold.metadata[13]);
    }
    await store.close();
  });

  it('keeps values JSON cannot hold: NaN, -0, Infinity, undefined, holes', () => {
    const value = {
      nums: [1, -0, Number.NaN, Infinity, 2.5],
      ints: [3, 70000, -4],
      filled: new Float64Array(5).fill(Number.NaN),
      zeros: new Uint32Array(4),
      mixed: ['a', undefined, { x: [1, null] }, 'a'],
      scalar: Number.NaN,
      nested: [{ a: new Int8Array([1, -1]), b: 'x' }],
      empty: [],
      range: Uint32Array.from({ length: 50 }, (_, i) => 7 + 3 * i),
      floatRange: Float64Array.from({ length: 9 }, (_, i) => 0.5 + 0.1 * i),
      narrowed: Float64Array.from([0, 1, 1, 0, 255, 1]),
      negative: Float64Array.from([-3, 70000, 2]),
      negZero: Float64Array.from([0, -0, 1]),
      f32: Float32Array.from([0.25, 1.5, 1e-3]),
      same: ['x', 'x', 'x'],
      sameObjects: [{ a: 1 }, { a: 1 }],
      runs: ['x', 'x', undefined, 'x', 'y', 'y', undefined, undefined, 'x', null, null, 0, -0, 0],
      allUndefined: [undefined, undefined, undefined],
      ids: Array.from({ length: 1500 }, (_, i) => (i === 7 ? 'lone \ud800 "q"' : i < 1400 ? `id${i}` : 'id0')),
    };
    const shared = { tier: 'pro' };
    const gaps = [shared, shared, undefined, shared, { tier: 'pro' }, undefined, shared];
    const decoded = decodeFold<typeof value>(encodeFold(value, null))!.fold;
    expect(decoded).toEqual(value);
    expect(decodeFold<{ gaps: typeof gaps }>(encodeFold({ gaps }, null))!.fold.gaps).toEqual(gaps);
    expect(Object.is(decoded.nums[1], -0)).toBe(true);
    expect(decoded.filled).toBeInstanceOf(Float64Array);
    expect(decoded.narrowed).toBeInstanceOf(Float64Array);
    expect(Object.is(decoded.negZero[1], -0)).toBe(true);
    expect(decodeFold(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBeUndefined();
  });

  it('refuses a field type it cannot store, with a code', () => {
    expect(() => encodeFold({ m: new Map() }, null)).toThrow(
      expect.objectContaining({ code: 'FOLD_SNAPSHOT_UNSUPPORTED' }),
    );
  });
});

describe('the fold stored with the summary', () => {
  it('compares byte-identically to the trial-reading path', async () => {
    const store = await seeded();
    const before = await compareOfTrials(store, 'base', 'cand');
    for (const id of ['base', 'cand']) await refreshRunSummary(store, id);
    expect(await store.runs.getFold!('base')).toBeDefined();
    const stored = await readStoredFold(store, (await store.runs.get('cand'))!);
    expect(stored).toEqual(await foldOfTrials(store, 'cand'));
    expect(JSON.stringify(await compareRuns(store, 'base', 'cand'), null, 2)).toBe(before);
    const cand = (await store.runs.get('cand'))!;
    expect(summarizeFold(cand, stored!)).toEqual(summarizeFold(cand, await foldOfTrials(store, 'cand')));
    await store.close();
  });

  it('is stored on the first compare of runs finished before folds were stored', async () => {
    const store = await seeded();
    for (const id of ['base', 'cand']) await refreshRunSummary(store, id);
    // A summary written without a fold, as older versions wrote it.
    const summary = (await store.runs.get('base'))!.summary;
    await store.runs.update('base', { summary });
    expect(await store.runs.getFold!('base')).toBeUndefined();
    const first = JSON.stringify(await compareRuns(store, 'base', 'cand'));
    expect(await store.runs.getFold!('base')).toBeDefined();
    expect(JSON.stringify(await compareRuns(store, 'base', 'cand'))).toBe(first);
    await store.close();
  });

  it('is dropped by a review, and compare shows the review', async () => {
    const store = await seeded();
    for (const id of ['base', 'cand']) await refreshRunSummary(store, id);
    const pending = (await foldOfTrials(store, 'cand')).graders.find((g) => g.name === 'expert')!;
    const c = pending.pending.findIndex((n) => n > 0);
    const caseId = (await foldOfTrials(store, 'cand')).caseIds[c];
    const trial = (await store.trials.list('cand', { caseId })).find((t) =>
      t.scores.some((s) => s.grader === 'expert' && s.pending),
    )!;
    await store.reviews.upsert({
      runId: 'cand',
      caseId,
      repeat: trial.repeat,
      grader: 'expert',
      status: 'done',
      score: 0,
    });
    expect(await store.runs.getFold!('cand')).toBeUndefined();
    expect(JSON.stringify(await compareRuns(store, 'base', 'cand'), null, 2)).toBe(
      await compareOfTrials(store, 'base', 'cand'),
    );
    await store.close();
  });

  it('is dropped by trials written into the run (a resume, an import), and compare shows them', async () => {
    const store = await seeded();
    for (const id of ['base', 'cand']) await refreshRunSummary(store, id);
    const rewritten = trialsOf('cand', 2, 3).slice(0, 12);
    await store.trials.write(rewritten);
    expect(await store.runs.getFold!('cand')).toBeUndefined();
    expect(JSON.stringify(await compareRuns(store, 'base', 'cand'), null, 2)).toBe(
      await compareOfTrials(store, 'base', 'cand'),
    );
    // A claim (resume) drops it too.
    await refreshRunSummary(store, 'cand');
    await store.runs.claim('cand', {
      owner: 'me',
      now: '2026-01-02T00:00:00Z',
      plannedTrials: 90,
      isHeld: () => false,
    });
    expect(await store.runs.getFold!('cand')).toBeUndefined();
    await store.close();
  });

  it('is not used when its key no longer matches the run (trial count, reviews, pass rules, version, fold shape)', async () => {
    const store = await seeded();
    const run = (await store.runs.get('cand'))!;
    const fold = await readFold(store, run);
    const summary = { summaryVersion: 0 };
    const key = foldKeyOf(run, fold.trials, 1);
    await store.runs.update('cand', { summary, fold: encodeFold(fold, key) });
    expect(await readStoredFold(store, run)).toEqual(fold);
    const wrongs = [
      { trials: fold.trials - 1 },
      { doneReviews: 0 },
      { format: 0 },
      { summaryVersion: 5 },
      { rules: 'x' },
      { shape: '{caseIds:[]}' },
    ];
    for (const wrong of wrongs) {
      await store.runs.update('cand', { summary, fold: encodeFold(fold, { ...key, ...wrong }) });
      expect(await readStoredFold(store, run)).toBeUndefined();
    }
    await store.runs.update('cand', { summary, fold: new Uint8Array([0, 1, 2]) });
    expect(await readStoredFold(store, run)).toBeUndefined();
    // The shape of the synthetic fold the key holds is the shape of a real run's fold.
    expect(key.shape).toBe(foldShape(fold));
    await store.close();
  });
});
