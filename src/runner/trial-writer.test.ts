import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import { TrialWriter } from './trial-writer.js';

afterEach(() => vi.useRealTimers());

describe('TrialWriter', () => {
  it('stores a finished trial within 50 ms, without waiting for a full batch', async () => {
    vi.useFakeTimers();
    const store = new SqliteStore({ path: ':memory:' });
    await store.datasets.create({ name: 'd', version: 'v', cases: [] });
    await store.runs.create({
      runId: 'r',
      eval: 'e',
      datasetName: 'd',
      datasetVersion: 'v',
      target: { kind: 'mock', name: 'm', params: {} },
      gitCommit: null,
      startedAt: new Date(0).toISOString(),
      config: {},
      plannedTrials: 1,
    });
    const writer = new TrialWriter(store);
    await writer.add({
      runId: 'r',
      caseId: 'a',
      repeat: 0,
      output: { text: 'x' },
      scores: [],
      error: null,
      startedAt: '',
      latencyMs: 1,
    });
    expect(await store.trials.count('r')).toBe(0);
    await vi.advanceTimersByTimeAsync(49);
    expect(await store.trials.count('r')).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await store.trials.count('r')).toBe(1);
    await store.close();
  });
});
