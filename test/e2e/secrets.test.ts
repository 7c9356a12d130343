import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const SECRET = 'sk-test-SECRET-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'assay-secrets-'));
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeOpenAI({ script: (req) => ({ text: `hello and bye from ${req.body?.model}` }) });
  writeFileSync(
    join(dir, 'secret.eval.yaml'),
    [
      'name: secret-check',
      `dataset: ${join(projectRoot, 'test/fixtures/core/openai/cases.jsonl')}`,
      'target:',
      '  type: openai',
      `  baseUrl: ${server.url}`,
      '  model: gpt-4o-mini',
      '  apiKeyEnv: MY_PROVIDER_KEY',
      '  prompt: "{{input}}"',
      '  temperature: 0',
      'graders: [{ type: includes }]',
    ].join('\n'),
  );
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const p = join(folder, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('secrets', () => {
  it('sends the API key to the provider but never writes it to the store, the cache or the output', async () => {
    const store = join(dir, '.assay', 'assay.db');
    const r = await runCli(['run', join(dir, 'secret.eval.yaml'), '--json', '--store', store], { cwd: dir, env: { MY_PROVIDER_KEY: SECRET } });
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed', counts: { trials: 2, errors: 0 } });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(r.stdout).not.toContain(SECRET);
    const shown = await runCli(['show', JSON.parse(r.stdout).runId, '--cases', '--json', '--store', store], { cwd: dir });
    expect(shown.stdout).not.toContain(SECRET);
    const written = filesUnder(dir).filter((f) => !f.endsWith('.yaml'));
    expect(written.some((f) => f.endsWith('assay.db'))).toBe(true);
    // The temperature-0 replies are cached beside the store.
    expect(written.some((f) => f.startsWith(join(dir, '.assay', 'cache')) && f.endsWith('.json'))).toBe(true);
    for (const file of written) expect(readFileSync(file).includes(SECRET), file).toBe(false);
  });

  it('names the missing environment variable when a remote provider has no key', async () => {
    const file = join(dir, 'remote.eval.yaml');
    writeFileSync(file, readFileSync(join(dir, 'secret.eval.yaml'), 'utf8').replace(/baseUrl: .*/, 'baseUrl: https://provider.example.invalid/v1'));
    const env = { ...process.env };
    delete env.MY_PROVIDER_KEY;
    const r = await runCli(['run', file, '--store', join(dir, 'other.db')], { cwd: dir, env: { ...env, MY_PROVIDER_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MY_PROVIDER_KEY');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
