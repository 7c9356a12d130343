import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { startFakeAnthropic } from '../../../test/helpers/fake-anthropic-server.js';
import type { FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { createTarget } from '../registry.js';
import { createMemoryResponseCache } from '../transport/response-cache.js';

const testCase: Case = { id: 'a1', input: 'Hello there', slice: 'typical', metadata: {}, weight: 1 };
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('anthropic target', () => {
  it('calls the Messages API and returns text, usage, cost and model', async () => {
    server = await startFakeAnthropic({
      script: [{ status: 529 }, { text: 'Hi!', usage: { input: 12, output: 3 }, model: 'claude-3-5-sonnet-20241022' }],
    });
    const target = await createTarget(
      {
        type: 'anthropic',
        model: 'claude-3-5-sonnet-latest',
        baseUrl: server.url,
        system: 'Be brief.',
        temperature: 0,
      },
      { baseDir: '.', env: { ANTHROPIC_API_KEY: 'ak-0123456789' }, cache: createMemoryResponseCache() },
    );
    const output = await target.call(testCase, ctx);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body).toEqual({
      model: 'claude-3-5-sonnet-latest',
      max_tokens: 1024,
      system: 'Be brief.',
      temperature: 0,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    expect(output).toMatchObject({
      text: 'Hi!',
      usage: { inputTokens: 12, outputTokens: 3 },
      model: 'claude-3-5-sonnet-20241022',
      cached: false,
    });
    expect(output.costUsd).toBeCloseTo((12 * 3 + 3 * 15) / 1e6, 12);
    expect(target.fingerprint()).toMatchObject({ kind: 'anthropic', model: 'claude-3-5-sonnet-latest' });
    expect(JSON.stringify(target.fingerprint())).not.toContain('ak-0123456789');
  });

  it('needs ANTHROPIC_API_KEY for a remote endpoint', async () => {
    await expect(
      createTarget({ type: 'anthropic', model: 'claude-3-5-haiku-latest' }, { baseDir: '.', env: {} }),
    ).rejects.toThrow(
      'The anthropic target needs an API key in the environment variable ANTHROPIC_API_KEY, which is not set.',
    );
  });
});
