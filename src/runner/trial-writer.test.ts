import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import type { WriteTrialInput } from '../store/types.js';
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

  it('holds callers back while two batches wait for a slow store, and lets them go as batches are stored', async () => {
    // A store whose writes wait until the test opens them: the writer must not take more than
    // two batches (20 trials) ahead of it, however many callers add trials at once.
    const gates: (() => void)[] = [];
    const written: WriteTrialInput[] = [];
    const store = {
      trials: {
        write: async (batch: readonly WriteTrialInput[]) => {
          await new Promise<void>((resolve) => gates.push(resolve));
          written.push(...batch);
        },
      },
    } as unknown as Store;
    const writer = new TrialWriter(store, { batchSize: 10, flushMs: 60_000 });
    const trial = (i: number): WriteTrialInput => ({
      runId: 'r',
      caseId: `c${i}`,
      repeat: 0,
      output: { text: 'x' },
      scores: [],
      error: null,
      startedAt: '',
      latencyMs: 1,
    });
    const settled = new Set<number>();
    const adds = Array.from({ length: 30 }, (_, i) => writer.add(trial(i)).then(() => settled.add(i)));
    // Nothing below waits on I/O or timers: by the next turn of the event loop every add that
    // can go on has gone on.
    await tick();
    // The 10th and 20th fill a batch and wait for it; from the 21st on, 20 trials are unwritten.
    expect([...settled].sort((a, b) => a - b)).toEqual([...range(0, 9), ...range(10, 19)]);
    expect(writer.unwritten).toBe(30);
    // The first batch stored leaves 20 unwritten: still nobody goes on.
    gates.shift()!();
    await tick();
    expect(written).toHaveLength(10);
    expect(writer.unwritten).toBe(20);
    expect(settled.size).toBe(18);
    // The second leaves 10: all go on but the 30th, which waits for its own batch.
    gates.shift()!();
    await tick();
    expect(writer.unwritten).toBe(10);
    expect([...settled].sort((a, b) => a - b)).toEqual(range(0, 29));
    gates.shift()!();
    await Promise.all(adds);
    expect(written).toHaveLength(30);
    expect(writer.unwritten).toBe(0);
  });
});

function range(from: number, until: number): number[] {
  return Array.from({ length: until - from }, (_, i) => from + i);
}
