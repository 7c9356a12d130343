import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { startFakeAnthropic } from '../../../test/helpers/fake-anthropic-server.js';
import { startFakeOllama } from '../../../test/helpers/fake-ollama-server.js';
import { startFakeOpenAI, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { createTarget } from '../registry.js';
import { createMemoryResponseCache } from '../transport/response-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-images-'));
const bytes = Buffer.from('fake-png-bytes');
const b64 = bytes.toString('base64');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const imageCase = (image: object): Case => ({
  id: 'img',
  input: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', ...image },
      ],
    },
  ],
  slice: 'typical',
  metadata: {},
  weight: 1,
});

async function send(type: string, testCase: Case) {
  const target = await createTarget(
    { type, model: 'vision', baseUrl: server!.url },
    { baseDir: '.', env: {}, cache: createMemoryResponseCache() },
  );
  return target.call(testCase, {
    signal: new AbortController().signal,
    runId: 'r',
    repeat: 0,
    useCache: false,
    datasetDir: dir,
  });
}

describe('images in each dialect’s wire format, files read at call time', () => {
  it('OpenAI: image_url parts with a data URI for a file, the URL for a remote image', async () => {
    writeFileSync(join(dir, 'a.png'), bytes);
    server = await startFakeOpenAI({ script: { text: 'a cat' } });
    await send('openai', imageCase({ path: 'a.png', alt: 'a cat' }));
    await send('openai', imageCase({ url: 'https://img.test/cat.png' }));
    expect(server.requests[0].body.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${b64}` } },
    ]);
    expect(server.requests[1].body.messages[0].content[1]).toEqual({
      type: 'image_url',
      image_url: { url: 'https://img.test/cat.png' },
    });
  });

  it('Anthropic: image blocks with a base64 or url source', async () => {
    writeFileSync(join(dir, 'b.jpg'), bytes);
    server = await startFakeAnthropic({ script: { text: 'a dog' } });
    await send('anthropic', imageCase({ path: 'b.jpg' }));
    await send('anthropic', imageCase({ url: 'https://img.test/dog.jpg' }));
    expect(server.requests[0].body.messages[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: b64 } },
    ]);
    expect(server.requests[1].body.messages[0].content[1]).toEqual({
      type: 'image',
      source: { type: 'url', url: 'https://img.test/dog.jpg' },
    });
  });

  it('Ollama: base64 in images; a remote URL is an error that says why', async () => {
    writeFileSync(join(dir, 'c.webp'), bytes);
    server = await startFakeOllama({ script: { text: 'a bird' } });
    await send('ollama', imageCase({ path: 'c.webp' }));
    expect(server.requests[0].body.messages[0]).toEqual({ role: 'user', content: 'What is this?', images: [b64] });
    await expect(send('ollama', imageCase({ url: 'https://img.test/bird.png' }))).rejects.toThrow(
      /Ollama cannot fetch the image/,
    );
  });

  it('a file deleted after the dataset loaded is an error naming it', async () => {
    server = await startFakeOpenAI({ script: { text: 'x' } });
    await expect(send('openai', imageCase({ path: 'gone.png' }))).rejects.toThrow(
      'The image gone.png could not be read',
    );
  });
});
