import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, postgresTestUrl, uniqueSchema } from '../../../test/helpers/postgres.js';
import type { Score } from '../../core/types.js';
import { PostgresStore } from '../../store/postgres/postgres-store.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { TrialColumnsBuilder } from '../../store/trial-columns-builder.js';
import type { WriteTrialInput } from '../../store/types.js';
import { encodeStoredFold, foldKeyOf } from '../fold-snapshot/stored-fold.js';
import { summarizeFold } from '../summarize-run.js';
import { createVariedRun, variedCases, variedTrials } from '../varied-run-fixture.js';
import { readFold } from './read-fold.js';

// A new run's summary is folded from the trials the process wrote (src/run-eval.ts), not from
// the trials read back. That is only right if the columns built from the trials are the
// store's columns to the bit, for every kind of trial and score and in any order of writing.

const url = await postgresTestUrl('the written-fold check on Postgres');
const schemas: string[] = [];
afterAll(async () => {
  if (url) await dropSchemas(url, schemas);
});

const cases = variedCases({ cases: 60, rich: true });

/** The varied run, plus the odd values a grader or target may hand over. */
function trialsOf(runId: string): WriteTrialInput[] {
  const rows = variedTrials(cases, runId, 3, 3, true);
  const odd: Score[] = [
    { grader: 'zeta', value: -0, pass: false },
    { grader: 'Alpha', value: 0.1 + 0.2, pass: null as unknown as boolean },
    { grader: 'judge', value: 0.5, meta: { judge: null } },
    { grader: 'exact', value: Number.POSITIVE_INFINITY },
    { grader: 'similar', value: 1 / 3, meta: { judge: { costUsd: 'free', usage: [] } } },
  ];
  rows[4] = { ...rows[4], latencyMs: 51.23456789012345, scores: odd };
  rows[5] = { ...rows[5], output: { text: 'x', costUsd: 1e-9, usage: { inputTokens: 7 } } };
  rows[6] = { ...rows[6], scores: [...rows[6].scores].reverse() };
  return rows;
}

/** The trials in a scrambled but fixed order, as a pool of workers finishes them. */
function scrambled<T>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, key: (i * 7919) % 997 }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.row);
}

async function check(store: Store): Promise<void> {
  await store.datasets.create({ name: 'd', version: 'v', cases });
  const rows = trialsOf('written');
  const config = { repeats: 3, graders: [{ name: 'exact' }, { name: 'similar', threshold: 0.5 }] };
  await createVariedRun(store, 'written', rows.length, config);
  const order = scrambled(rows);
  await store.trials.write(order.slice(0, 100));
  await store.trials.write(order.slice(100));
  const built = new TrialColumnsBuilder();
  for (const t of order) built.add(t);
  expect(built.finish()).toEqual(await store.trials.listColumns('written'));
  const withReasons = new TrialColumnsBuilder({ reasons: true });
  for (const t of order) withReasons.add(t);
  expect(withReasons.finish()).toEqual(await store.trials.listColumns('written', { reasons: true }));

  const run = (await store.runs.get('written'))!;
  const fromStore = await readFold(store, run);
  const fromWritten = await readFold(store, run, { written: built });
  expect(fromWritten).toEqual(fromStore);
  const key = foldKeyOf(run, fromStore.trials, 0);
  expect(Buffer.from(encodeStoredFold(fromWritten, key))).toEqual(Buffer.from(encodeStoredFold(fromStore, key)));
  expect(summarizeFold(run, fromWritten)).toEqual(summarizeFold(run, fromStore));
}

describe('a fold from the trials as written', () => {
  it('is the fold read back from SQLite, to the bit', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await check(store);
    await store.close();
  });

  it.skipIf(!url)('is the fold read back from Postgres, to the bit', async () => {
    const schema = uniqueSchema('written_fold');
    schemas.push(schema);
    const store = await PostgresStore.open({ url: url!, schema });
    await check(store);
    await store.close();
  });

  it('is not used when the store holds trials the process did not write', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await store.datasets.create({ name: 'd', version: 'v', cases });
    const rows = trialsOf('partial');
    await createVariedRun(store, 'partial', rows.length, { repeats: 3 });
    await store.trials.write(rows);
    const built = new TrialColumnsBuilder();
    for (const t of rows.slice(1)) built.add({ ...t, latencyMs: 999 });
    const run = (await store.runs.get('partial'))!;
    // One trial short of the store's count: the store is read, and no latency is 999.
    const fold = await readFold(store, run, { written: built });
    expect(fold).toEqual(await readFold(store, run));
    await store.close();
  });
});
