// Times compareTables on synthetic runs: large case counts, repeats, several graders and segments.
import { buildCaseTable } from '../src/analysis/compare/case-table.js';
import { compareTables } from '../src/analysis/compare/compare-runs.js';
import { createRng } from '../src/stats/index.js';
import type { StoredTrial } from '../src/store/types.js';

function makeRun(runId: string, cases: number, repeats: number, shift: number, seed: number): StoredTrial[] {
  const rng = createRng(seed);
  const out: StoredTrial[] = [];
  for (let i = 0; i < cases; i++) {
    const metadata = { language: ['en', 'de', 'es', 'fr'][i % 4], tier: ['free', 'pro', 'enterprise'][i % 3], intent: `intent-${i % 12}` };
    const p = 0.5 + 0.4 * Math.sin(i) + shift;
    for (let r = 0; r < repeats; r++) {
      const quality = Math.min(1, Math.max(0, p + (rng.next() - 0.5) * 0.3));
      out.push({
        runId, caseId: `case-${i}`, repeat: r, output: { text: 'x', costUsd: 0.001 }, error: null,
        scores: [
          { grader: 'correct', value: rng.next() < p ? 1 : 0, pass: undefined as never },
          { grader: 'quality', value: quality, pass: quality >= 0.5 },
          { grader: 'safe', value: rng.next() < 0.98 ? 1 : 0 },
        ].map((s) => ({ ...s, pass: s.pass ?? s.value === 1 })),
        startedAt: '2025-01-01T00:00:00.000Z', latencyMs: 100 + rng.next() * 400,
        slice: i % 5 === 0 ? 'edge' : 'typical', metadata, weight: 1,
      });
    }
  }
  return out;
}

for (const [cases, repeats] of [[1_000, 1], [10_000, 1], [2_000, 5], [20_000, 3]] as const) {
  const a = makeRun('a', cases, repeats, 0, 1);
  const b = makeRun('b', cases, repeats, 0.02, 2);
  const t0 = performance.now();
  const ta = buildCaseTable(a);
  const tb = buildCaseTable(b);
  const t1 = performance.now();
  const c = compareTables({ run: { runId: 'a', eval: 'e', datasetVersion: 'v', config: {} }, table: ta }, { run: { runId: 'b', eval: 'e', datasetVersion: 'v', config: {} }, table: tb });
  const t2 = performance.now();
  console.log(`${cases} cases × ${repeats} repeats × 3 graders: fold ${(t1 - t0).toFixed(0)} ms, compare ${(t2 - t1).toFixed(0)} ms (${c.segmentFamilySize} segment tests, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB)`);
}
