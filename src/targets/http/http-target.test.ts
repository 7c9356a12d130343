import { afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { startScriptedServer, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { createTarget } from '../registry.js';
import { createMemoryResponseCache } from '../transport/response-cache.js';

const testCase: Case = { id: 'h1', input: { q: 'hours?' }, slice: 'typical', metadata: { lang: 'fr' }, weight: 1 };
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('http target', () => {
  it('posts a rendered JSON body and picks the answer with outputPath', async () => {
    server = await startScriptedServer({
      basePath: '/answer',
      shape: () => ({}),
      script: { json: { data: { answers: [{ text: 'Nine to five.' }] } } },
    });
    const target = await createTarget(
      {
        type: 'http',
        url: server.url,
        body: { query: '{{input}}', lang: '{{metadata.lang}}', note: 'case {{id}}' },
        outputPath: 'data.answers.0.text',
        headers: { 'x-team': 'support', authorization: 'Bearer {{env.BOT_TOKEN}}' },
        cache: true,
      },
      { baseDir: '.', env: { BOT_TOKEN: 'tok-secret-9876' }, cache: createMemoryResponseCache() },
    );
    const output = await target.call(testCase, ctx);
    expect(server.requests[0].body).toEqual({ query: { q: 'hours?' }, lang: 'fr', note: 'case h1' });
    expect(server.requests[0].headers).toMatchObject({ 'x-team': 'support', authorization: 'Bearer tok-secret-9876' });
    expect(output).toMatchObject({ text: 'Nine to five.', cached: false });
    expect((await target.call(testCase, ctx)).cached).toBe(true);
    expect(JSON.stringify(target.fingerprint())).not.toContain('tok-secret');
  });

  it('says where outputPath found nothing', async () => {
    server = await startScriptedServer({ basePath: '/', shape: () => ({}), script: { json: { data: {} } } });
    const target = await createTarget(
      { type: 'http', url: server.url, outputPath: 'data.answer' },
      { baseDir: '.', env: {} },
    );
    await expect(target.call(testCase, ctx)).rejects.toThrow(/outputPath 'data.answer' found nothing at 'data.answer'/);
  });
});
