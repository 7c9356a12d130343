import { afterEach, describe, expect, it } from 'vitest';
import type { Case, TargetOutput } from '../../core/types.js';
import { startFakeAnthropic } from '../../../test/helpers/fake-anthropic-server.js';
import { startFakeOllama } from '../../../test/helpers/fake-ollama-server.js';
import { startFakeOpenAI, type FakeScript, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { runGrader } from '../../graders/run-grader.js';
import { toolCalledGrader } from '../../graders/trajectory/tool-called-grader.js';
import { createTarget } from '../registry.js';
import { createToolbox } from '../tools/toolbox.js';
import { createMemoryResponseCache } from '../transport/response-cache.js';

const testCase: Case = { id: 'c1', input: 'Where is order A-1?', slice: 'typical', metadata: {}, weight: 1 };
const definitions = [
  {
    name: 'lookup_order',
    description: 'Find an order',
    parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  },
];

/** Each dialect: its fake server, and where a request carries the tool results sent back. */
const dialects = [
  {
    type: 'openai',
    start: (script: FakeScript) => startFakeOpenAI({ script }),
    toolResults: (body: any) => body.messages.filter((m: any) => m.role === 'tool'),
    resultText: (m: any) => m.content as string,
    callIdOf: (m: any) => m.tool_call_id as string,
    declared: (body: any) => body.tools.map((t: any) => t.function.name),
  },
  {
    type: 'anthropic',
    start: (script: FakeScript) => startFakeAnthropic({ script }),
    toolResults: (body: any) =>
      body.messages.flatMap((m: any) =>
        Array.isArray(m.content) ? m.content.filter((b: any) => b.type === 'tool_result') : [],
      ),
    resultText: (b: any) => b.content as string,
    callIdOf: (b: any) => b.tool_use_id as string,
    declared: (body: any) => body.tools.map((t: any) => t.name),
  },
  {
    type: 'ollama',
    start: (script: FakeScript) => startFakeOllama({ script }),
    toolResults: (body: any) => body.messages.filter((m: any) => m.role === 'tool'),
    resultText: (m: any) => m.content as string,
    callIdOf: () => undefined,
    declared: (body: any) => body.tools.map((t: any) => t.function.name),
  },
] as const;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runAgent(type: string, handlers: Parameters<typeof createToolbox>[1], maxSteps = 5) {
  const target = await createTarget(
    { type, model: 'm', baseUrl: server!.url, temperature: 0 },
    { baseDir: '.', env: {}, cache: createMemoryResponseCache() },
  );
  return target.call(testCase, {
    signal: new AbortController().signal,
    runId: 'r',
    repeat: 0,
    useCache: true,
    tools: createToolbox(definitions, handlers),
    maxSteps,
  });
}

describe.each(dialects)('the $type tool-calling loop', (d) => {
  it('runs a tool, sends its result back in the dialect’s format, and stores the trajectory whole', async () => {
    server = await d.start([
      {
        toolCalls: [{ id: 'call_1', name: 'lookup_order', arguments: { id: 'A-1' } }],
        usage: { input: 20, output: 5 },
      },
      { text: 'Order A-1 has shipped.', usage: { input: 40, output: 7 } },
    ]);
    const seen: unknown[] = [];
    const output = await runAgent(d.type, {
      lookup_order: (args) => (seen.push(args), { id: 'A-1', status: 'shipped' }),
    });
    expect(seen).toEqual([{ id: 'A-1' }]);
    expect(server.requests).toHaveLength(2);
    expect(d.declared(server.requests[0].body)).toEqual(['lookup_order']);
    const results = d.toolResults(server.requests[1].body);
    expect(results).toHaveLength(1);
    expect(JSON.parse(d.resultText(results[0]))).toEqual({ id: 'A-1', status: 'shipped' });
    if (d.type !== 'ollama') expect(d.callIdOf(results[0])).toBe('call_1');
    expect(output.text).toBe('Order A-1 has shipped.');
    expect(output.toolCalls).toEqual([expect.objectContaining({ name: 'lookup_order', arguments: { id: 'A-1' } })]);
    const t = output.trajectory!;
    expect(t.stopReason).toBe('final_answer');
    expect(t.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(t.messages[2]).toMatchObject({ name: 'lookup_order', toolCallId: t.messages[1].toolCalls![0].id });
    expect(t.steps).toHaveLength(2);
    expect(output.usage).toMatchObject({ inputTokens: 60, outputTokens: 12 });
  });

  it('turns malformed tool-call JSON into an error result and an error score, never a crash', async () => {
    server = await d.start([
      { toolCalls: [{ name: 'lookup_order', arguments: '{"id": "A-1"' }] },
      { text: 'Sorry, let me answer without the tool.' },
    ]);
    let called = 0;
    const output = await runAgent(d.type, { lookup_order: () => ++called });
    expect(called).toBe(0);
    const toolMessage = output.trajectory!.messages.find((m) => m.role === 'tool')!;
    expect(toolMessage.error).toMatch(/not valid JSON/);
    expect(d.resultText(d.toolResults(server.requests[1].body)[0])).toMatch(/^Error: .*not valid JSON/);
    const score = await runGrader(
      toolCalledGrader({ tool: 'lookup_order', arguments: { id: 'A-1' } }),
      testCase,
      output,
      {
        signal: new AbortController().signal,
        runId: 'r',
        repeat: 0,
        useCache: false,
      },
    );
    expect(score.error).toMatch(/malformed arguments for lookup_order/);
    expect(Number.isNaN(score.value)).toBe(true);
  });

  it('reports a tool that throws to the model and keeps going', async () => {
    server = await d.start([
      { toolCalls: [{ name: 'lookup_order', arguments: { id: 'A-9' } }] },
      { text: 'I could not find that order.' },
    ]);
    const output = await runAgent(d.type, {
      lookup_order: () => {
        throw new Error('order database is down');
      },
    });
    expect(output.text).toBe('I could not find that order.');
    const tool = output.trajectory!.messages.find((m) => m.role === 'tool')!;
    expect(tool.error).toBe('lookup_order failed: order database is down');
    expect(d.resultText(d.toolResults(server.requests[1].body)[0])).toBe(
      'Error: lookup_order failed: order database is down',
    );
  });

  it('stops a loop that never ends at maxSteps, with no final answer', async () => {
    server = await d.start({ toolCalls: [{ name: 'lookup_order', arguments: { id: 'A-1' } }] });
    const output: TargetOutput = await runAgent(d.type, { lookup_order: () => ({ status: 'pending' }) }, 3);
    expect(server.requests).toHaveLength(3);
    expect(output.trajectory!.stopReason).toBe('max_steps');
    expect(output.trajectory!.steps).toHaveLength(3);
    expect(output.toolCalls).toHaveLength(3);
    expect(output.text).toBe('');
  });
});
