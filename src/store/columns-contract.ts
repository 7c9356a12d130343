import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import type { Store } from './store.js';
import { contractTrial, seedContractStore } from './contract-fixtures.js';
import type { TrialColumns, WriteTrialInput } from './types.js';

// Case ids whose code point order differs from UTF-16 order and from locale order: the pages
// must follow the key order `listColumns` returns.
const IDS = ['a', 'B', 'b', 'b-2', 'é', 'z', '\u{1F600}', '\uFF01'];
const cases: Case[] = IDS.map((id, i) => ({ id, input: `q${i}`, slice: 'typical', metadata: {}, weight: 1 }));

function trial(caseId: string, repeat: number, k: number): WriteTrialInput {
  const error = k % 7 === 3 ? 'target timed out' : null;
  return {
    runId: 'run_scan',
    caseId,
    repeat,
    output: error ? null : { text: 'x', costUsd: k % 2 ? 0.01 * k : undefined, usage: { inputTokens: k } },
    error,
    startedAt: '2026-01-01T00:00:00.000Z',
    latencyMs: 10 + k,
    scores: error
      ? []
      : [
          { grader: 'exact', value: k % 3 ? 1 : 0, pass: k % 3 !== 0, reason: `r${k}` },
          ...(k % 4
            ? [{ grader: 'len', value: k / 100, meta: { judge: { costUsd: 0.5, usage: { totalTokens: 9 } } } }]
            : []),
        ],
  };
}

/** Each trial of a set of columns as one plain record, its scores in the order they were graded. */
function records(pages: readonly TrialColumns[]) {
  return pages.flatMap(({ trials, scores }) =>
    trials.caseIds.map((caseId, i) => {
      const rows = [];
      for (let j = trials.scoreStart[i]; j < trials.scoreStart[i + 1]; j++) rows.push(j);
      rows.sort((x, y) => scores.ordinals[x] - scores.ordinals[y]);
      return {
        caseId,
        repeat: trials.repeats[i],
        error: trials.errors[i],
        latency: trials.latencyMs[i],
        cost: trials.costUsd[i],
        input: trials.inputTokens[i],
        scores: rows.map((j) => ({
          grader: scores.graderNames[scores.grader[j]],
          value: scores.values[j],
          pass: scores.pass[j],
          judgeCost: scores.judgeCostUsd[j],
          judgeTokens: scores.judgeTokens[j],
          reason: scores.reasons?.[j],
        })),
      };
    }),
  );
}

/** `trials.scanColumns`: the pages of a run, together, are exactly `listColumns`. */
export function describeColumnsContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name} store: columns in pages`, () => {
    it('hands a run over page by page, in key order, the same trials and scores as listColumns', async () => {
      const store = await createStore();
      await store.datasets.create({ name: 'scan', version: 'vs', cases });
      await store.runs.create({
        runId: 'run_scan',
        eval: 'scan',
        datasetName: 'scan',
        datasetVersion: 'vs',
        target: { kind: 'function', name: 'bot' },
        gitCommit: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        config: { repeats: 3 },
        plannedTrials: IDS.length * 3,
      });
      // Written out of order; three repeats per case, so pages of 2 and 4 split cases.
      const written = IDS.flatMap((id, c) => [2, 0, 1].map((r) => trial(id, r, c * 3 + r))).reverse();
      await store.trials.write(written);
      const whole = await store.trials.listColumns('run_scan', { reasons: true });
      for (const pageSize of [1, 2, 4, 24, 1000]) {
        const pages: TrialColumns[] = [];
        await store.trials.scanColumns('run_scan', (page) => pages.push(page), { pageSize, reasons: true });
        expect(pages.length).toBe(Math.ceil(24 / pageSize));
        expect(records(pages)).toEqual(records([whole]));
        for (const page of pages) expect(page.trials.caseIds.length).toBeLessThanOrEqual(pageSize);
      }
      const lean: TrialColumns[] = [];
      await store.trials.scanColumns('run_scan', (page) => lean.push(page));
      expect(lean).toHaveLength(1);
      expect(lean[0].scores.reasons).toBeUndefined();
      expect(records(lean)).toEqual(records([await store.trials.listColumns('run_scan')]));
      const caseColumns = await store.datasets.listCaseColumns('vs');
      expect(caseColumns.caseIds).toEqual(whole.trials.caseIds.filter((_, i) => i % 3 === 0));
      for (const pageSize of [1, 3, 8, 100])
        expect(await store.datasets.listCaseColumns('vs', { pageSize })).toEqual(caseColumns);
      let calls = 0;
      await store.trials.scanColumns('no-such-run', () => (calls += 1));
      expect(calls).toBe(0);
      await store.close();
    });
  });
}

/** `trials.listColumns` and `datasets.listCaseColumns`: a run and a dataset version as columns. */
export function describeListColumnsContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name} store: runs and datasets as columns`, () => {
    it('lists a run as columns: trials in key order, each with its scores', async () => {
      const store = await seedContractStore(createStore);
      await store.trials.write([
        contractTrial('b', 0, 'error'),
        contractTrial('a', 1, false),
        contractTrial('a', 0, true),
        {
          ...contractTrial('c', 0, true),
          scores: [
            { grader: 'len', value: Number.NaN, error: 'grader crashed' },
            { grader: 'human', value: Number.NaN, pending: true },
            { grader: 'exact', value: 0.5 },
          ],
        },
      ]);
      const { trials, scores } = await store.trials.listColumns('run_1');
      expect(trials.caseIds).toEqual(['a', 'a', 'b', 'c']);
      expect([...trials.repeats]).toEqual([0, 1, 0, 0]);
      expect(trials.errors).toEqual([null, null, 'target timed out', null]);
      expect([...trials.scoreStart]).toEqual([0, 2, 4, 4, 7]);
      // Within a trial, scores come in any order: read them in the order they were graded.
      const graded = [0, 1, 2, 3].flatMap((i) => {
        const rows = Array.from(
          { length: trials.scoreStart[i + 1] - trials.scoreStart[i] },
          (_, k) => trials.scoreStart[i] + k,
        );
        return rows
          .sort((a, b) => scores.ordinals[a] - scores.ordinals[b])
          .map((k) => ({
            grader: scores.graderNames[scores.grader[k]],
            value: scores.values[k],
            pass: scores.pass[k],
            pending: scores.pending[k],
            error: scores.errors[k],
          }));
      });
      expect(graded).toEqual([
        { grader: 'exact', value: 1, pass: 1, pending: 0, error: null },
        { grader: 'len', value: 0.5, pass: 1, pending: 0, error: null },
        { grader: 'exact', value: 0, pass: 0, pending: 0, error: null },
        { grader: 'len', value: 0.5, pass: 1, pending: 0, error: null },
        { grader: 'len', value: Number.NaN, pass: -1, pending: 0, error: 'grader crashed' },
        { grader: 'human', value: Number.NaN, pass: -1, pending: 1, error: null },
        { grader: 'exact', value: 0.5, pass: -1, pending: 0, error: null },
      ]);
      expect((await store.trials.listColumns('no-such-run')).trials.caseIds).toEqual([]);
      await store.close();
    });

    it('lists accounting and judge-call columns, and reasons on request', async () => {
      const store = await seedContractStore(createStore);
      await store.trials.write([
        contractTrial('a', 0, true, { text: 'x', costUsd: 0.5, usage: { inputTokens: 7, outputTokens: 3 } }),
        {
          ...contractTrial('b', 0, true),
          scores: [
            {
              grader: 'judge',
              value: 1,
              pass: true,
              reason: 'fine',
              meta: { judge: { costUsd: 0.25, usage: { totalTokens: 40 } } },
            },
          ],
        },
      ]);
      const { trials, scores } = await store.trials.listColumns('run_1', { reasons: true });
      expect([...trials.latencyMs]).toEqual([10, 10]);
      expect([...trials.costUsd]).toEqual([0.5, Number.NaN]);
      expect([...trials.inputTokens]).toEqual([7, Number.NaN]);
      const judge = scores.graderNames.indexOf('judge');
      const k = [...scores.grader].indexOf(judge);
      expect([scores.judgeCalls[k], scores.judgeCostUsd[k], scores.judgeTokens[k], scores.reasons?.[k]]).toEqual([
        1,
        0.25,
        40,
        'fine',
      ]);
      expect((await store.trials.listColumns('run_1')).scores.reasons).toBeUndefined();
      await store.close();
    });

    it("lists a dataset version's segment fields as columns, ordered by case id", async () => {
      const store = await seedContractStore(createStore);
      const columns = await store.datasets.listCaseColumns('v1');
      expect(columns.caseIds).toEqual(['a', 'b', 'c']);
      expect(columns.slices).toEqual(['typical', 'edge', 'typical']);
      expect(columns.metadata).toEqual([
        { lang: 'en', vip: true },
        { lang: 'fr', vip: false },
        { lang: 'es', vip: false },
      ]);
      expect([...columns.weights]).toEqual([1, 2, 1]);
      expect(Object.isFrozen(columns.metadata[0])).toBe(true);
      await store.close();
    });
  });
}
