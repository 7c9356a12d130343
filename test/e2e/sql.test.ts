import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../helpers/run-cli.js';
import { seedResults } from '../helpers/seed-results.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-sql-'));
const store = join(dir, 'assay.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(() => seedResults(store));

function docQueries(): string[] {
  const text = readFileSync(join(projectRoot, 'docs/sql.md'), 'utf8');
  return [...text.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
}

async function sqlJson(query: string): Promise<Record<string, unknown>[]> {
  const r = await runCli(['sql', query, '--format', 'json', '--store', store]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('assay sql', () => {
  it('runs every worked query of docs/sql.md and gets the answers the seeded data implies', async () => {
    const [bySegment, flaky, cost, slowest, disagreed] = docQueries();
    expect(await sqlJson(bySegment)).toEqual([
      // refund: c00..c19; c05, c10, c15 fail both repeats, c00/c08/c16 fail one: (40 - 6 - 3) / 40.
      { intent: 'refund', grader: 'correct', n: 40, pass_rate: 0.775 },
      // shipping: c39's second repeat errored (no scores); c24 and c32 fail one repeat each: 37 / 39.
      { intent: 'shipping', grader: 'correct', n: 39, pass_rate: 0.949 },
      { intent: 'refund', grader: 'short', n: 40, pass_rate: 1 },
      { intent: 'shipping', grader: 'short', n: 39, pass_rate: 1 },
    ]);
    expect((await sqlJson(flaky)).map((r) => r.case_id)).toEqual(['c00', 'c08', 'c16', 'c24', 'c32']);
    expect(await sqlJson(cost)).toEqual([
      {
        model: 'small',
        trials: 80,
        cost_usd: expect.closeTo(0.04, 9),
        input_tokens: 790,
        output_tokens: 158,
        unpriced: 40,
      },
    ]);
    expect(await sqlJson(slowest)).toEqual([{ case_id: 'c39', repeat: 1, latency_ms: 491, input: '"question 39"' }]);
    expect(await sqlJson(disagreed)).toEqual([]);
  });

  it('prints a table by default and RFC 4180 CSV with --format csv', async () => {
    const q = "SELECT case_id, 'a,\"b\"' AS tricky, latency_ms FROM trials WHERE case_id = 'c01' ORDER BY repeat";
    const table = await runCli(['sql', q, '--store', store]);
    expect(table.stdout).toMatchInlineSnapshot(`
      "case_id  tricky  latency_ms
      ───────  ──────  ──────────
      c01      a,"b"          110
      c01      a,"b"          111
      (2 rows)
      "
    `);
    const csv = await runCli(['sql', q, '--format', 'csv', '--store', store]);
    expect(csv.stdout).toBe('case_id,tricky,latency_ms\r\nc01,"a,""b""",110\r\nc01,"a,""b""",111\r\n');
  });

  it('refuses a write with exit 2 and leaves the store as it was', async () => {
    const r = await runCli(['sql', 'DELETE FROM trials', '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatchInlineSnapshot(`
      "Error: assay sql only reads: this statement would change the store.
      Hint: Write a SELECT (or WITH … SELECT) over the views runs, cases, trials, scores, reviews, traces and feedback.
      "
    `);
    expect(await sqlJson('SELECT COUNT(*) AS n FROM trials')).toEqual([{ n: 80 }]);
  });

  it('names a bad query and a missing store without a stack trace', async () => {
    const bad = await runCli(['sql', 'SELECT nope FROM runs', '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('The query failed: no such column: nope');
    const missing = await runCli(['sql', 'SELECT 1', '--store', join(dir, 'none.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No store at');
  });
});
