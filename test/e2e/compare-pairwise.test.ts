import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { makeTrial } from '../fixtures/compare/make-trial.js';
import { seedRun } from '../fixtures/compare/seed-store.js';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let storePath: string;
let judge: FakeServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-pairwise-'));
  storePath = join(dir, 'assay.db');
  const store = await openStore({ location: storePath });
  const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
  await seedRun(store, { runId: 'run_old', startedAt: '2025-01-01T00:00:00.000Z', trials: ids.map((id) => ({ ...makeTrial(id, { correct: true }), output: { text: `old reply for ${id}` } })) });
  const graderSpecs = [{ type: 'judge.pairwise', name: 'preference', criteria: 'Prefer the reply that answers the question.' }, { type: 'judge.rubric', name: 'tone', scale: 5 }];
  await seedRun(store, { runId: 'run_new', startedAt: '2025-01-02T00:00:00.000Z', graderSpecs, trials: ids.map((id) => ({ ...makeTrial(id, { correct: true }), output: { text: `NEW reply for ${id};` } })) });
  await store.close();
  // The judge prefers the NEW reply wherever it is shown, except on c8 and c9, where it always
  // picks the first response shown (position bias): those pairs disagree across orders.
  judge = await startFakeOpenAI({
    script: (request) => {
      const text = (request.body.messages as { content: string }[]).map((m) => m.content).join('\n');
      const newAt = text.indexOf('NEW reply');
      const oldAt = text.indexOf('old reply');
      const biased = /reply for c[89]\b/.test(text);
      const choice = biased ? 'A' : newAt < oldAt ? 'A' : 'B';
      return { text: JSON.stringify({ reasoning: 'compared both', choice }) };
    },
  });
});

afterAll(async () => {
  await judge.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('assay compare --pairwise', () => {
  it('takes the named grader from the eval, and refuses one that is not a pairwise judge', async () => {
    const env = { ASSAY_JUDGE_BASE_URL: judge.url, ASSAY_JUDGE_MODEL: 'judge-1', ASSAY_JUDGE_PROVIDER: 'openai' };
    const rubric = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'tone', '--store', storePath], { env });
    expect(rubric.code).toBe(2);
    expect(rubric.stderr).toContain("Grader 'tone' is judge.rubric; --pairwise needs a grader of type judge.pairwise.");
    const unknown = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'nope', '--store', storePath], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("The runs have no grader named 'nope'.");
    expect(unknown.stderr).toContain('(preference)');
    const before = judge.requests.length;
    const r = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'preference', '--json', '--store', storePath], { env });
    expect(r.code).toBe(0);
    const prompts = judge.requests.slice(before).map((q) => JSON.stringify(q.body.messages));
    expect(prompts.some((p) => p.includes('Prefer the reply that answers the question.'))).toBe(true);
  });

  it('judges both orders, counts wins, ties and position consistency, beside the paired comparison', async () => {
    const env = { ASSAY_JUDGE_BASE_URL: judge.url, ASSAY_JUDGE_MODEL: 'judge-1', ASSAY_JUDGE_PROVIDER: 'openai' };
    const r = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'preference', '--json', '--store', storePath], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.graders[0].name).toBe('correct');
    expect(out.pairwise).toMatchObject({ pairs: 10, candidateWins: 8, baselineWins: 0, ties: 2, verdict: 'candidate-better' });
    expect(out.pairwise.positionConsistency.value).toBeCloseTo(0.8, 12);
    // Sign test of 8 wins, 0 losses: 2·(1/2)^8.
    expect(out.pairwise.pValue).toBeCloseTo(2 / 256, 12);
    expect(judge.requests).toHaveLength(20);
    const text = await runCli(['compare', 'run_old', 'run_new', '--pairwise', 'preference', '--store', storePath], { env });
    expect(text.stdout).toContain("Pairwise judge 'preference' on 10 pairs of 10 cases (both orders): candidate-better");
    expect(text.stdout).toContain('position consistency 80.0%');
  });
});
