import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type FakeServer } from '../../../test/helpers/fake-openai-server.js';
import type { Case } from '../../core/types.js';
import { createGrader } from '../registry.js';
import type { GraderContext } from '../grader.js';

/** A deterministic embedding: letter counts a–z, so similar wording gives a high cosine. */
function letters(text: string): number[] {
  const v = new Array<number>(26).fill(0);
  for (const ch of text.toLowerCase()) {
    const k = ch.charCodeAt(0) - 97;
    if (k >= 0 && k < 26) v[k] += 1;
  }
  return v;
}

function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, x, i) => s + x * b[i], 0);
  return dot / Math.sqrt(a.reduce((s, x) => s + x * x, 0) * b.reduce((s, x) => s + x * x, 0));
}

let dir: string;
let openai: FakeServer;
let ollama: FakeServer;
let broken: FakeServer;
const env = () => ({ ASSAY_CACHE_DIR: join(dir, 'cache') });
const ctx: GraderContext = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: true };
const testCase: Case = {
  id: 'c1',
  input: 'q',
  expected: 'Your refund is on the way',
  slice: 'typical',
  metadata: {},
  weight: 1,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-similar-'));
  openai = await startScriptedServer({
    basePath: '/v1',
    script: {},
    shape: (_r, req) => ({ data: [{ embedding: letters(String(req.body.input)) }], model: req.body.model }),
  });
  ollama = await startScriptedServer({
    basePath: '',
    script: {},
    shape: (_r, req) => ({ embeddings: [letters(String(req.body.input))] }),
  });
  broken = await startScriptedServer({
    basePath: '/v1',
    script: (req) => (String(req.body?.input).includes('500') ? { status: 500, json: { error: 'boom' } } : {}),
    shape: () => ({ data: [] }),
  });
});

afterAll(async () => {
  await Promise.all([openai.close(), ollama.close(), broken.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('similar grader (embeddings)', () => {
  it('scores the cosine of the OpenAI-compatible embeddings and passes at the threshold', async () => {
    const grader = await createGrader(
      { type: 'similar', threshold: 0.9, embedding: { model: 'emb', baseUrl: openai.url } },
      { baseDir: dir, env: env() },
    );
    const close = await grader.grade(testCase, { text: 'The refund is on its way' }, ctx);
    const expected = cosine(letters('The refund is on its way'), letters('Your refund is on the way'));
    expect(close.value).toBeCloseTo(expected, 12);
    expect(close.pass).toBe(expected >= 0.9);
    const far = await grader.grade(testCase, { text: 'bananas' }, ctx);
    expect(far.pass).toBe(false);
    expect(far.reason).toMatch(/^cosine similarity 0\.\d+ < 0\.9 to/);
    expect(openai.requests.every((r) => r.path === '/v1/embeddings')).toBe(true);
  });

  it('embeds each text once: the reference comes from the shared response cache afterwards', async () => {
    const grader = await createGrader(
      { type: 'similar', name: 'sim2', embedding: { model: 'emb-cache', baseUrl: openai.url } },
      { baseDir: dir, env: env() },
    );
    const before = openai.requests.length;
    await grader.grade(testCase, { text: 'first answer' }, ctx);
    await grader.grade(testCase, { text: 'second answer' }, ctx);
    await grader.grade(testCase, { text: 'first answer' }, ctx);
    // 2 outputs + 1 reference; the repeated output and reference are cache hits.
    expect(openai.requests.length - before).toBe(3);
  });

  it("reads Ollama's /api/embed replies", async () => {
    const grader = await createGrader(
      { type: 'similar', threshold: 0.5, embedding: { provider: 'ollama', model: 'nomic', baseUrl: ollama.url } },
      { baseDir: dir, env: env() },
    );
    const r = await grader.grade(testCase, { text: 'Your refund is on the way' }, ctx);
    expect(r.value).toBeCloseTo(1, 12);
    expect(ollama.requests[0].path).toBe('/api/embed');
  });

  it('an endpoint error or a malformed reply is an error (the runner stores an error score), an empty output a 0', async () => {
    const grader = await createGrader(
      { type: 'similar', embedding: { model: 'emb', baseUrl: broken.url, retries: 0, cache: false } },
      { baseDir: dir, env: env() },
    );
    await expect(grader.grade(testCase, { text: 'code 500 please' }, ctx)).rejects.toThrow(/500/);
    await expect(grader.grade(testCase, { text: 'fine' }, ctx)).rejects.toThrow(/data\[0\]\.embedding/);
    expect(await grader.grade(testCase, { text: '  ' }, ctx)).toMatchObject({ value: 0, pass: false });
  });

  it('refuses a config without an embedding model, naming the field', async () => {
    await expect(
      createGrader({ type: 'similar', embedding: { baseUrl: openai.url } }, { baseDir: dir, env: env() }, 3),
    ).rejects.toMatchObject({
      code: 'GRADER_CONFIG_INVALID',
      issues: [expect.objectContaining({ path: 'graders[3].embedding.model' })],
    });
  });
});
