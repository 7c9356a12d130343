// Times compareTables on synthetic runs: large case counts, repeats, several graders and segments.
import { buildCaseTable } from '../src/analysis/compare/case-table.js';
import { compareTables } from '../src/analysis/compare/compare-runs.js';
import { createRng } from '../src/stats/index.js';
import type { StoredTrial } from '../src/store/types.js';

function makeRun(runId: string, cases: number, repeats: number, shift: number, seed: number): StoredTrial[] {
  const rng = createRng(seed);
  const out: StoredTrial[] = [];
  for (let i = 0; i < cases; i++) {
    const metadata = {
      language: ['en', 'de', 'es', 'fr'][i % 4],
      tier: ['free', 'pro', 'enterprise'][i % 3],
      intent: `intent-${i % 12}`,
    };
    const p = 0.5 + 0.4 * Math.sin(i) + shift;
    for (let r = 0; r < repeats; r++) {
      const quality = Math.min(1, Math.max(0, p + (rng.next() - 0.5) * 0.3));
      out.push({
        runId,
        caseId: `case-${i}`,
        repeat: r,
        output: { text: 'x', costUsd: 0.001 },
        error: null,
        scores: [
          { grader: 'correct', value: rng.next() < p ? 1 : 0, pass: undefined as never },
          { grader: 'quality', value: quality, pass: quality >= 0.5 },
          { grader: 'safe', value: rng.next() < 0.98 ? 1 : 0 },
        ].map((s) => ({ ...s, pass: s.pass ?? s.value === 1 })),
        startedAt: '2025-01-01T00:00:00.000Z',
        latencyMs: 100 + rng.next() * 400,
        slice: i % 5 === 0 ? 'edge' : 'typical',
        metadata,
        weight: 1,
      });
    }
  }
  return out;
}

for (const [cases, repeats] of [
  [1_000, 1],
  [10_000, 1],
  [2_000, 5],
  [20_000, 3],
] as const) {
  const a = makeRun('a', cases, repeats, 0, 1);
  const b = makeRun('b', cases, repeats, 0.02, 2);
  const t0 = performance.now();
  const ta = buildCaseTable(a);
  const tb = buildCaseTable(b);
  const t1 = performance.now();
  const c = compareTables(
    { run: { runId: 'a', eval: 'e', datasetVersion: 'v', config: {} }, table: ta },
    { run: { runId: 'b', eval: 'e', datasetVersion: 'v', config: {} }, table: tb },
  );
  const t2 = performance.now();
  console.log(
    `${cases} cases × ${repeats} repeats × 3 graders: fold ${(t1 - t0).toFixed(0)} ms, compare ${(t2 - t1).toFixed(0)} ms (${c.segmentFamilySize} segment tests, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)`,
  );
}

// The same comparison read from a SQLite store: two runs of 100,000 one-repeat trials with two
// graders (the dashboard's shape), timed from the store read to the finished comparison.
{
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { compareRuns } = await import('../src/analysis/compare/compare-runs.js');
  const { openStore } = await import('../src/store/open-store.js');
  const N = 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'assay-bench-compare-'));
  const store = await openStore({ location: join(dir, 'assay.db') });
  const LANGS = ['en', 'fr', 'de', 'es', 'it'];
  const INTENTS = ['billing', 'refund', 'login', 'shipping', 'account', 'other'];
  const cases = Array.from({ length: N }, (_, i) => ({
    id: `case-${String(i).padStart(6, '0')}`,
    input: `question ${i}`,
    slice: i % 20 === 0 ? 'adversarial' : i % 7 === 0 ? 'edge' : 'typical',
    metadata: { language: LANGS[i % 5], intent: INTENTS[Math.floor(i / 5) % 6] },
    weight: 1,
  }));
  await store.datasets.create({ name: 'bench', version: 'v1', cases });
  for (const [r, runId] of ['a', 'b'].entries()) {
    await store.runs.create({
      runId,
      eval: 'bench',
      datasetName: 'bench',
      datasetVersion: 'v1',
      target: { kind: 'x' },
      gitCommit: null,
      startedAt: `2025-06-0${r + 1}T00:00:00.000Z`,
      config: {},
      plannedTrials: N,
    });
    for (let from = 0; from < N; from += 5000) {
      await store.trials.write(
        cases.slice(from, from + 5000).map((c, k) => {
          const i = from + k;
          const pass = (i * 7919 + r * 13) % 100 < (r === 0 ? 80 : 77);
          return {
            runId,
            caseId: c.id,
            repeat: 0,
            output: { text: 'x' },
            error: i % 997 === 0 ? 'timeout' : null,
            startedAt: '2025-06-01T00:00:00.000Z',
            latencyMs: 100,
            scores: [
              { grader: 'exact', value: pass ? 1 : 0, pass },
              { grader: 'judge', value: pass ? 0.9 : 0.2, pass },
            ],
          };
        }),
      );
    }
  }
  for (let k = 0; k < 2; k++) {
    const t0 = performance.now();
    const c = await compareRuns(store, 'a', 'b');
    console.log(
      `SQLite store, ${N.toLocaleString('en-US')} paired cases × 2 graders: compareRuns ${(performance.now() - t0).toFixed(0)} ms${k === 0 ? ' (first)' : ''} (${c.segmentFamilySize} segment tests)`,
    );
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
