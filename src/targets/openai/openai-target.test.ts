import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStopper, withLazySignal } from '../../core/lazy-signal.js';
import type { Case } from '../../core/types.js';
import { startFakeOpenAI, type FakeScript, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import { createTarget } from '../registry.js';
import type { Target, TargetContext } from '../target.js';
import { createMemoryResponseCache } from '../transport/response-cache.js';
import { TransportError } from '../transport/transport-error.js';

const KEY = 'sk-test-DO-NOT-LEAK-1234567890';
const testCase: Case = {
  id: 'c1',
  input: 'What is the capital of France?',
  expected: 'Paris',
  slice: 'typical',
  metadata: { lang: 'en' },
  weight: 1,
};
const ctx = (over: Partial<TargetContext> = {}): TargetContext => ({
  signal: new AbortController().signal,
  runId: 'r',
  repeat: 0,
  useCache: true,
  ...over,
});

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(
  script: FakeScript,
  spec: Record<string, unknown> = {},
  extra: { cache?: ReturnType<typeof createMemoryResponseCache> } = {},
): Promise<Target> {
  server = await startFakeOpenAI({ script });
  return createTarget(
    { type: 'openai', model: 'gpt-4o-mini', baseUrl: server.url, ...spec },
    { baseDir: process.cwd(), env: { OPENAI_API_KEY: KEY }, cache: extra.cache ?? createMemoryResponseCache() },
  );
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe('openai target', () => {
  it('fails at creation when the API key is missing, naming the env var', async () => {
    const create = createTarget(
      { type: 'openai', model: 'gpt-4o-mini', apiKeyEnv: 'MY_OPENAI_KEY' },
      { baseDir: '.', env: {} },
    );
    await expect(create).rejects.toMatchObject({ code: 'TARGET_API_KEY_MISSING' });
    await expect(create).rejects.toThrow(/environment variable MY_OPENAI_KEY, which is not set/);
    await expect(createTarget({ type: 'openai', model: 'gpt-4o-mini' }, { baseDir: '.', env: {} })).rejects.toThrow(
      /OPENAI_API_KEY/,
    );
  });

  it('runs without a key against a server on 127.0.0.1, and sends the key as a bearer token when set', async () => {
    server = await startFakeOpenAI({ script: { text: 'ok' } });
    const keyless = await createTarget({ type: 'openai', model: 'm', baseUrl: server.url }, { baseDir: '.', env: {} });
    await keyless.call(testCase, ctx());
    expect(server.requests[0].headers.authorization).toBeUndefined();
    const keyed = await createTarget(
      { type: 'openai', model: 'm', baseUrl: server.url },
      { baseDir: '.', env: { OPENAI_API_KEY: KEY } },
    );
    await keyed.call(testCase, ctx());
    expect(server.requests[1].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('renders the prompt template and sampling params into a chat-completions request', async () => {
    const target = await setup(
      { text: 'Paris', usage: { input: 1000, output: 500 } },
      {
        system: 'Answer in {{metadata.lang}}.',
        prompt: 'Q: {{input}} (expected {{expected}})',
        temperature: 0,
        maxTokens: 50,
        topP: 0.9,
        stop: ['\n'],
        seed: 7,
      },
    );
    const output = await target.call(testCase, ctx());
    const request = server!.requests[0];
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Answer in en.' },
        { role: 'user', content: 'Q: What is the capital of France? (expected Paris)' },
      ],
      temperature: 0,
      max_tokens: 50,
      top_p: 0.9,
      stop: ['\n'],
      seed: 7,
    });
    expect(output.text).toBe('Paris');
    expect(output.usage).toEqual({ inputTokens: 1000, outputTokens: 500, totalTokens: 1500 });
    expect(output.costUsd).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(output.model).toBe('gpt-4o-mini');
    expect(output.cached).toBe(false);
    expect(output.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends a chat-messages case input as messages, and returns tool calls', async () => {
    const target = await setup({ toolCalls: [{ id: 't1', name: 'lookup_order', arguments: { orderId: 42 } }] });
    const chat: Case = {
      ...testCase,
      input: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'hello' },
        { role: 'user', content: 'order 42?' },
      ],
    };
    const output = await target.call(chat, ctx());
    expect(server!.requests[0].body.messages).toEqual(chat.input);
    expect(output.toolCalls).toEqual([{ id: 't1', name: 'lookup_order', arguments: { orderId: 42 } }]);
    expect(output.text).toBe('');
  });

  it('prices an unknown model at null, not 0', async () => {
    const target = await setup({ text: 'x', usage: { input: 100, output: 100 } }, { model: 'my-local-llama' });
    expect((await target.call(testCase, ctx())).costUsd).toBeNull();
  });

  it('times out a slow reply with a message saying so', async () => {
    const target = await setup({ delayMs: 2_000, text: 'late' }, { timeoutMs: 150, retries: 0 });
    const started = performance.now();
    const error = await failure(target.call(testCase, ctx()));
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/timed out after 150 ms/);
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    const target = await setup([{ status: 429, headers: { 'retry-after': '1' } }, { text: 'after the wait' }]);
    const output = await target.call(testCase, ctx());
    expect(output.text).toBe('after the wait');
    expect(server!.requests).toHaveLength(2);
    const waited = server!.requests[1].at - server!.requests[0].at;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(2_500);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const target = await setup((_r, i) =>
      i === 0
        ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2_000).toUTCString() } }
        : { text: 'ok' },
    );
    await target.call(testCase, ctx());
    // HTTP dates have one-second resolution, so the wait is between 1 and 2 seconds.
    expect(server!.requests[1].at - server!.requests[0].at).toBeGreaterThanOrEqual(950);
  });

  it('fails at once when the server asks to wait longer than the cap', async () => {
    const target = await setup({ status: 429, headers: { 'retry-after': '3600' } });
    const error = await failure(target.call(testCase, ctx()));
    expect(error.failure).toBe('retry-after-too-long');
    expect(error.message).toMatch(/asked to wait 3600 s/);
    expect(server!.requests).toHaveLength(1);
  });

  it('retries 5xx replies and network errors, then succeeds', async () => {
    const target = await setup([{ status: 500 }, { destroy: true }, { status: 502 }, { text: 'finally' }]);
    const output = await target.call(testCase, ctx());
    expect(output.text).toBe('finally');
    expect(server!.requests).toHaveLength(4);
    expect(output.meta).toMatchObject({ attempts: 4 });
  });

  it('gives up after the configured retries with the status and a body excerpt', async () => {
    const target = await setup(
      { status: 500, json: { error: { message: 'the model is overloaded' } } },
      { retries: 1 },
    );
    const error = await failure(target.call(testCase, ctx()));
    expect(server!.requests).toHaveLength(2);
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/HTTP 500 .* after 2 attempts: .*the model is overloaded/);
  });

  it('does not retry a 400 and never shows the key, even when the server echoes it', async () => {
    const target = await setup((r) => ({ status: 401, json: { error: `bad key ${r.headers.authorization}` } }));
    const error = await failure(target.call(testCase, ctx()));
    expect(server!.requests).toHaveLength(1);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/HTTP 401/);
    expect(`${error.message} ${error.bodyExcerpt} ${error.hint}`).not.toContain(KEY);
    expect(error.message).toContain('***');
  });

  it('reports malformed JSON and replies of the wrong shape clearly', async () => {
    const target = await setup([{ raw: '{"choices": [' }, { json: { hello: 'world' } }]);
    const notJson = await failure(target.call(testCase, ctx()));
    expect(notJson.message).toMatch(/not valid JSON.*\{"choices": \[/);
    const wrongShape = await failure(target.call(testCase, ctx()));
    expect(wrongShape.message).toMatch(/expected choices\.0\.message to be an object/);
  });

  it('spaces requests to the rate limit', async () => {
    const target = await setup({ text: 'ok' }, { rateLimit: 600 });
    await Promise.all([1, 2, 3, 4].map(() => target.call(testCase, ctx())));
    // One request per 100 ms: the fourth cannot start before 300 ms after the first. Only this
    // lower bound is checked; a loaded machine may delay any request, never hasten one. (The
    // limiter's exact schedule is tested on a virtual clock in rate-limiter.test.ts.)
    const at = server!.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(at[3] - at[0]).toBeGreaterThanOrEqual(250);
  });

  it('caches temperature-0 replies: the second call makes no request; useCache: false bypasses', async () => {
    const target = await setup({ text: 'cached answer' }, { temperature: 0 });
    const first = await target.call(testCase, ctx());
    const second = await target.call(testCase, ctx());
    expect(server!.requests).toHaveLength(1);
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, text: 'cached answer' });
    await target.call(testCase, ctx({ useCache: false }));
    expect(server!.requests).toHaveLength(2);
    await target.call({ ...testCase, input: 'another question' }, ctx());
    expect(server!.requests).toHaveLength(3);
  });

  it('caches each repeat of a case apart, so repeats stay independent samples', async () => {
    const target = await setup({ text: 'x' }, { temperature: 0 });
    await target.call(testCase, ctx({ repeat: 0 }));
    await target.call(testCase, ctx({ repeat: 1 }));
    expect(server!.requests).toHaveLength(2);
    expect((await target.call(testCase, ctx({ repeat: 1 }))).cached).toBe(true);
    expect(server!.requests).toHaveLength(2);
  });

  it('does not cache at temperature > 0 unless cache: true, and never with cache: false', async () => {
    const warm = await setup({ text: 'x' }, { temperature: 0.7 });
    await warm.call(testCase, ctx());
    await warm.call(testCase, ctx());
    expect(server!.requests).toHaveLength(2);
    await server!.close();
    const forced = await setup({ text: 'x' }, { temperature: 0.7, cache: true });
    await forced.call(testCase, ctx());
    await forced.call(testCase, ctx());
    expect(server!.requests).toHaveLength(1);
    await server!.close();
    const off = await setup({ text: 'x' }, { temperature: 0, cache: false });
    await off.call(testCase, ctx());
    await off.call(testCase, ctx());
    expect(server!.requests).toHaveLength(2);
  });

  it('never caches errors', async () => {
    const cache = createMemoryResponseCache();
    const target = await setup(
      [{ status: 500 }, { raw: 'not json' }, { text: 'good' }],
      { temperature: 0, retries: 0 },
      { cache },
    );
    await failure(target.call(testCase, ctx()));
    await failure(target.call(testCase, ctx()));
    expect(cache.size).toBe(0);
    expect((await target.call(testCase, ctx())).text).toBe('good');
    expect((await target.call(testCase, ctx())).cached).toBe(true);
    expect(server!.requests).toHaveLength(3);
  });

  it('keeps the API key out of cache files, cache keys and the fingerprint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'assay-cache-'));
    try {
      server = await startFakeOpenAI({ script: { text: 'Paris' } });
      const make = (key: string) =>
        createTarget(
          { type: 'openai', model: 'gpt-4o', baseUrl: server!.url, temperature: 0, cacheDir: dir },
          { baseDir: process.cwd(), env: { OPENAI_API_KEY: key } },
        );
      const target = await make(KEY);
      await target.call(testCase, ctx());
      // A different key must hit the same entry: the key is not part of the cache key.
      const other = await make('sk-another-key-0987654321');
      expect((await other.call(testCase, ctx())).cached).toBe(true);
      expect(server.requests).toHaveLength(1);
      const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'));
      expect(files).toHaveLength(1);
      for (const file of files) {
        const content = await readFile(join(dir, file), 'utf8');
        expect(JSON.parse(content)).toMatchObject({
          status: 200,
          request: { url: `${server.url}/chat/completions`, headers: {} },
        });
        expect(content).not.toContain(KEY);
        expect(content.toLowerCase()).not.toContain('authorization');
      }
      expect(JSON.stringify(target.fingerprint())).not.toContain(KEY);
      expect(files.join(' ')).not.toContain(KEY);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('has a fingerprint of kind, model, params and prompt hash', async () => {
    const a = await setup({ text: 'x' }, { prompt: 'Q: {{input}}', temperature: 0 });
    const b = await createTarget(
      { type: 'openai', model: 'gpt-4o-mini', baseUrl: server!.url, prompt: 'Question: {{input}}', temperature: 0 },
      { baseDir: '.', env: {} },
    );
    expect(a.fingerprint()).toMatchObject({ kind: 'openai', model: 'gpt-4o-mini', params: { temperature: 0 } });
    expect(a.fingerprint().promptHash).toMatch(/^[0-9a-f]{12}$/);
    expect(a.fingerprint().promptHash).not.toBe(b.fingerprint().promptHash);
  });

  it('stops waiting when the caller aborts', async () => {
    const target = await setup({ delayMs: 5_000 });
    const controller = new AbortController();
    const pending = target.call(testCase, ctx({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('trial timed out by the runner')), 100);
    await expect(pending).rejects.toThrow('trial timed out by the runner');
  });

  describe("onStop (the runner's stop, without an AbortSignal)", () => {
    /** A context as the runner makes it: the signal is made on first read and follows the stopper. */
    function stoppable() {
      const stopper = createStopper();
      let made = 0;
      let controller: AbortController | undefined;
      const context = withLazySignal({ runId: 'r', repeat: 0, useCache: false, onStop: stopper.onStop }, () => {
        if (controller === undefined) {
          made++;
          const c = new AbortController();
          controller = c;
          stopper.onStop((reason) => c.abort(reason));
        }
        return controller.signal;
      });
      return { stopper, context, made: () => made };
    }

    it('answers without ever making the signal', async () => {
      const target = await setup({ text: 'Paris' });
      const { context, made } = stoppable();
      await expect(target.call(testCase, context)).resolves.toMatchObject({ text: 'Paris' });
      expect(made()).toBe(0);
    });

    it('drops the request in flight when the trial stops, with the stop reason', async () => {
      let received!: () => void;
      const arrived = new Promise<void>((resolve) => (received = resolve));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const target = await setup(async () => {
        received();
        await held;
        return { text: 'too late' };
      });
      const { stopper, context } = stoppable();
      const pending = target.call(testCase, context);
      await arrived;
      stopper.stop(new Error('trial timed out by the runner'));
      await expect(pending).rejects.toThrow('trial timed out by the runner');
      release();
    });

    it('sends nothing for a trial that has already stopped', async () => {
      const target = await setup({ text: 'Paris' });
      const { stopper, context } = stoppable();
      stopper.stop(new Error('run cancelled'));
      await expect(target.call(testCase, context)).rejects.toThrow('run cancelled');
      expect(server!.requests).toHaveLength(0);
    });
  });
});
