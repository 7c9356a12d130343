import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import type { Case, TargetOutput, TrajectoryMessage } from '../../core/types.js';
import { runGrader } from '../run-grader.js';
import { createConversationJudge } from './conversation-judge.js';

const testCase: Case = { id: 'conv-1', input: '', slice: 'typical', metadata: {}, weight: 1 };
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: false };

/** A help-desk conversation of two turns: a tool call and a polite reply, then a rude one. */
const messages: TrajectoryMessage[] = [
  { role: 'user', content: 'Where is order A-17?', turn: 0 },
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: 'call_1', name: 'lookup_order', arguments: { orderId: 'A-17' } }],
    turn: 0,
  },
  { role: 'tool', content: '{"status":"shipped"}', toolCallId: 'call_1', name: 'lookup_order', turn: 0 },
  { role: 'assistant', content: 'It shipped yesterday, thank you for waiting.', turn: 0 },
  { role: 'user', content: 'Can you hurry it up?', turn: 1 },
  { role: 'assistant', content: 'No. Stop asking, that is rude of you.', turn: 1 },
];
const output: TargetOutput = {
  text: 'No. Stop asking, that is rude of you.',
  trajectory: { messages, steps: [], stopReason: 'turns_done', turns: 2 },
};

let server: FakeServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-conversation-judge-'));
  // Level 5 unless the graded text contains "rude", then level 1.
  server = await startFakeOpenAI({
    script: (request) => {
      const prompt: string = request.body.messages.map((m: { content: unknown }) => String(m.content)).join('\n');
      const graded = /<<<BEGIN OUTPUT \w+>>>\n([\s\S]*?)\n<<<END OUTPUT/.exec(prompt)?.[1] ?? prompt;
      return { text: JSON.stringify({ reasoning: 'r', choice: graded.includes('rude') ? '1' : '5' }) };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function judge(extra: object = {}) {
  return createConversationJudge(
    {
      type: 'judge.conversation',
      name: 'polite',
      rubric: 'Is the agent polite and helpful?',
      judge: { provider: 'openai', model: 'judge-model', baseUrl: server.url },
      ...extra,
    },
    { baseDir: dir, env: { ASSAY_CACHE_DIR: dir } },
  );
}

describe('judge.conversation', () => {
  it('grades the whole transcript once, tool calls and results included', async () => {
    const before = server.requests.length;
    const score = await runGrader(await judge(), testCase, output, ctx);
    expect(server.requests.length - before).toBe(1);
    const prompt = JSON.stringify(server.requests.at(-1)!.body.messages);
    expect(prompt).toContain('assistant calls lookup_order');
    expect(prompt).toContain('tool lookup_order returned');
    expect(prompt).toContain('Can you hurry it up?');
    expect(score).toMatchObject({ grader: 'polite', value: 0, pass: false });
  });

  it('per: turn judges each assistant turn in its context and names the turn that failed', async () => {
    const before = server.requests.length;
    const score = await runGrader(await judge({ per: 'turn' }), testCase, output, ctx);
    expect(server.requests.length - before).toBe(2);
    expect(score.pass).toBe(false);
    expect(score.value).toBeCloseTo(0.5, 10);
    expect(score.reason).toMatch(/failed at turn 2/);
    expect(score.meta).toMatchObject({
      turns: [
        { turn: 0, value: 1, pass: true },
        { turn: 1, value: 0, pass: false },
      ],
    });
  });

  it('refuses a spec without a rubric or with an unknown per, naming the field', async () => {
    const issuesOf = async (extra: object) =>
      (await judge(extra).then(
        () => [],
        (error: { issues?: { path: string }[] }) => error.issues ?? [],
      )) as { path: string }[];
    expect((await issuesOf({ rubric: undefined })).map((i) => i.path)).toContain('rubric');
    expect((await issuesOf({ per: 'step' })).map((i) => i.path)).toContain('per');
  });
});
