import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { compareColumns } from '../compare/compare-runs.js';
import { summarizeFold } from '../summarize-run.js';
import { foldRun } from './case-fold.js';
import { passRulesOf } from './pass-rule.js';
import { readFold } from './read-fold.js';
import { createVariedRun, variedCases, variedTrials } from '../varied-run-fixture.js';

// The fold read page by page must be the fold of the whole run read at once, to the bit: every
// summary and comparison number depends on it. The run varies everything the fold reads.

const cases = variedCases({ cases: 40, rich: false });

async function seed(store: Store, runId: string, shift: number, repeats: number): Promise<StoredRun> {
  await createVariedRun(store, runId, cases.length * repeats, {
    repeats,
    graders: [{ name: 'exact' }, { name: 'similar', threshold: 0.5 }],
    passAtK: [2],
  });
  const rows = variedTrials(cases, runId, shift, repeats, false);
  await store.trials.write(rows.reverse());
  // A trial of a case the dataset does not hold.
  await store.trials.write([{ ...rows[0], caseId: 'zz-extra', repeat: 0 }]);
  await store.reviews.upsert({ runId, caseId: cases[1].id, repeat: 0, grader: 'expert', status: 'done', score: 1 });
  return (await store.runs.get(runId))!;
}

describe('readFold, page by page', () => {
  it('folds, summarizes and compares exactly as the whole run read at once', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await store.datasets.create({ name: 'd', version: 'v', cases });
    const base = await seed(store, 'base', 0, 3);
    const cand = await seed(store, 'cand', 5, 3);
    const caseColumns = await store.datasets.listCaseColumns('v');
    const whole = async (run: StoredRun) =>
      foldRun({
        columns: await store.trials.listColumns(run.runId),
        cases: caseColumns,
        reviews: await store.reviews.list({ runId: run.runId, status: 'done' }),
        rules: passRulesOf(run.config),
      });
    const [wb, wc] = [await whole(base), await whole(cand)];
    const compareWhole = compareColumns({ run: base, columns: wb }, { run: cand, columns: wc });
    for (const pageSize of [1, 2, 5, 17, 10_000]) {
      const [pb, pc] = [await readFold(store, base, { pageSize }), await readFold(store, cand, { pageSize })];
      expect(pb).toEqual(wb);
      expect(pc).toEqual(wc);
      expect(summarizeFold(cand, pc)).toEqual(summarizeFold(cand, wc));
      expect(compareColumns({ run: base, columns: pb }, { run: cand, columns: pc })).toEqual(compareWhole);
    }
    expect(wc.maxRepeats).toBe(3);
    expect(wc.graders.map((g) => g.name)).toEqual(['exact', 'similar', 'judge', 'expert']);
    await store.close();
  });

  it('gives the numbers the fold gave before it shared the dataset columns (digest of fold, summary, comparison)', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await store.datasets.create({ name: 'd', version: 'v', cases });
    const base = await seed(store, 'base', 0, 3);
    const cand = await seed(store, 'cand', 5, 3);
    const [pb, pc] = [await readFold(store, base, { pageSize: 7 }), await readFold(store, cand, { pageSize: 7 })];
    // Typed arrays as plain arrays: the pinned digest was taken when some columns were number[].
    const plain = (_key: string, v: unknown) =>
      ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v === undefined ? null : v;
    const text = JSON.stringify(
      [pc, summarizeFold(cand, pc), compareColumns({ run: base, columns: pb }, { run: cand, columns: pc })],
      plain,
    );
    // Summary version 8: the mean score of 0/1 values is the pass rate's interval (version 7, with
    // the t interval there, gave 89f176cf1e5c6525; version 6, 818166ed25dfa61e).
    expect(createHash('sha256').update(text).digest('hex').slice(0, 16)).toBe('7372155953d38ccc');
    await store.close();
  });
});
