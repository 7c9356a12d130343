import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let server: FakeServer;

/** Answers like a judge: a claim is supported when the context contains it word for word; off-topic flu answers are only partly relevant. */
function judgeReply(body: any): unknown {
  const user: string = body.messages.at(-1).content;
  const answer = /## Answer to check\n<<<BEGIN OUTPUT \w+>>>\n([\s\S]*?)\n<<<END OUTPUT/.exec(user)?.[1] ?? '';
  const schema = body.response_format?.json_schema?.name;
  if (schema === 'judge_claims') {
    const context = /## Retrieved context\n([\s\S]*?)\n## Answer to check/.exec(user)?.[1] ?? '';
    const claims = answer.includes("don't know")
      ? []
      : answer.split(/(?<=\.)\s+/).map((claim) => ({ claim, supported: context.includes(claim) }));
    return { reasoning: 'checked each claim against the context', claims };
  }
  const output = /## Output to evaluate\n<<<BEGIN OUTPUT \w+>>>\n([\s\S]*?)\n<<<END OUTPUT/.exec(user)?.[1] ?? '';
  const question = /## Question\n<<<BEGIN INPUT \w+>>>\n([\s\S]*?)\n<<<END INPUT/.exec(user)?.[1] ?? '';
  const offTopic = output.startsWith('The flu vaccine') && !question.includes('flu');
  return {
    reasoning: 'compared with the question',
    choice: output.includes("don't know") ? 'irrelevant' : offTopic ? 'partially-relevant' : 'relevant',
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-rag-'));
  server = await startFakeOpenAI({
    script: (request) => ({ text: JSON.stringify(judgeReply(request.body)), usage: { input: 300, output: 40 } }),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('examples/rag-qa', () => {
  it('without ASSAY_JUDGE_BASE_URL, says plainly which judge graders were skipped and why, and runs the rules', async () => {
    const r = await runCli(
      [
        'run',
        'examples/rag-qa/rag-qa.eval.ts',
        '--store',
        join(dir, 'none.db'),
        '--json',
        '--no-progress',
        '--no-gate',
      ],
      {
        env: { ASSAY_JUDGE_BASE_URL: '', ASSAY_JUDGE_MODEL: '', ASSAY_CACHE_DIR: join(dir, 'cache') },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "Skipped grader faithful: Judge grader 'faithful' skipped: no judge model is configured",
    );
    expect(r.stderr).toContain("Skipped grader relevant: Judge grader 'relevant' skipped");
    const summary = JSON.parse(r.stdout);
    expect(summary.graders.map((g: { name: string }) => g.name)).toEqual(['key-fact', 'no-diagnosis', 'concise']);
  });

  it('with ASSAY_JUDGE_BASE_URL set, runs the faithfulness and relevance judges and keeps their replies, cost and usage', async () => {
    const db = join(dir, 'judged.db');
    const env = { ASSAY_JUDGE_BASE_URL: server.url, ASSAY_JUDGE_MODEL: 'judge-1', ASSAY_CACHE_DIR: join(dir, 'cache') };
    const r = await runCli(
      ['run', 'examples/rag-qa/rag-qa.eval.ts', '--store', db, '--json', '--no-progress', '--no-gate'],
      { env },
    );
    expect(r.stderr).not.toContain('Skipped grader');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const faithful = summary.graders.find((g: { name: string }) => g.name === 'faithful');
    const relevant = summary.graders.find((g: { name: string }) => g.name === 'relevant');
    expect(faithful).toMatchObject({ n: 15, errors: 0 });
    // The extractive answers are faithful to what was retrieved; 'missed-dose' retrieves the wrong entry (off topic) and 'out-of-scope' answers nothing.
    expect(faithful.passRate.value).toBe(1);
    expect(relevant.passRate.value).toBeCloseTo(13 / 15, 12);
    expect(server.requests.length).toBe(30);
    expect(server.requests[0].body.model).toBe('judge-1');

    const store = await openStore({ location: db });
    try {
      const [run] = await store.runs.list();
      const trials = await store.trials.list(run.runId);
      const missed = trials.find((t) => t.caseId === 'missed-dose');
      const score = missed?.scores.find((s) => s.grader === 'faithful');
      expect(score).toMatchObject({
        value: 1,
        pass: true,
        meta: {
          unsupportedClaims: [],
          judge: { provider: 'openai', model: 'judge-1', calls: 1, usage: { inputTokens: 300, outputTokens: 40 } },
        },
      });
      expect(JSON.parse(score?.meta?.raw as string).claims).toHaveLength(2);
      expect(missed?.scores.find((s) => s.grader === 'relevant')).toMatchObject({
        value: 0.5,
        pass: false,
        label: 'partially-relevant',
      });
      const injected = trials.find((t) => t.caseId === 'out-of-scope')?.scores.find((s) => s.grader === 'relevant');
      expect(injected).toMatchObject({ value: 0, label: 'irrelevant' });
    } finally {
      await store.close();
    }

    // Same trials again: every judge call comes from the cache.
    const again = await runCli(
      ['run', 'examples/rag-qa/rag-qa.eval.ts', '--store', db, '--json', '--no-progress', '--no-gate'],
      { env },
    );
    expect(again.code).toBe(0);
    expect(server.requests.length).toBe(30);
  });
});
