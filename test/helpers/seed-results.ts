import type { Case } from '../../src/core/types.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { WriteTrialInput } from '../../src/store/types.js';

/**
 * A stored run with known answers, for the SQL and export tests: 40 cases over two intents,
 * 2 repeats. Case i passes unless i % 5 == 0 among the refund cases (c00–c19); every 8th case
 * passes only its first repeat. Latency is 100 + 10·i (+1 on repeat 1); cost is known on repeat 0.
 */
export async function seedResults(path: string): Promise<void> {
  const s = new SqliteStore({ path });
  const cases: Case[] = Array.from({ length: 40 }, (_, i) => ({
    id: `c${String(i).padStart(2, '0')}`,
    input: i === 1 ? [{ role: 'user', content: 'hi, "you"' }] : `question ${i}`,
    expected: 'x',
    slice: i % 2 === 0 ? 'typical' : 'edge',
    metadata: { intent: i < 20 ? 'refund' : 'shipping', tier: i % 3 },
    weight: 1,
  }));
  await s.datasets.create({ name: 'qa', version: 'v1', cases });
  await s.runs.create({
    runId: 'run_a',
    eval: 'qa',
    datasetName: 'qa',
    datasetVersion: 'v1',
    target: { kind: 'openai', model: 'small' },
    gitCommit: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    config: { repeats: 2 },
    plannedTrials: 80,
  });
  const trials: WriteTrialInput[] = [];
  cases.forEach((c, i) => {
    for (const repeat of [0, 1]) {
      const pass = i % 8 === 0 ? repeat === 0 : i % 5 !== 0 || i >= 20;
      trials.push({
        runId: 'run_a',
        caseId: c.id,
        repeat,
        error: null,
        startedAt: '2026-01-01T00:00:01.000Z',
        latencyMs: 100 + i * 10 + repeat,
        output: { text: 'x', costUsd: repeat === 0 ? 0.001 : null, usage: { inputTokens: 10, outputTokens: 2 } },
        scores: [
          { grader: 'correct', value: pass ? 1 : 0, pass },
          { grader: 'short', value: 1, pass: true },
        ],
      });
    }
  });
  trials[trials.length - 1] = { ...trials[trials.length - 1], output: null, error: 'timed out', scores: [] };
  await s.trials.write(trials);
  await s.close();
}
