// Times `assay export` and `assay sql` on a stored run of 100,000 trials × 2 graders (200,000
// rows): wall time, output size and peak RSS per format. Run: npx tsx bench/export.ts
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportTable } from '../src/interop/export/export-rows.js';
import { writeExport, type ExportFormat } from '../src/interop/export/write-export.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type { WriteTrialInput } from '../src/store/types.js';

const N = 100_000;
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-export-'));
const store = new SqliteStore({ path: join(dir, 'assay.db') });
const cases = Array.from({ length: N }, (_, i) => ({
  id: `case-${i}`,
  input: `question number ${i} about ${['billing', 'shipping', 'returns'][i % 3]}`,
  expected: `answer ${i}`,
  slice: i % 5 === 0 ? 'edge' : 'typical',
  metadata: { language: ['en', 'de', 'es', 'fr'][i % 4], tier: i % 3 },
  weight: 1,
}));
await store.datasets.create({ name: 'bench', version: 'v1', cases });
await store.runs.create({
  runId: 'run_bench',
  eval: 'bench',
  datasetName: 'bench',
  datasetVersion: 'v1',
  target: { kind: 'openai', model: 'm' },
  gitCommit: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  config: {},
  plannedTrials: N,
});
for (let start = 0; start < N; start += 10_000) {
  const batch: WriteTrialInput[] = [];
  for (let i = start; i < start + 10_000; i++) {
    batch.push({
      runId: 'run_bench',
      caseId: `case-${i}`,
      repeat: 0,
      error: null,
      startedAt: '2026-01-01T00:00:01.000Z',
      latencyMs: 100 + (i % 400),
      output: { text: `answer ${i}`, costUsd: 0.0001, usage: { inputTokens: 30, outputTokens: 8 } },
      scores: [
        { grader: 'correct', value: i % 7 === 0 ? 0 : 1, pass: i % 7 !== 0 },
        { grader: 'short', value: 1, pass: true },
      ],
    });
  }
  await store.trials.write(batch);
}
const run = (await store.runs.get('run_bench'))!;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
for (const format of ['jsonl', 'csv', 'parquet'] as ExportFormat[]) {
  peak = process.memoryUsage().rss;
  const out = join(dir, `run.${format}`);
  const t0 = performance.now();
  const rows = await writeExport(await exportTable(store, run), format, out);
  const ms = performance.now() - t0;
  console.log(
    `export ${format.padEnd(7)} ${rows} rows in ${(ms / 1000).toFixed(2)} s, ${(statSync(out).size / 1e6).toFixed(1)} MB, peak RSS ${(peak / 1e6).toFixed(0)} MB`,
  );
}
const t0 = performance.now();
const result = await store.sql
  .query(`SELECT c.metadata ->> 'language' AS language, AVG(s.pass) AS pass_rate, COUNT(*) AS n
  FROM scores s JOIN trials t USING (run_id, case_id, repeat)
  JOIN cases c ON c.dataset_version = t.dataset_version AND c.case_id = t.case_id
  WHERE s.grader = 'correct' GROUP BY 1`);
console.log(
  `sql pass rate by segment over ${N} trials: ${((performance.now() - t0) / 1000).toFixed(2)} s (${result.rows.length} rows)`,
);
clearInterval(sampler);
await store.close();
rmSync(dir, { recursive: true, force: true });
