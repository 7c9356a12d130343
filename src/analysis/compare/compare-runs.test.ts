import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, Score } from '../../core/types.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import type { WriteTrialInput } from '../../store/types.js';
import { readCaseTable } from './case-table.js';
import { compareRuns, compareTables } from './compare-runs.js';

let dir: string;
let store: Store;

// Ids whose SQLite order (code points) differs from JavaScript's (UTF-16 units): '\u{1F600}' sorts
// after '\uFF01' in SQLite and before it in JavaScript.
const ids = Array.from({ length: 40 }, (_, i) => `case-${String(i).padStart(2, '0')}`).concat([
  '\uFF01-wide',
  '\u{1F600}-emoji',
  'é-accent',
]);

function dataset(version: string, caseIds: readonly string[]): { name: string; version: string; cases: Case[] } {
  return {
    name: 'mixed',
    version,
    cases: caseIds.map((id, i) => ({
      id,
      input: id,
      slice: i % 5 === 0 ? 'edge' : 'typical',
      weight: i % 7 === 0 ? 2 : 1,
      metadata: { language: ['en', 'de', 'fr'][i % 3], vip: i % 4 === 0, tier: i % 6 === 0 ? null : i % 2 },
    })),
  };
}

/** Scores in the order a grader list returns them: `quality` before `correct`, so not by name. */
function scores(i: number, repeat: number, shift: number, extra: boolean): Score[] {
  const k = (i * 31 + repeat * 7 + shift) % 10;
  const list: Score[] = [
    i % 11 === 3
      ? { grader: 'quality', value: Number.NaN, error: 'judge timed out' }
      : { grader: 'quality', value: k / 10, pass: k >= 5 },
    i % 13 === 5
      ? { grader: 'correct', value: Number.NaN }
      : { grader: 'correct', value: k >= 4 ? 1 : 0, ...(i % 3 !== 0 && { pass: k >= 4 }) },
    i % 4 === 1
      ? { grader: 'human', value: Number.NaN, pending: true }
      : { grader: 'human', value: k >= 3 ? 1 : 0, pass: k >= 3 },
  ];
  return extra ? [...list, { grader: 'extra', value: 1, pass: true }] : list;
}

function run(
  runId: string,
  caseIds: readonly string[],
  repeats: number,
  shift: number,
  extra = false,
): WriteTrialInput[] {
  return caseIds.flatMap((id, i) =>
    Array.from({ length: repeats }, (_, repeat) => ({
      runId,
      caseId: id,
      repeat,
      output: { text: 'x' },
      startedAt: '2025-01-01T00:00:00.000Z',
      latencyMs: 10,
      error: (i + repeat + shift) % 17 === 0 ? 'target timed out' : null,
      scores: (i + repeat + shift) % 17 === 0 ? [] : scores(i, repeat, shift, extra),
    })),
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-compare-runs-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await store.datasets.create(dataset('v1', ids));
  await store.datasets.create(dataset('v2', ids.slice(2)));
  const create = (runId: string, version: string, startedAt: string) =>
    store.runs.create({
      runId,
      eval: 'mixed',
      datasetName: 'mixed',
      datasetVersion: version,
      target: { kind: 'replay' },
      gitCommit: null,
      startedAt,
      config: {},
      plannedTrials: 0,
    });
  await create('base', 'v1', '2025-01-01T00:00:00.000Z');
  await create('cand', 'v2', '2025-01-02T00:00:00.000Z');
  await create('once', 'v1', '2025-01-03T00:00:00.000Z');
  await create('once-more', 'v1', '2025-01-04T00:00:00.000Z');
  // `cand` runs one case its dataset lacks (it keeps default segment fields) and misses two.
  await store.trials.write(run('base', ids.slice(0, 41), 3, 0));
  await store.trials.write(run('cand', [...ids.slice(3), 'case-00'], 3, 1, true));
  await store.trials.write(run('once', ids, 1, 2));
  await store.trials.write(run('once-more', ids, 1, 5));
  for (const [runId, caseId, repeat, label] of [
    ['cand', 'case-05', 0, 'pass'],
    ['cand', 'case-09', 1, 'fail'],
    ['once', 'case-01', 0, 'pass'],
    ['once', 'case-13', 0, 'odd'],
  ] as const) {
    await store.reviews.upsert({ runId, caseId, repeat, grader: 'human', status: 'done', label, reviewer: 'ana' });
  }
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('compareRuns', () => {
  it.each([
    ['base', 'cand'],
    ['cand', 'base'],
    ['once', 'once-more'],
  ])('reads %s vs %s from the store into the same comparison as their case tables', async (b, c) => {
    const options = { seed: 7, bootstrapSamples: 200 };
    const fromStore = await compareRuns(store, b, c, options);
    const [runB, runC] = [(await store.runs.get(b))!, (await store.runs.get(c))!];
    const fromTables = compareTables(
      { run: runB, table: await readCaseTable(store, b) },
      { run: runC, table: await readCaseTable(store, c) },
      options,
    );
    expect(fromStore).toEqual(fromTables);
    expect(fromStore.graders.map((g) => g.name)).toEqual(['quality', 'correct', 'human']);
  });

  it('covers what the equivalence is about: repeats, errors, reviews, weights and one-sided cases', async () => {
    const c = await compareRuns(store, 'base', 'cand', { seed: 7, bootstrapSamples: 200 });
    expect(c.onlyInBaselineIds).toEqual(['case-01', 'case-02']);
    expect(c.onlyInCandidateIds).toEqual(['é-accent', '\u{1F600}-emoji']);
    expect(c.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['excluded-cases', 'errored-trials', 'grader-not-shared', 'dataset-changed']),
    );
    expect(c.flakyDetails.length).toBeGreaterThan(0);
    expect(c.variance.length).toBeGreaterThan(0);
    expect(c.graders.find((g) => g.name === 'correct')?.weightedDelta).toBeDefined();
    expect(c.segments.map((s) => s.field)).toEqual(expect.arrayContaining(['slice', 'language', 'tier', 'vip']));
  });
});
