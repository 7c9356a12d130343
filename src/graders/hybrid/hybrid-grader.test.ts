import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import type { Case } from '../../core/types.js';
import { isJudgeNotConfigured } from '../judge/judge-model.js';
import { runGrader } from '../run-grader.js';
import { createHybridGrader } from './hybrid-grader.js';

const testCase: Case = {
  id: 'c1',
  input: 'Can I get a refund?',
  expected: 'refund',
  slice: 'typical',
  metadata: {},
  weight: 1,
};
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: false };

let server: FakeServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-hybrid-'));
  // The judge says "yes" for answers mentioning money back, "unsure" for anything about waiting, "no" otherwise.
  server = await startFakeOpenAI({
    script: (request) => {
      const user: string = request.body.messages.at(-1).content;
      const choice = user.includes('money back') ? 'yes' : user.includes('wait') ? 'unsure' : 'no';
      return { text: JSON.stringify({ reasoning: 'r', choice }) };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function hybrid(extra: object = {}) {
  return createHybridGrader(
    {
      type: 'hybrid',
      name: 'refund-ok',
      rule: { type: 'includes', value: 'refund', ignoreCase: true },
      judge: {
        type: 'judge.classify',
        prompt: 'Does the answer promise a refund?',
        choices: { yes: 1, unsure: 0.5, no: 0 },
        judge: { provider: 'openai', model: 'm', baseUrl: server.url },
      },
      ...extra,
    },
    { baseDir: dir, env: { ASSAY_CACHE_DIR: dir } },
  );
}

describe('hybrid grader', () => {
  it('lets the rule decide when it passes, without calling the judge', async () => {
    const before = server.requests.length;
    const score = await runGrader(await hybrid(), testCase, { text: 'Yes, a full refund.' }, ctx);
    expect(score).toMatchObject({ value: 1, pass: true, meta: { stage: 'rule' } });
    expect(server.requests.length).toBe(before);
  });

  it('asks the judge when the rule fails, and takes a confident verdict', async () => {
    const score = await runGrader(await hybrid(), testCase, { text: 'You will get your money back.' }, ctx);
    expect(score).toMatchObject({
      value: 1,
      pass: true,
      label: 'yes',
      meta: { stage: 'judge', rule: { value: 0, pass: false } },
    });
    const no = await runGrader(await hybrid(), testCase, { text: 'No.' }, ctx);
    expect(no).toMatchObject({ value: 0, pass: false, meta: { stage: 'judge' } });
  });

  it('sends the trial to a person when the judge is unsure', async () => {
    const score = await runGrader(await hybrid(), testCase, { text: 'Please wait for an agent.' }, ctx);
    expect(score).toMatchObject({
      pending: true,
      meta: {
        stage: 'human',
        review: { selected: true, why: 'the judge scored 0.5, inside the unsure band [0.3, 0.7]' },
      },
    });
    const noHuman = await runGrader(
      await hybrid({ human: false }),
      testCase,
      { text: 'Please wait for an agent.' },
      ctx,
    );
    expect(noHuman).toMatchObject({ value: 0.5, meta: { stage: 'judge' } });
  });

  it('trust: both makes a rule failure final too', async () => {
    const score = await runGrader(
      await hybrid({ trust: 'both' }),
      testCase,
      { text: 'You will get your money back.' },
      ctx,
    );
    expect(score).toMatchObject({ value: 0, pass: false, meta: { stage: 'rule' } });
  });

  it('reports missing parts, and passes JUDGE_NOT_CONFIGURED through so loaders can skip it', async () => {
    await expect(
      createHybridGrader({ type: 'hybrid', name: 'h', band: 3 }, { baseDir: dir, env: {} }),
    ).rejects.toMatchObject({
      issues: [
        { path: 'rule', code: 'missing_field' },
        { path: 'judge', code: 'missing_field' },
        { path: 'band', message: 'must be [low, high] within [0, 1]' },
      ],
    });
    const error = await createHybridGrader(
      { type: 'hybrid', rule: { type: 'includes', value: 'x' }, judge: { type: 'judge.answerRelevance' } },
      { baseDir: dir, env: {} },
    ).catch((e: unknown) => e);
    expect(isJudgeNotConfigured(error)).toBe(true);
  });
});
