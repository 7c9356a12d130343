import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../helpers/postgres.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const url = await postgresTestUrl('assay store copy (SQLite → Postgres → SQLite)');
const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-copy-'));
const schema = uniqueSchema('assay_copy');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (url) await dropSchemas(url, [schema]);
});

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
    await shared.close();

    const back = join(dir, 'back.db');
    const third = await runCli(['store', 'copy', '--from', pg, '--to', back]);
    expect(third.stdout).toMatch(/Copied 2 runs \(20 trials\).* 2 reviews \(3 reviewer labels\)/);
    const again = await runCli(['store', 'copy', '--from', pg, '--to', back, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ runs: 0, trials: 0, reviews: 0, labels: 0, unchangedRuns: 2 });
    const returned = await openStore({ location: back });
    expect(await contents(returned)).toEqual(original);
    await returned.close();
  }, 120_000); // Six CLI processes: slow on a loaded machine.

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
