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
    const r = await runCli(['run', join(dir, 'secret.eval.yaml'), '--json', '--store', store], {
      cwd: dir,
      env: { MY_PROVIDER_KEY: SECRET },
    });
    expect(r.stderr).not.toContain(SECRET);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'completed', counts: { trials: 2, errors: 0 } });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(r.stdout).not.toContain(SECRET);
    const shown = await runCli(['show', JSON.parse(r.stdout).runId, '--cases', '--json', '--store', store], {
      cwd: dir,
    });
    expect(shown.stdout).not.toContain(SECRET);
    const written = filesUnder(dir).filter((f) => !f.endsWith('.yaml'));
    expect(written.some((f) => f.endsWith('assay.db'))).toBe(true);
    // The temperature-0 replies are cached beside the store.
    expect(written.some((f) => f.startsWith(join(dir, '.assay', 'cache')) && f.endsWith('.json'))).toBe(true);
    for (const file of written) expect(readFileSync(file).includes(SECRET), file).toBe(false);
  });

  it('strips user:key@ from a baseUrl before the cache key, the cache file and the run record', async () => {
    const folder = mkdtempSync(join(dir, 'userinfo-'));
    const url = new URL(server.url);
    url.username = 'me';
    url.password = SECRET;
    const evalFile = join(folder, 'userinfo.eval.yaml');
    writeFileSync(
      evalFile,
      readFileSync(join(dir, 'secret.eval.yaml'), 'utf8')
        .replace(`baseUrl: ${server.url}`, `baseUrl: ${url.href}`)
        .replace(
          'graders: [{ type: includes }]',
          [
            'graders:',
            '  - { type: includes }',
            `  - { type: judge.classify, name: j, prompt: ok?, choices: { yes: 1, no: 0 }, judge: { provider: openai, model: m, baseUrl: '${url.href}' } }`,
          ].join('\n'),
        ),
    );
    const before = server.requests.length;
    const store = join(folder, 'assay.db');
    const r = await runCli(['run', evalFile, '--json', '--store', store], {
      cwd: folder,
      env: { MY_PROVIDER_KEY: 'k' },
    });
    expect(r.stderr).not.toContain(SECRET);
    const sent = server.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    // The credentials still reach the server, as HTTP Basic (as Node sends user info).
    expect(
      sent.some((q) => q.headers.authorization === `Basic ${Buffer.from(`me:${SECRET}`).toString('base64')}`),
    ).toBe(true);
    const written = filesUnder(folder).filter((f) => !f.endsWith('.yaml'));
    expect(written.some((f) => f.includes(join(folder, 'cache')) && f.endsWith('.json'))).toBe(true);
    for (const file of written) expect(readFileSync(file).includes(SECRET), file).toBe(false);
    // The same run again is served from the cache and says so.
    const again = await runCli(['run', evalFile, '--store', store, '--no-progress'], {
      cwd: folder,
      env: { MY_PROVIDER_KEY: 'k' },
    });
    expect(again.stdout).toContain('2 of 2 outputs from cache; --no-cache to call the target');
    const fresh = await runCli(['run', evalFile, '--store', store, '--no-progress', '--no-cache'], {
      cwd: folder,
      env: { MY_PROVIDER_KEY: 'k' },
    });
    expect(fresh.stdout).not.toContain('from cache');
  });

  it('names the missing environment variable when a remote provider has no key', async () => {
    const file = join(dir, 'remote.eval.yaml');
    writeFileSync(
      file,
      readFileSync(join(dir, 'secret.eval.yaml'), 'utf8').replace(
        /baseUrl: .*/,
        'baseUrl: https://provider.example.invalid/v1',
      ),
    );
    const env = { ...process.env };
    delete env.MY_PROVIDER_KEY;
    const r = await runCli(['run', file, '--store', join(dir, 'other.db')], {
      cwd: dir,
      env: { ...env, MY_PROVIDER_KEY: undefined },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('MY_PROVIDER_KEY');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
