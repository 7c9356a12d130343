import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/types.js';
import { pairwiseCompare } from '../../src/graders/judge/pairwise-compare.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic-server.js';
import type { FakeServer } from '../helpers/fake-openai-server.js';

// baseline / candidate answers per case: the fake judge prefers whichever mentions "4 g".
const ANSWERS: [string, string, string][] = [
  ['c1', 'Ask a pharmacist.', 'At most 4 g a day.'],
  ['c2', 'Some.', 'Up to 4 g in 24 hours.'],
  ['c3', 'Not sure.', 'No more than 4 g.'],
  ['c4', 'Limit: 4 g.', 'It depends.'],
  ['c5', 'Max 4 g.', 'Max 4 g per day.'], // both mention it: the judge always picks A (position bias)
  ['c6', 'Hmm.', 'Who knows.'], // neither: the judge replies garbage
];

let dir: string;
let store: Store;
let server: FakeServer;

function texts(user: string): [string, string] {
  const a = /## Response A\n<<<BEGIN RESPONSE_A \w+>>>\n([\s\S]*?)\n<<<END/.exec(user)?.[1] ?? '';
  const b = /## Response B\n<<<BEGIN RESPONSE_B \w+>>>\n([\s\S]*?)\n<<<END/.exec(user)?.[1] ?? '';
  return [a, b];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-pairwise-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  const cases: Case[] = ANSWERS.map(([id]) => ({
    id,
    input: `question ${id}`,
    slice: 'typical',
    metadata: {},
    weight: 1,
  }));
  await store.datasets.create({ name: 'p', version: 'v-p', cases });
  for (const [runId, col] of [
    ['run_base', 1],
    ['run_cand', 2],
  ] as const) {
    await store.runs.create({
      runId,
      eval: 'p',
      datasetName: 'p',
      datasetVersion: 'v-p',
      target: { kind: 'function' },
      gitCommit: null,
      startedAt: '2026-01-01T00:00:00.000Z',
      config: {},
      plannedTrials: 6,
    });
    await store.trials.write(
      ANSWERS.map((a) => ({
        runId,
        caseId: a[0],
        repeat: 0,
        output: { text: a[col] },
        scores: [],
        error: null,
        startedAt: '2026-01-01T00:00:00.000Z',
        latencyMs: 1,
      })),
    );
  }
  server = await startFakeAnthropic({
    script: (request) => {
      const [a, b] = texts(request.body.messages.at(-1).content);
      if (!a.includes('4 g') && !b.includes('4 g')) return { text: 'hmm, hard to say' };
      const choice = a.includes('4 g') ? 'A' : 'B';
      return {
        toolCalls: [{ name: 'judge_verdict', arguments: { reasoning: 'mentions the limit', choice } }],
        usage: { input: 50, output: 10 },
      };
    },
  });
});
afterAll(async () => {
  await store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pairwiseCompare (for compare --pairwise)', () => {
  it('judges every shared case in both orders, counts wins only when both agree, and reports position consistency', async () => {
    const result = await pairwiseCompare(store, {
      baselineRunId: 'run_base',
      candidateRunId: 'run_cand',
      grader: 'preference',
      judge: { provider: 'anthropic', model: 'claude-test', baseUrl: server.url },
      env: { ASSAY_CACHE_DIR: join(dir, 'cache') },
      useCache: false,
    });
    expect(server.requests).toHaveLength(12);
    expect(result).toMatchObject({
      grader: 'preference',
      pairs: 5,
      candidateWins: 3,
      baselineWins: 1,
      ties: 1,
      errors: 1,
      verdict: 'no-detectable-difference',
    });
    expect(result.positionConsistency.value).toBeCloseTo(4 / 5, 12);
    expect(result.candidateWinRate.value).toBeCloseTo(3 / 4, 12);
    // Exact sign test, 3 of 4: P = 2·(C(4,3) + C(4,4))/16 = 10/16
    expect(result.pValue).toBeCloseTo(10 / 16, 12);
    expect(result.cases.find((c) => c.caseId === 'c5')).toMatchObject({
      winner: 'tie',
      consistent: false,
      orders: ['baseline', 'candidate'],
    });
    const failed = result.cases.find((c) => c.caseId === 'c6');
    expect(failed?.error).toMatch(/named no valid choice/);
    // Both raw replies stay with the error, and the calls are counted (at an unknown price).
    expect(failed).toMatchObject({ raw: ['hmm, hard to say', 'hmm, hard to say'], costUsd: null });
    expect(result.cost).toEqual({ usd: null, calls: 12, unknownCalls: 12 });
  });

  it('refuses a grader that is not pairwise, and unknown runs', async () => {
    await expect(
      pairwiseCompare(store, {
        baselineRunId: 'run_base',
        candidateRunId: 'run_cand',
        grader: { type: 'judge.classify' },
        judge: { provider: 'anthropic', model: 'm', baseUrl: server.url },
      }),
    ).rejects.toThrow(/pairwise comparison needs a judge.pairwise grader/);
    await expect(
      pairwiseCompare(store, {
        baselineRunId: 'run_x',
        candidateRunId: 'run_cand',
        grader: 'p',
        judge: { provider: 'anthropic', model: 'm', baseUrl: server.url },
      }),
    ).rejects.toThrow(/No run 'run_x'/);
    await expect(
      pairwiseCompare(store, { baselineRunId: 'run_base', candidateRunId: 'run_cand', grader: 'p', env: {} }),
    ).rejects.toMatchObject({ code: 'JUDGE_NOT_CONFIGURED' });
  });
});
