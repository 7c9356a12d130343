import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { summarizeRun } from './summarize-run.js';

describe('run summary segments', () => {
  it('segments on what a case is (metadata, slice), never on its provenance (promoted failures, sampling design)', async () => {
    const cases: Case[] = ['a', 'b', 'c'].map((id, i) => ({
      id,
      input: id,
      slice: 'regression',
      weight: 1,
      metadata: {
        lang: i < 2 ? 'en' : 'de',
        promotedFrom: 'run_1',
        failureReason: `reason ${i}`,
        failedOutput: `out ${i}`,
        failedGraders: 'judge',
        samplingStratum: 'lang=en',
        samplingFraction: 0.5,
      },
    }));
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
      config: { repeats: 1, graders: [{ name: 'g', kind: 'rule' }] },
      plannedTrials: 3,
    });
    await store.trials.write(
      cases.map((c) => ({
        runId: 'r',
        caseId: c.id,
        repeat: 0,
        startedAt: '2026-01-01T00:00:00Z',
        latencyMs: 1,
        error: null,
        output: { text: 'x' },
        scores: [{ grader: 'g', value: 1, pass: true }],
      })),
    );
    const s = await summarizeRun(store, 'r');
    expect([...new Set(s.segments.map((g) => g.field))].sort()).toEqual(['lang', 'slice']);
  });
});
