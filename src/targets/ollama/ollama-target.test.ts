import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { startFakeOllama } from '../../../test/helpers/fake-ollama-server.js';
import type { FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { createTarget } from '../registry.js';

const testCase: Case = {
  id: 'o1',
  input: { question: 'Why is the sky blue?' },
  slice: 'typical',
  metadata: { tier: 'pro' },
  weight: 1,
};
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('ollama target', () => {
  it('posts to /api/chat with sampling under options and reads token counts', async () => {
    server = await startFakeOllama({ script: { text: 'Rayleigh scattering.', usage: { input: 20, output: 3 } } });
    const target = await createTarget(
      {
        type: 'ollama',
        model: 'llama3.2',
        baseUrl: server.url,
        prompt: '[{{metadata.tier}}] {{input.question}}',
        temperature: 0.2,
        maxTokens: 32,
        stop: 'END',
      },
      { baseDir: '.', env: {} },
    );
    const output = await target.call(testCase, ctx);
    expect(server.requests[0].path).toBe('/api/chat');
    expect(server.requests[0].body).toEqual({
      model: 'llama3.2',
      stream: false,
      messages: [{ role: 'user', content: '[pro] Why is the sky blue?' }],
      options: { temperature: 0.2, num_predict: 32, stop: ['END'] },
    });
    expect(output).toMatchObject({
      text: 'Rayleigh scattering.',
      usage: { inputTokens: 20, outputTokens: 3, totalTokens: 23 },
      costUsd: null,
    });
  });

  it('reports a reply without a message clearly', async () => {
    server = await startFakeOllama({ script: { json: { error: 'model not loaded' } } });
    const target = await createTarget(
      { type: 'ollama', model: 'llama3.2', baseUrl: server.url, retries: 0 },
      { baseDir: '.', env: {} },
    );
    await expect(target.call(testCase, ctx)).rejects.toThrow(/expected message to be an object/);
  });
});
