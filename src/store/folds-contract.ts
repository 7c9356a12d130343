import { describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { contractTrial, seedContractStore } from './contract-fixtures.js';
import { FOLD_PART_BYTES } from './fold-parts.js';

// A run's stored fold (analysis/fold-snapshot) is opaque bytes to the store, kept only beside
// the summary it was written with: whatever changes the run's trials, reviews or config drops it.

const BYTES = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
const summary = { summaryVersion: 1 };

async function withFold(createStore: () => Promise<Store>): Promise<Store> {
  const store = await seedContractStore(createStore);
  await store.trials.write([contractTrial('a', 0, true), contractTrial('b', 0, false)]);
  await store.runs.update('run_1', { status: 'completed', summary, fold: BYTES });
  return store;
}

export function describeFoldsContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name}: run folds`, () => {
    it('keeps the bytes written with the summary, and none for a run without', async () => {
      const store = await withFold(createStore);
      expect(Array.from((await store.runs.getFold!('run_1'))!)).toEqual(Array.from(BYTES));
      expect((await store.runs.get('run_1'))!.summary).toEqual(summary);
      expect(await store.runs.getFold!('run_none')).toBeUndefined();
      // A run that does not exist gets no fold (and the update fails).
      await expect(store.runs.update('run_none', { summary, fold: BYTES })).rejects.toThrow(/No run 'run_none'/);
      expect(await store.runs.getFold!('run_none')).toBeUndefined();
      // Updates that do not touch the summary, config or fold keep it.
      await store.runs.update('run_1', { heartbeatAt: '2026-01-01T00:00:09.000Z' });
      expect(await store.runs.getFold!('run_1')).toBeDefined();
      await store.close();
    });

    it('keeps a fold of several parts byte for byte, and a shorter one written over it whole', async () => {
      const store = await withFold(createStore);
      const big = Uint8Array.from({ length: 2 * FOLD_PART_BYTES + 12_345 }, (_, i) => (i * 131 + (i >> 11)) % 256);
      await store.runs.update('run_1', { summary, fold: big });
      expect(Buffer.compare(Buffer.from((await store.runs.getFold!('run_1'))!), Buffer.from(big))).toBe(0);
      // Written again shorter: no part of the longer one is left behind.
      await store.runs.update('run_1', { summary, fold: BYTES });
      expect(Array.from((await store.runs.getFold!('run_1'))!)).toEqual(Array.from(BYTES));
      await store.close();
    });

    it('drops it with a summary written without a fold, or a new config', async () => {
      for (const update of [{ summary }, { summary: null }, { config: { repeats: 3 } }, { fold: null }]) {
        const store = await withFold(createStore);
        await store.runs.update('run_1', update);
        expect(await store.runs.getFold!('run_1')).toBeUndefined();
        await store.close();
      }
    });

    it('drops it when the run gets trials, a review or a new owner', async () => {
      const changes: ((store: Store) => Promise<unknown>)[] = [
        (store) => store.trials.write([contractTrial('c', 0, true)]),
        (store) => store.trials.write([contractTrial('a', 0, false)]),
        (store) =>
          store.reviews.upsert({ runId: 'run_1', caseId: 'a', repeat: 0, grader: 'exact', status: 'done', score: 0 }),
        (store) =>
          store.runs.claim('run_1', {
            owner: 'p@h',
            now: '2026-01-02T00:00:00.000Z',
            plannedTrials: 6,
            isHeld: () => false,
          }),
      ];
      for (const change of changes) {
        const store = await withFold(createStore);
        await change(store);
        expect(await store.runs.getFold!('run_1')).toBeUndefined();
        await store.close();
      }
    });
  });
}
