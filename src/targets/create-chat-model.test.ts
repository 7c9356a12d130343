import { afterEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../../test/helpers/fake-anthropic-server.js';
import { startFakeOllama } from '../../test/helpers/fake-ollama-server.js';
import { startFakeOpenAI, type FakeServer } from '../../test/helpers/fake-openai-server.js';
import { createChatModel } from './create-chat-model.js';
import { createMemoryResponseCache } from './transport/response-cache.js';

const schema = {
  name: 'verdict',
  schema: { type: 'object', properties: { choice: { type: 'string' } }, required: ['choice'] },
};
const opts = { signal: new AbortController().signal, useCache: true };
const messages = [
  { role: 'system' as const, content: 'You are a judge.' },
  { role: 'user' as const, content: 'Grade this.' },
];

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createChatModel', () => {
  it('openai: asks for a JSON schema reply and parses it into value, keeping the raw reply', async () => {
    server = await startFakeOpenAI({ script: { text: '{"choice":"A"}', usage: { input: 200, output: 10 } } });
    const model = createChatModel(
      { provider: 'openai', model: 'gpt-4o', baseUrl: server.url, temperature: 0 },
      { env: {}, cache: createMemoryResponseCache() },
    );
    const reply = await model.chat({ messages, responseSchema: schema }, opts);
    expect(server.requests[0].body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'verdict', schema: schema.schema },
    });
    expect(server.requests[0].body.temperature).toBe(0);
    expect(reply.value).toEqual({ choice: 'A' });
    expect(reply.costUsd).toBeCloseTo((200 * 2.5 + 10 * 10) / 1e6, 12);
    expect((reply.meta?.raw as any).choices[0].message.content).toBe('{"choice":"A"}');
    expect((await model.chat({ messages, responseSchema: schema }, opts)).cached).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('anthropic: sends x-api-key and anthropic-version, the system apart, and forces a tool call for a schema', async () => {
    server = await startFakeAnthropic({
      script: { toolCalls: [{ name: 'verdict', arguments: { choice: 'B' } }], usage: { input: 1000, output: 100 } },
    });
    const model = createChatModel(
      { provider: 'anthropic', model: 'claude-3-5-haiku-20241022', baseUrl: server.url },
      { env: { ANTHROPIC_API_KEY: 'ak-secret-123456' } },
    );
    const reply = await model.chat({ messages, responseSchema: schema, maxTokens: 300 }, opts);
    const request = server.requests[0];
    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('ak-secret-123456');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body).toMatchObject({
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 300,
      system: 'You are a judge.',
      messages: [{ role: 'user', content: 'Grade this.' }],
      tools: [{ name: 'verdict', input_schema: schema.schema }],
      tool_choice: { type: 'tool', name: 'verdict' },
    });
    expect(reply.value).toEqual({ choice: 'B' });
    expect(reply.toolCalls).toEqual([{ id: 'toolu_0', name: 'verdict', arguments: { choice: 'B' } }]);
    expect(reply.usage).toEqual({ inputTokens: 1000, outputTokens: 100, totalTokens: 1100 });
    expect(reply.costUsd).toBeCloseTo((1000 * 0.8 + 100 * 4) / 1e6, 12);
  });

  it('anthropic: a missing key names ANTHROPIC_API_KEY', () => {
    expect(() => createChatModel({ provider: 'anthropic', model: 'claude-3-5-haiku-latest' }, { env: {} })).toThrow(
      /ANTHROPIC_API_KEY/,
    );
  });

  it('ollama: posts to /api/chat with options and format, no key needed', async () => {
    server = await startFakeOllama({ script: { text: '{"choice":"C"}', usage: { input: 30, output: 4 } } });
    const model = createChatModel(
      { provider: 'ollama', model: 'llama3.2', baseUrl: server.url, temperature: 0, seed: 1 },
      { env: {} },
    );
    const reply = await model.chat({ messages, responseSchema: schema, maxTokens: 64 }, { ...opts, useCache: false });
    expect(server.requests[0].path).toBe('/api/chat');
    expect(server.requests[0].headers.authorization).toBeUndefined();
    expect(server.requests[0].body).toMatchObject({
      model: 'llama3.2',
      stream: false,
      format: schema.schema,
      options: { temperature: 0, seed: 1, num_predict: 64 },
    });
    expect(reply).toMatchObject({
      text: '{"choice":"C"}',
      value: { choice: 'C' },
      usage: { inputTokens: 30, outputTokens: 4 },
      costUsd: null,
    });
  });

  it('ollama: a pricing override prices a local model', async () => {
    server = await startFakeOllama({ script: { text: 'hi' } });
    const model = createChatModel(
      {
        provider: 'ollama',
        model: 'llama3.2',
        baseUrl: server.url,
        pricing: { inputPerMillion: 0, outputPerMillion: 0 },
      },
      { env: {} },
    );
    expect((await model.chat({ messages }, opts)).costUsd).toBe(0);
  });

  it('rejects a bad spec with the field path', () => {
    expect(() => createChatModel({ provider: 'gemini' as never, model: 'x' }, { env: {} })).toThrow(
      /model config is invalid/,
    );
    let caught: unknown;
    try {
      createChatModel({ provider: 'openai', model: '', temperature: 5 }, { env: {} });
    } catch (error) {
      caught = error;
    }
    expect((caught as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      'judge.model',
      'judge.temperature',
    ]);
  });
});
