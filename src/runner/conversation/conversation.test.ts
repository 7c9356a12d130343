import { afterEach, describe, expect, it } from 'vitest';
import { contentText } from '../../core/content-parts.js';
import type { Case } from '../../core/types.js';
import { startFakeOpenAI, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { createGrader } from '../../graders/registry.js';
import { createChatModel } from '../../targets/create-chat-model.js';
import { functionTarget } from '../../targets/function/function-target.js';
import { createMemoryResponseCache } from '../../targets/transport/response-cache.js';
import { executeTrial } from '../execute-trial.js';
import { GOAL_MET } from './simulated-user.js';

const env = { baseDir: '.', env: {} };
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A target that answers each turn from the last user message and counts what history it saw. */
const seenHistories: number[] = [];
const bot = functionTarget(
  (c) => {
    const messages = c.input as { role: string; content: string }[];
    seenHistories.push(messages.length);
    const last = contentText(messages[messages.length - 1].content as string);
    if (/refund/i.test(last)) return 'Your refund is on its way. Goodbye!';
    if (/order/i.test(last)) return 'Which order number?';
    return `You said: ${last}`;
  },
  { name: 'bot' },
);

function plan(testCase: Case, graders: Awaited<ReturnType<typeof createGrader>>[], agent?: object) {
  return {
    runId: 'r',
    testCase,
    repeat: 0,
    target: bot,
    graders,
    timeoutMs: 10_000,
    useCache: true,
    signal: new AbortController().signal,
    agent: { maxSteps: 10, datasetDir: '.', ...agent },
  };
}

describe('scripted conversations', () => {
  it('calls the target turn by turn with the history, and scores each turn and the conversation', async () => {
    seenHistories.length = 0;
    const testCase: Case = {
      id: 'conv-1',
      input: [{ role: 'system', content: 'Be kind.' }],
      turns: [
        { user: 'Hi, about my order', expected: 'Which order' },
        { user: 'It is A-1' },
        { user: 'I want a refund', expected: 'refund is on its way' },
      ],
      slice: 'typical',
      metadata: {},
      weight: 1,
    };
    const includes = await createGrader({ type: 'includes', name: 'answers' }, env);
    const sequence = await createGrader({ type: 'no-tool', name: 'no-tools' }, env);
    const trial = await executeTrial(plan(testCase, [includes, sequence]));
    expect(seenHistories).toEqual([2, 4, 6]);
    expect(trial.error).toBeNull();
    const t = trial.output!.trajectory!;
    expect(t.turns).toBe(3);
    expect(t.stopReason).toBe('turns_done');
    expect(t.messages.map((m) => `${m.turn}:${m.role}`)).toEqual([
      '0:system',
      '0:user',
      '0:assistant',
      '1:user',
      '1:assistant',
      '2:user',
      '2:assistant',
    ]);
    const byName = Object.fromEntries(trial.scores.map((s) => [s.grader, s]));
    expect(Object.keys(byName).sort()).toEqual(['answers', 'answers@turn1', 'answers@turn3', 'no-tools']);
    expect(byName['answers@turn1']).toMatchObject({ pass: true, meta: expect.objectContaining({ turn: 0 }) });
    expect(byName['answers']).toMatchObject({ pass: true, value: 1, reason: 'every turn passed (2)' });
    expect(byName['no-tools'].pass).toBe(true);
  });

  it('fails the conversation score when one turn fails, naming the turn', async () => {
    const testCase: Case = {
      id: 'conv-2',
      input: [],
      turns: [
        { user: 'order', expected: 'Which order' },
        { user: 'hello', expected: 'refund' },
      ],
      slice: 'typical',
      metadata: {},
      weight: 1,
    };
    const trial = await executeTrial(plan(testCase, [await createGrader({ type: 'includes', name: 'answers' }, env)]));
    const conv = trial.scores.find((s) => s.grader === 'answers')!;
    expect(conv).toMatchObject({ pass: false, value: 0.5, reason: '1 of 2 turns passed; failed: turn 2' });
  });
});

describe('simulated users', () => {
  const user = (over: object = {}): Case => ({
    id: 'sim',
    input: [],
    simulatedUser: { persona: 'a customer', goal: 'get a refund for A-1', maxTurns: 4, ...over },
    slice: 'typical',
    metadata: {},
    weight: 1,
  });
  const agentWith = (url: string) => ({
    userModel: createChatModel(
      { provider: 'openai', model: 'user-sim', baseUrl: url, temperature: 0 },
      { env: {}, cache: createMemoryResponseCache() },
    ),
  });

  it('stops when the simulated user says its goal is met', async () => {
    server = await startFakeOpenAI({
      script: [{ text: 'About my order' }, { text: 'I want a refund' }, { text: GOAL_MET }],
    });
    const trial = await executeTrial(plan(user(), [], agentWith(server.url)));
    expect(trial.output!.trajectory).toMatchObject({ stopReason: 'goal_met', turns: 2 });
    // The user model sees the persona and goal, and the bot's replies as the other party.
    expect(server.requests[0].body.messages[0].content).toContain('get a refund for A-1');
    expect(server.requests[1].body.messages.slice(1)).toEqual([
      { role: 'assistant', content: 'About my order' },
      { role: 'user', content: 'Which order number?' },
    ]);
  });

  it('stops at maxTurns when the goal is never met', async () => {
    server = await startFakeOpenAI({ script: { text: 'hello?' } });
    const trial = await executeTrial(plan(user({ maxTurns: 3 }), [], agentWith(server.url)));
    expect(trial.output!.trajectory).toMatchObject({ stopReason: 'max_turns', turns: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it('stops when a reply contains a stop phrase, and uses the scripted opening', async () => {
    server = await startFakeOpenAI({ script: { text: 'please refund me' } });
    const trial = await executeTrial(
      plan(user({ opening: 'Hi, about my order', stopPhrases: ['goodbye'] }), [], agentWith(server.url)),
    );
    expect(trial.output!.trajectory).toMatchObject({ stopReason: 'stop_phrase', turns: 2 });
    expect(trial.output!.trajectory!.messages[0]).toMatchObject({ role: 'user', content: 'Hi, about my order' });
    expect(server.requests).toHaveLength(1);
  });
});
