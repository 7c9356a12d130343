import { describe, expect, it } from 'vitest';
import type { Case } from '../core/types.js';
import { isAssayError } from '../core/errors.js';
import type { SqlResult, Store } from './store.js';

const cases: Case[] = [
  { id: 'a', input: 'hello', expected: 'hi', slice: 'typical', metadata: { lang: 'en' }, weight: 1, source: 'trace:1' },
  {
    id: 'b',
    input: [{ role: 'user', content: 'bonjour' }],
    expected: 'salut',
    slice: 'edge',
    metadata: { lang: 'fr' },
    weight: 2,
  },
];

async function seeded(createStore: () => Promise<Store>): Promise<Store> {
  const store = await createStore();
  await store.datasets.create({ name: 'qa', version: 'v1', cases });
  await store.runs.create({
    runId: 'run_1',
    eval: 'qa',
    datasetName: 'qa',
    datasetVersion: 'v1',
    target: { kind: 'openai', model: 'gpt-x' },
    gitCommit: 'abc',
    startedAt: '2026-01-01T00:00:00.000Z',
    config: { repeats: 2 },
    plannedTrials: 4,
  });
  const usage = { inputTokens: 10, outputTokens: 5 };
  await store.trials.write([
    {
      runId: 'run_1',
      caseId: 'a',
      repeat: 0,
      output: { text: 'hi', costUsd: 0.002, usage, model: 'gpt-x-0613' },
      error: null,
      startedAt: '2026-01-01T00:00:01.000Z',
      latencyMs: 120,
      scores: [{ grader: 'exact', value: 1, pass: true, reason: 'match' }],
    },
    {
      runId: 'run_1',
      caseId: 'a',
      repeat: 1,
      output: { text: 'hey' },
      error: null,
      startedAt: '2026-01-01T00:00:02.000Z',
      latencyMs: 80,
      scores: [{ grader: 'exact', value: 0, pass: false, label: 'wrong' }],
    },
    {
      runId: 'run_1',
      caseId: 'b',
      repeat: 0,
      output: null,
      error: 'timed out',
      startedAt: '2026-01-01T00:00:03.000Z',
      latencyMs: 5000,
      scores: [],
    },
  ]);
  await store.reviews.upsert({
    runId: 'run_1',
    caseId: 'a',
    repeat: 1,
    grader: 'human',
    status: 'done',
    label: 'fail',
    score: 0,
    reviewer: 'ann',
  });
  return store;
}

/** Rows as objects, with JSON columns parsed, so stores that print JSON differently compare equal. */
function objects(result: SqlResult, jsonColumns: readonly string[] = []): Record<string, unknown>[] {
  return result.rows.map((row) =>
    Object.fromEntries(
      result.columns.map((c, i) => {
        const v = row[i];
        return [c, jsonColumns.includes(c) && typeof v === 'string' ? JSON.parse(v) : v];
      }),
    ),
  );
}

/**
 * The views of `assay sql` (store/sql-views.ts) return these exact rows on every store that
 * answers SQL, and every store refuses writes.
 */
export function describeSqlViewsContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name} SQL views`, () => {
    it('return the documented columns and rows', async () => {
      const store = await seeded(createStore);
      const sql = store.sql!;
      expect(objects(await sql.query('SELECT * FROM runs'), ['target'])).toEqual([
        {
          run_id: 'run_1',
          eval: 'qa',
          status: 'running',
          dataset_name: 'qa',
          dataset_version: 'v1',
          target_kind: 'openai',
          model: 'gpt-x',
          target: { kind: 'openai', model: 'gpt-x' },
          git_commit: 'abc',
          started_at: '2026-01-01T00:00:00.000Z',
          finished_at: null,
          planned_trials: 4,
          repeats: 2,
        },
      ]);
      expect(
        objects(await sql.query('SELECT * FROM cases ORDER BY case_id'), ['metadata', 'input', 'expected']),
      ).toEqual([
        {
          dataset_version: 'v1',
          case_id: 'a',
          ordinal: 0,
          slice: 'typical',
          weight: 1,
          metadata: { lang: 'en' },
          input: 'hello',
          expected: 'hi',
          source: 'trace:1',
        },
        {
          dataset_version: 'v1',
          case_id: 'b',
          ordinal: 1,
          slice: 'edge',
          weight: 2,
          metadata: { lang: 'fr' },
          input: [{ role: 'user', content: 'bonjour' }],
          expected: 'salut',
          source: null,
        },
      ]);
      const trials = objects(await sql.query('SELECT * FROM trials ORDER BY case_id, repeat'), ['output']);
      expect(trials.map(({ output: _output, ...rest }) => rest)).toEqual([
        {
          run_id: 'run_1',
          case_id: 'a',
          repeat: 0,
          dataset_version: 'v1',
          model: 'gpt-x-0613',
          output_text: 'hi',
          error: null,
          started_at: '2026-01-01T00:00:01.000Z',
          latency_ms: 120,
          cost_usd: 0.002,
          input_tokens: 10,
          output_tokens: 5,
        },
        {
          run_id: 'run_1',
          case_id: 'a',
          repeat: 1,
          dataset_version: 'v1',
          model: 'gpt-x',
          output_text: 'hey',
          error: null,
          started_at: '2026-01-01T00:00:02.000Z',
          latency_ms: 80,
          cost_usd: null,
          input_tokens: null,
          output_tokens: null,
        },
        {
          run_id: 'run_1',
          case_id: 'b',
          repeat: 0,
          dataset_version: 'v1',
          model: 'gpt-x',
          output_text: null,
          error: 'timed out',
          started_at: '2026-01-01T00:00:03.000Z',
          latency_ms: 5000,
          cost_usd: null,
          input_tokens: null,
          output_tokens: null,
        },
      ]);
      expect(trials[0].output).toMatchObject({ text: 'hi', costUsd: 0.002 });
      expect(objects(await sql.query('SELECT * FROM scores ORDER BY repeat'))).toEqual([
        {
          run_id: 'run_1',
          case_id: 'a',
          repeat: 0,
          grader: 'exact',
          value: 1,
          pass: 1,
          label: null,
          reason: 'match',
          error: null,
          pending: 0,
        },
        {
          run_id: 'run_1',
          case_id: 'a',
          repeat: 1,
          grader: 'exact',
          value: 0,
          pass: 0,
          label: 'wrong',
          reason: null,
          error: null,
          pending: 0,
        },
      ]);
      expect(
        objects(
          await sql.query(
            'SELECT run_id, case_id, repeat, grader, status, reviewer, label, score, comment FROM reviews',
          ),
        ),
      ).toEqual([
        {
          run_id: 'run_1',
          case_id: 'a',
          repeat: 1,
          grader: 'human',
          status: 'done',
          reviewer: 'ann',
          label: 'fail',
          score: 0,
          comment: null,
        },
      ]);
      await store.close();
    });

    it('answer a segment query written the same way for every store', async () => {
      const store = await seeded(createStore);
      const result = await store.sql!.query(`
        SELECT c.metadata ->> 'lang' AS lang, COUNT(*) AS n, AVG(s.pass) AS pass_rate
        FROM scores s JOIN runs r ON r.run_id = s.run_id
        JOIN cases c ON c.dataset_version = r.dataset_version AND c.case_id = s.case_id
        GROUP BY c.metadata ->> 'lang' ORDER BY lang`);
      expect(objects(result).map((r) => ({ ...r, n: Number(r.n), pass_rate: Number(r.pass_rate) }))).toEqual([
        { lang: 'en', n: 2, pass_rate: 0.5 },
      ]);
      await store.close();
    });

    it('refuse every statement that would write, and keep the data', async () => {
      const store = await seeded(createStore);
      for (const statement of [
        'DELETE FROM scores',
        "UPDATE runs SET status = 'failed'",
        'DROP TABLE trials',
        'CREATE TABLE x (a INTEGER)',
        "INSERT INTO baselines (name, run_id, updated_at) VALUES ('b', 'run_1', 'now')",
        'DROP VIEW runs',
      ]) {
        const error = await store.sql!.query(statement).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isAssayError(error, 'SQL_READ_ONLY'), `${statement}: ${String(error)}`).toBe(true);
      }
      expect(await store.trials.count('run_1')).toBe(3);
      expect((await store.runs.get('run_1'))?.status).toBe('running');
      await store.close();
    });

    it('names the problem in a query that does not parse', async () => {
      const store = await seeded(createStore);
      await expect(store.sql!.query('SELEC 1')).rejects.toMatchObject({ code: 'SQL_INVALID' });
      await store.close();
    });
  });
}
