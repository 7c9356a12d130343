import { describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import { trialKey } from './store.js';
import { contractCases as cases, contractTrial as trial, seedContractStore } from './contract-fixtures.js';
import type { WriteTrialInput } from './types.js';

/**
 * The behaviour every `Store` must have. Each implementation's test file calls this with a
 * factory for a fresh, empty store.
 */
export function describeStoreContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    const seeded = (): Promise<Store> => seedContractStore(createStore);

    it('stores a dataset once and returns its cases in order', async () => {
      const store = await seeded();
      await store.datasets.create({ name: 'qa', version: 'v1', cases });
      expect((await store.datasets.get('v1'))?.caseCount).toBe(3);
      expect((await store.datasets.listCases('v1')).map((c) => c.id)).toEqual(['a', 'b', 'c']);
      expect(await store.datasets.getCase('v1', 'c')).toEqual(cases[2]);
      expect((await store.datasets.list()).map((d) => [d.name, d.version, d.caseCount])).toEqual([['qa', 'v1', 3]]);
      await store.close();
    });

    it('creates, updates and lists runs newest first', async () => {
      const store = await seeded();
      await store.runs.create({
        runId: 'run_2',
        eval: 'other',
        datasetName: 'qa',
        datasetVersion: 'v1',
        target: { kind: 'x' },
        gitCommit: 'abc',
        startedAt: '2026-02-01T00:00:00.000Z',
        config: {},
        plannedTrials: 3,
      });
      const updated = await store.runs.update('run_1', {
        status: 'completed',
        finishedAt: '2026-01-01T00:01:00.000Z',
        summary: { ok: 1 },
      });
      expect(updated).toMatchObject({ status: 'completed', summary: { ok: 1 }, config: { repeats: 2 } });
      expect(await store.runs.update('run_1', { config: { repeats: 2, queue: { file: 'x' } } })).toMatchObject({
        config: { queue: { file: 'x' } },
      });
      expect((await store.runs.list()).map((r) => r.runId)).toEqual(['run_2', 'run_1']);
      expect((await store.runs.list({ eval: 'qa-eval' })).map((r) => r.runId)).toEqual(['run_1']);
      await expect(store.runs.update('nope', { status: 'failed' })).rejects.toThrow(/No run 'nope'/);
      await store.close();
    });

    it('keeps the matrix a run is a cell of, and lists a matrix by its id', async () => {
      const store = await seeded();
      for (const [runId, startedAt] of [
        ['cell_a', '2026-03-01T00:00:00.000Z'],
        ['cell_b', '2026-03-01T00:00:01.000Z'],
      ]) {
        await store.runs.create({
          runId,
          eval: 'qa-eval',
          datasetName: 'qa',
          datasetVersion: 'v1',
          target: { kind: 'x' },
          gitCommit: null,
          startedAt,
          config: {},
          plannedTrials: 3,
          matrixId: 'mx_1',
        });
      }
      expect((await store.runs.get('run_1'))?.matrixId).toBeNull();
      expect((await store.runs.get('cell_a'))?.matrixId).toBe('mx_1');
      expect((await store.runs.list({ matrix: 'mx_1' })).map((r) => r.runId)).toEqual(['cell_b', 'cell_a']);
      expect(await store.runs.list({ matrix: 'mx_2' })).toEqual([]);
      await store.close();
    });

    it('claims a run for one owner unless the run says it is held, and records heartbeats', async () => {
      const store = await seeded();
      await store.runs.update('run_1', { status: 'interrupted' });
      const held = await store.runs.claim('run_1', {
        owner: '1@a',
        now: '2026-01-02T00:00:00.000Z',
        plannedTrials: 6,
        isHeld: () => true,
      });
      expect(held).toMatchObject({ claimed: false, run: { status: 'interrupted' } });
      const seen: string[] = [];
      const free = await store.runs.claim('run_1', {
        owner: '2@b',
        now: '2026-01-02T00:00:00.000Z',
        plannedTrials: 8,
        isHeld: (run) => (seen.push(run.status), false),
      });
      expect(seen).toEqual(['interrupted']);
      expect(free).toMatchObject({
        claimed: true,
        run: { status: 'running', owner: '2@b', heartbeatAt: '2026-01-02T00:00:00.000Z', plannedTrials: 8 },
      });
      await store.runs.update('run_1', { heartbeatAt: '2026-01-02T00:00:05.000Z' });
      expect((await store.runs.get('run_1'))?.heartbeatAt).toBe('2026-01-02T00:00:05.000Z');
      expect(
        await store.runs.claim('nope', { owner: 'x', now: 'y', plannedTrials: 1, isHeld: () => false }),
      ).toBeUndefined();
      await store.close();
    });

    it('writes trials idempotently by (run, case, repeat) and counts errors', async () => {
      const store = await seeded();
      await store.trials.write([trial('a', 0, true), trial('a', 1, false), trial('b', 0, 'error')]);
      await store.trials.write([trial('a', 1, true)]);
      await store.trials.write([{ ...trial('c', 0, true), output: { text: 'c', cached: true } }]);
      const run = await store.runs.get('run_1');
      expect(run).toMatchObject({ trials: 4, errors: 1, cached: 1 });
      await store.trials.write([trial('c', 0, true)]);
      expect(await store.runs.get('run_1')).toMatchObject({ trials: 4, errors: 1, cached: 0 });
      const listed = await store.trials.list('run_1');
      expect(listed.map((t) => [t.caseId, t.repeat])).toEqual([
        ['a', 0],
        ['a', 1],
        ['b', 0],
        ['c', 0],
      ]);
      expect(listed[1].scores[0]).toMatchObject({ grader: 'exact', value: 1, pass: true });
      expect(listed[1].scores[1]).toMatchObject({ grader: 'len', meta: { chars: 4 } });
      expect(listed[2]).toMatchObject({
        error: 'target timed out',
        slice: 'edge',
        weight: 2,
        metadata: { lang: 'fr' },
      });
      expect(await store.trials.completedKeys('run_1')).toEqual(
        new Set([trialKey('a', 0), trialKey('a', 1), trialKey('c', 0)]),
      );
      await store.close();
    });

    it('replaces the scores of a trial written again: graders it no longer has are dropped', async () => {
      const store = await seeded();
      const scoresOf = async () =>
        (await store.trials.list('run_1')).map((t) => t.scores.map((s) => [s.grader, s.value]));
      await store.trials.write([trial('a', 0, true), trial('b', 0, false)]);
      const lenOnly = { ...trial('a', 0, true), scores: [{ grader: 'len', value: 0.25, pass: false }] };
      await store.trials.write([lenOnly, trial('b', 0, 'error')]);
      expect(await scoresOf()).toEqual([[['len', 0.25]], []]);
      // In one batch the last write of a key wins.
      await store.trials.write([trial('a', 0, false), trial('b', 0, true), lenOnly]);
      expect(await scoresOf()).toEqual([
        [['len', 0.25]],
        [
          ['exact', 1],
          ['len', 0.5],
        ],
      ]);
      await store.close();
    });

    it('filters trials by slice, segment, given keys, grader and text, with paging', async () => {
      const store = await seeded();
      await store.trials.write([
        trial('a', 0, true),
        trial('b', 0, false),
        trial('c', 0, 'error'),
        trial('c', 1, true, { text: 'Needle here' }),
      ]);
      const ids = async (q: Parameters<Store['trials']['list']>[1]) =>
        (await store.trials.list('run_1', q)).map((t) => `${t.caseId}${t.repeat}`);
      expect(await ids({ slice: 'edge' })).toEqual(['b0']);
      expect(await ids({ segment: { field: 'lang', value: 'es' } })).toEqual(['c0', 'c1']);
      expect(await ids({ segment: { field: 'vip', value: 'true' } })).toEqual(['a0']);
      expect(
        await ids({
          trials: [
            { caseId: 'c', repeat: 1 },
            { caseId: 'a', repeat: 0 },
          ],
        }),
      ).toEqual(['a0', 'c1']);
      expect(await ids({ trials: [] })).toEqual([]);
      expect(await ids({ grader: 'len' })).toEqual(['a0', 'b0', 'c1']);
      expect(await ids({ search: 'needle' })).toEqual(['c1']);
      expect(await ids({ search: 'BONJOUR' })).toEqual(['b0']);
      expect(await ids({ search: '100%' })).toEqual([]);
      expect(await ids({ limit: 2, offset: 1 })).toEqual(['b0', 'c0']);
      expect(
        await store.trials.count('run_1', {
          trials: [
            { caseId: 'c', repeat: 1 },
            { caseId: 'a', repeat: 0 },
          ],
        }),
      ).toBe(2);
      await store.close();
    });

    it('iterates every trial in pages without losing any', async () => {
      const store = await seeded();
      const many: WriteTrialInput[] = [];
      for (let i = 0; i < 25; i++)
        for (const r of [0, 1]) many.push(trial(`k${String(i).padStart(2, '0')}`, r, i % 2 === 0));
      await store.trials.write(many);
      const seen: string[] = [];
      for await (const t of store.trials.iterate('run_1', 7)) seen.push(`${t.caseId}/${t.repeat}/${t.scores.length}`);
      expect(seen).toHaveLength(50);
      expect(new Set(seen).size).toBe(50);
      expect(seen.every((s) => s.endsWith('/2'))).toBe(true);
      await store.close();
    });

    it('iterates without output text when asked, keeping the accounting fields', async () => {
      const store = await seeded();
      await store.trials.write([
        trial('a', 0, true, { text: 'long answer', costUsd: 0.25, usage: { inputTokens: 7, outputTokens: 3 } }),
        trial('b', 0, 'error'),
      ]);
      const lean = [];
      for await (const t of store.trials.iterate('run_1', { withOutput: false })) lean.push(t);
      expect(lean[0].output).toMatchObject({ costUsd: 0.25, usage: { inputTokens: 7, outputTokens: 3 } });
      expect(lean[0].output?.text).toBeUndefined();
      expect(lean[0].scores).toHaveLength(2);
      expect(lean[1]).toMatchObject({ output: null, error: 'target timed out' });
      await store.close();
    });

    it('finds the same case across runs, and keeps baselines and reviews', async () => {
      const store = await seeded();
      await store.trials.write([trial('a', 0, true)]);
      expect((await store.trials.listForCase('a')).map((t) => t.runId)).toEqual(['run_1']);
      await store.baselines.set('main', 'run_1');
      expect(await store.baselines.get('main')).toMatchObject({ runId: 'run_1' });
      await expect(store.baselines.set('main', 'missing')).rejects.toThrow(/no such run/);
      await store.reviews.upsert({ runId: 'run_1', caseId: 'a', repeat: 0, grader: 'human', status: 'pending' });
      await store.reviews.upsert({
        runId: 'run_1',
        caseId: 'a',
        repeat: 0,
        grader: 'human',
        status: 'done',
        label: 'pass',
        score: 1,
        reviewer: 'ann',
      });
      expect(await store.reviews.list({ runId: 'run_1' })).toMatchObject([
        { status: 'done', label: 'pass', score: 1, reviewer: 'ann' },
      ]);
      expect(await store.reviews.count({ status: 'pending' })).toBe(0);
      await store.close();
    });

    it('hands out audit places atomically: a case keeps its place, and no more than the size are given', async () => {
      const store = await seeded();
      const claim = (caseId: string, grader = 'audit') =>
        store.reviews.claimAuditSlot({ runId: 'run_1', grader, caseId, size: 3 });
      const granted = await Promise.all(['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'].map((c) => claim(c)));
      expect(granted.filter(Boolean)).toHaveLength(3);
      const holder = `k${granted.indexOf(true) + 1}`;
      expect(await claim(holder)).toBe(true);
      expect(await claim('k9')).toBe(false);
      expect(await claim('k9', 'other-grader')).toBe(true);
      await store.close();
    });

    it("keeps every reviewer's label, one per reviewer, beside the review task", async () => {
      const store = await seeded();
      await store.trials.write([trial('a', 0, true)]);
      const task = { runId: 'run_1', caseId: 'a', repeat: 0, grader: 'human' } as const;
      await store.reviews.upsert({ ...task, status: 'pending' });
      expect(await store.reviews.listLabels({ runId: 'run_1' })).toEqual([]);
      await store.reviews.upsert({ ...task, status: 'done', label: 'pass', score: 1, reviewer: 'ann' });
      await store.reviews.upsert({ ...task, status: 'done', label: 'fail', score: 0, reviewer: 'bob' });
      await store.reviews.upsert({
        ...task,
        status: 'done',
        label: 'fail',
        score: 0,
        reviewer: 'ann',
        comment: 'changed my mind',
      });
      const labels = await store.reviews.listLabels({ runId: 'run_1', grader: 'human' });
      expect(labels.map((l) => [l.reviewer, l.label, l.comment])).toEqual([
        ['ann', 'fail', 'changed my mind'],
        ['bob', 'fail', null],
      ]);
      expect(labels.every((l) => l.status === 'done')).toBe(true);
      expect(await store.reviews.list({ runId: 'run_1' })).toHaveLength(1);
      await store.close();
    });

    it('writes labels as given, timestamps kept, counting only those new or changed', async () => {
      const store = await seeded();
      await store.trials.write([trial('a', 0, true)]);
      const base = { runId: 'run_1', caseId: 'a', repeat: 0, grader: 'human', score: null, comment: null } as const;
      const ann = {
        ...base,
        reviewer: 'ann',
        label: 'pass',
        createdAt: '2026-01-02T00:00:00.000Z',
        updatedAt: '2026-01-03T00:00:00.000Z',
      };
      const bob = {
        ...base,
        reviewer: 'bob',
        label: 'fail',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      };
      expect(await store.reviews.writeLabels([ann, bob])).toBe(2);
      expect(await store.reviews.writeLabels([ann, bob])).toBe(0);
      expect(await store.reviews.writeLabels([])).toBe(0);
      expect(
        await store.reviews.writeLabels([{ ...ann, comment: 'unsure', updatedAt: '2026-01-04T00:00:00.000Z' }]),
      ).toBe(1);
      const labels = await store.reviews.listLabels({ runId: 'run_1' });
      expect(labels).toEqual([
        { ...bob, status: 'done' },
        { ...ann, comment: 'unsure', updatedAt: '2026-01-04T00:00:00.000Z', status: 'done' },
      ]);
      expect(await store.reviews.list({ runId: 'run_1' })).toEqual([]);
      await store.close();
    });
  });
}
