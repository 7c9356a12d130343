import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStoredFold } from '../../src/analysis/fold-snapshot/stored-fold.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../helpers/postgres.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const url = await postgresTestUrl('assay store copy (SQLite → Postgres → SQLite)');
const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-copy-'));
const schema = uniqueSchema('assay_copy');
const schemas = [schema];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (url) await dropSchemas(url, schemas);
});

/** Per run (newest first), whether the store holds a fold that is current for it there. */
async function currentFolds(store: Store) {
  const out: boolean[] = [];
  for (const run of await store.runs.list()) out.push((await readStoredFold(store, run)) !== undefined);
  return out;
}

/** Everything a store holds, in a comparable form. */
async function contents(store: Store) {
  const runs = await store.runs.list();
  const trials = [];
  for (const run of runs) for await (const t of store.trials.iterate(run.runId)) trials.push(t);
  return {
    datasets: (await store.datasets.list()).map(({ createdAt: _, ...d }) => d),
    runs,
    trials,
    columns: await Promise.all(runs.map((r) => store.trials.listColumns(r.runId))),
    reviews: await store.reviews.list(),
    labels: await store.reviews.listLabels(),
    baselines: (await store.baselines.list()).map(({ updatedAt: _, ...b }) => b),
  };
}

describe.skipIf(!url)('assay store copy', () => {
  it('copies a SQLite store into Postgres and back without losing or adding anything', async () => {
    const sqlite = join(dir, 'laptop.db');
    const pg = withSchema(url!, schema);
    const eval1 = join(projectRoot, 'test/fixtures/core/basic/qa.eval.yaml');
    for (const repeats of ['1', '3']) {
      const r = await runCli(['run', eval1, '--store', sqlite, '--repeats', repeats, '--no-progress']);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    }
    const local = await openStore({ location: sqlite });
    const [latest] = await local.runs.list();
    await local.baselines.set('main', latest.runId);
    await local.reviews.upsert({
      runId: latest.runId,
      caseId: 'q1',
      repeat: 0,
      grader: 'human',
      status: 'done',
      label: 'pass',
      score: 1,
      reviewer: 'ann',
    });
    // A second reviewer disagrees, then the first changes her mind: three labels, one resolved review.
    const disputed = { runId: latest.runId, caseId: 'q2', repeat: 0, grader: 'human', status: 'done' } as const;
    await local.reviews.upsert({ ...disputed, label: 'pass', score: 1, reviewer: 'ann' });
    await local.reviews.upsert({ ...disputed, label: 'fail', score: 0, reviewer: 'bob', comment: 'wrong unit' });
    await local.reviews.upsert({ ...disputed, label: 'fail', score: 0, reviewer: 'ann' });
    const original = await contents(local);
    // The older run's fold was stored with its summary; the newer one's was dropped by its reviews.
    expect(await currentFolds(local)).toEqual([false, true]);
    const olderFold = await local.runs.getFold!(original.runs[1].runId);
    await local.close();
    expect(original.trials).toHaveLength(20);
    expect(original.labels.map((l) => [l.caseId, l.reviewer, l.label])).toEqual([
      ['q1', 'ann', 'pass'],
      ['q2', 'ann', 'fail'],
      ['q2', 'bob', 'fail'],
    ]);

    const first = await runCli(['store', 'copy', '--from', sqlite, '--to', pg, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      runs: 2,
      trials: 20,
      reviews: 2,
      labels: 3,
      baselines: 1,
      datasets: 1,
      folds: 1,
    });
    const second = await runCli(['store', 'copy', '--from', sqlite, '--to', pg, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({
      runs: 0,
      trials: 0,
      reviews: 0,
      labels: 0,
      baselines: 0,
      datasets: 0,
      unchangedRuns: 2,
    });

    const shared = await openStore({ location: pg });
    expect(await contents(shared)).toEqual(original);
    // The fold came along, byte for byte, and is current there: compare need not refold a big run.
    expect(await shared.runs.getFold!(original.runs[1].runId)).toEqual(olderFold);
    expect(await currentFolds(shared)).toEqual([false, true]);
    await shared.close();

    const back = join(dir, 'back.db');
    const third = await runCli(['store', 'copy', '--from', pg, '--to', back]);
    expect(third.stdout).toMatch(/Copied 2 runs \(20 trials\).* 2 reviews \(3 reviewer labels\)/);
    const again = await runCli(['store', 'copy', '--from', pg, '--to', back, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ runs: 0, trials: 0, reviews: 0, labels: 0, unchangedRuns: 2 });
    const returned = await openStore({ location: back });
    expect(await contents(returned)).toEqual(original);
    expect(await currentFolds(returned)).toEqual([false, true]);
    await returned.close();
  }, 120_000); // Six CLI processes: slow on a loaded machine.

  it('copies traces, feedback and online scores (with the cursor) and a second copy adds nothing', async () => {
    const sqlite = join(dir, 'online.db');
    const onlineSchema = uniqueSchema('assay_copy_online');
    schemas.push(onlineSchema);
    const pg = withSchema(url!, onlineSchema);
    const local = await openStore({ location: sqlite });
    const record = (i: number) => ({
      traceId: `t${i}`,
      spanId: i % 2 === 0 ? '' : 'ab12',
      input: `question ${i}`,
      output: `answer ${i}`,
      metadata: { 'user.tier': i % 3 === 0 ? 'pro' : 'free' },
      timestamp: `2026-03-01T10:${String(i % 60).padStart(2, '0')}:00.000Z`,
      latencyMs: i,
      model: 'gpt-x',
      inputTokens: 3,
      outputTokens: null,
      status: 'ok' as const,
      error: null,
      source: 'api' as const,
    });
    await local.traces!.write(Array.from({ length: 25 }, (_, i) => record(i)));
    await local.traces!.write([{ ...record(3), output: 're-sent' }]);
    // Two identical rows with the same time are still two rows.
    const at = '2026-03-01T10:30:00.000Z';
    await local.feedback!.add({ traceId: 't1', score: null, thumb: 'down', comment: 'wrong' }, at);
    await local.feedback!.add({ traceId: 't1', score: null, thumb: 'down', comment: 'wrong' }, at);
    const stored = await local.traces!.list();
    await local.online!.write(
      stored.slice(0, 10).map((t) => ({
        eval: 'prod',
        traceId: t.traceId,
        spanId: t.spanId,
        timestamp: t.timestamp,
        sampled: true,
        weight: 2,
        grader: 'judge',
        value: 1,
        pass: true,
        reason: null,
        error: null,
        metadata: t.metadata,
      })),
    );
    await local.online!.setCursor('prod', stored[9].seq);
    const online = async (store: Store) => ({
      traces: (await store.traces!.list({ limit: 100 })).map(({ seq: _seq, ...t }) => t),
      feedback: (await store.feedback!.list()).map(({ id: _id, ...f }) => f),
      scores: await store.online!.list('prod'),
    });
    const original = await online(local);
    await local.close();

    const first = await runCli(['store', 'copy', '--from', sqlite, '--to', pg, '--json']);
    expect(JSON.parse(first.stdout)).toMatchObject({ traces: 25, feedback: 2, onlineScores: 10 });
    const second = await runCli(['store', 'copy', '--from', sqlite, '--to', pg, '--json']);
    expect(JSON.parse(second.stdout)).toMatchObject({ traces: 0, feedback: 0 });
    const shared = await openStore({ location: pg });
    expect(await online(shared)).toEqual(original);
    // The eval's cursor points at the same trace it had read in the source: nothing is graded twice.
    const cursor = await shared.online!.cursor('prod');
    const [after] = await shared.traces!.list({ afterSeq: cursor, limit: 1 });
    expect(after.traceId).toBe(original.traces[10].traceId);
    await shared.close();
  });

  it('refuses a missing source store with a hint, and never prints a password', async () => {
    const r = await runCli([
      'store',
      'copy',
      '--from',
      join(dir, 'nope.db'),
      '--to',
      'postgres://ann:hunter2@127.0.0.1:1/x',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/No store at/);
    const s = await runCli([
      'store',
      'copy',
      '--from',
      'postgres://ann:hunter2@127.0.0.1:1/x',
      '--to',
      join(dir, 'x.db'),
    ]);
    expect(s.stderr).toContain('postgres://ann:***@127.0.0.1:1/x');
    expect(s.stderr + s.stdout).not.toContain('hunter2');
  });
});
