import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { seedResults } from '../helpers/seed-results.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-export-'));
const store = join(dir, 'assay.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => seedResults(store));

// 79 scored trials × 2 graders, plus the errored trial as one row with no grader.
const ROWS = 79 * 2 + 1;

async function exportRun(format: string): Promise<string> {
  const out = join(dir, `run.${format}`);
  const r = await runCli(['export', 'run_a', '--format', format, '--out', out, '--store', store]);
  expect(r.stderr).toBe('');
  expect(r.stdout).toBe(`Wrote ${ROWS} rows of run run_a to ${out} (${format}).\n`);
  return out;
}

const firstRow = {
  run_id: 'run_a',
  eval: 'qa',
  dataset_version: 'v1',
  case_id: 'c00',
  repeat: 0,
  grader: 'correct',
  value: 1,
  pass: true,
  label: null,
  reason: null,
  score_error: null,
  pending: false,
  output_text: 'x',
  error: null,
  model: 'small',
  latency_ms: 100,
  cost_usd: 0.001,
  input_tokens: 10,
  output_tokens: 2,
  started_at: '2026-01-01T00:00:01.000Z',
  slice: 'typical',
  weight: 1,
  input: 'question 0',
  expected: 'x',
  source: null,
  'metadata.intent': 'refund',
  'metadata.tier': 0,
};

describe('assay export', () => {
  it('writes JSONL: one row per trial × grader, case fields flattened, errors kept', async () => {
    const rows = readFileSync(await exportRun('jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(ROWS);
    expect(rows[0]).toEqual(firstRow);
    expect(rows.find((r) => r.case_id === 'c01').input).toBe('[{"role":"user","content":"hi, \\"you\\""}]');
    expect(rows.at(-1)).toMatchObject({
      case_id: 'c39',
      repeat: 1,
      grader: null,
      pass: null,
      error: 'timed out',
      output_text: null,
    });
  });

  it('writes CSV that a CSV parser reads back to the same values', async () => {
    const records = parse(readFileSync(await exportRun('csv')), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(ROWS);
    expect(records[0]).toMatchObject({
      case_id: 'c00',
      pass: 'true',
      latency_ms: '100',
      'metadata.tier': '0',
      label: '',
    });
    expect(records.find((r) => r.case_id === 'c01')!.input).toBe('[{"role":"user","content":"hi, \\"you\\""}]');
  });

  it('writes Parquet that a Parquet reader reads back, typed', async () => {
    const buffer = readFileSync(await exportRun('parquet'));
    const file = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(ROWS);
    expect(rows[0]).toEqual(firstRow);
    const passes = rows.filter(
      (r) => r.grader === 'correct' && r['metadata.intent'] === 'refund' && r.pass === true,
    ).length;
    expect(passes / 40).toBe(0.775);
    expect(rows.at(-1)).toMatchObject({ grader: null, error: 'timed out', pass: null, value: null });
  });

  it('reads the Parquet file with pandas when pandas and pyarrow are installed', async (ctx) => {
    const probe = spawnSync('python3', ['-c', 'import pandas, pyarrow'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      console.log(
        'skipped: python3 with pandas and pyarrow is not installed (pip install pandas pyarrow to run this check)',
      );
      ctx.skip();
    }
    const out = await exportRun('parquet');
    const script = `import pandas as pd, json, sys
df = pd.read_parquet(sys.argv[1])
rate = df[(df.grader == 'correct')].groupby('metadata.intent')['pass'].mean()
print(json.dumps({'rows': len(df), 'refund': rate['refund'], 'columns': list(df.columns)[:3]}))`;
    const result = JSON.parse(execFileSync('python3', ['-c', script, out], { encoding: 'utf8' }));
    expect(result).toEqual({ rows: ROWS, refund: 0.775, columns: ['run_id', 'eval', 'dataset_version'] });
  });

  it('infers the format from --out and names an unknown one', async () => {
    const r = await runCli(['export', 'latest', '--out', join(dir, 'x.xlsx'), '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot tell the format of');
    const ok = await runCli(['export', 'run_a', '--out', join(dir, 'y.csv'), '--store', store]);
    expect(ok.stdout).toContain('(csv)');
  });
});
