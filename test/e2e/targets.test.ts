import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const KEY = 'sk-e2e-SECRET-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (p: string) => join(projectRoot, 'test/fixtures/targets', p);
let n = 0;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Writes an eval file into a fresh folder (the fake server's port is only known at run time). */
function evalFile(target: Record<string, unknown>): { path: string; folder: string } {
  const folder = join(dir, `case-${n++}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'targets.eval.yaml');
  writeFileSync(
    path,
    [
      'name: targets-e2e',
      `dataset: ${JSON.stringify(fixture('cases.jsonl'))}`,
      `target: ${JSON.stringify(target)}`,
      'graders:',
      '  - type: includes',
      '    name: correct',
      'concurrency: 3',
      'timeoutMs: 10000',
    ].join('\n'),
  );
  return { path, folder };
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('targets through `assay run`', () => {
  it('runs an openai target, caches temperature-0 replies across runs, bypasses with --no-cache, and never stores the key', async () => {
    server = await startFakeOpenAI({
      script: (r) => ({
        text: String(r.body.messages.at(-1).content).includes('France') ? 'Paris' : 'I do not know',
        usage: { input: 20, output: 2 },
      }),
    });
    const { path, folder } = evalFile({
      type: 'openai',
      model: 'gpt-4o-mini',
      baseUrl: server.url,
      prompt: 'Answer: {{input}}',
      temperature: 0,
    });
    const store = join(folder, 'assay.db');
    const env = { OPENAI_API_KEY: KEY, ASSAY_CACHE_DIR: join(folder, 'cache') };

    const first = await runCli(['run', path, '--json', '--store', store], { env });
    expect(first.stderr).not.toContain(KEY);
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary).toMatchObject({ status: 'completed', counts: { cases: 3, trials: 3, errors: 0 } });
    expect(summary.graders[0]).toMatchObject({ name: 'correct', n: 3, passRate: { value: 1 / 3 } });
    expect(summary.cost.usd).toBeCloseTo((3 * (20 * 0.15 + 2 * 0.6)) / 1e6, 10);
    expect(server.requests).toHaveLength(3);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);

    const second = await runCli(['run', path, '--json', '--store', store], { env });
    expect(second.code).toBe(0);
    expect(server.requests).toHaveLength(3);

    const third = await runCli(['run', path, '--json', '--store', store, '--no-cache'], { env });
    expect(third.code).toBe(0);
    expect(server.requests).toHaveLength(6);

    const files = filesUnder(folder);
    expect(files.some((f) => f.endsWith('.json') && f.includes('cache'))).toBe(true);
    for (const file of files) expect(readFileSync(file).includes(KEY), file).toBe(false);
  });

  it('refuses to start without the API key, naming the env var, without a stack trace', async () => {
    const { path, folder } = evalFile({ type: 'openai', model: 'gpt-4o-mini', apiKeyEnv: 'ASSAY_E2E_MISSING_KEY' });
    const r = await runCli(['run', path, '--store', join(folder, 'assay.db')], { env: { ASSAY_E2E_MISSING_KEY: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environment variable ASSAY_E2E_MISSING_KEY, which is not set');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('reports a bad target config field by path', async () => {
    const { path, folder } = evalFile({ type: 'openai', model: 'gpt-4o-mini', temprature: 0 });
    const r = await runCli(['run', path, '--store', join(folder, 'assay.db')], { env: { OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("target.temprature: unknown field; did you mean 'temperature'?");
  });

  it('counts a command target failure and a missing replay recording as trial errors', async () => {
    for (const target of [
      { type: 'command', command: `${JSON.stringify(process.execPath)} ${JSON.stringify(fixture('bot.mjs'))}` },
      { type: 'replay', path: fixture('recorded.jsonl') },
    ]) {
      const { path, folder } = evalFile(target);
      const store = join(folder, 'assay.db');
      const r = await runCli(['run', path, '--json', '--store', store]);
      // 1 of 3 trials errored: above the default --max-error-rate (5%), so the run exits 1.
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('1 of 3 trials (33.3%) got a target error');
      const summary = JSON.parse(r.stdout);
      expect(summary.counts).toMatchObject({ trials: 3, errors: 1 });
      expect(summary.graders[0]).toMatchObject({ n: 2, passRate: { value: 1 } });
      const cases = await runCli(['show', summary.runId, '--cases', '--store', store]);
      expect(cases.stdout).toMatch(
        target.type === 'command'
          ? /exited with code 4 on case 't3': no answer for t3/
          : /No recorded output for case 't3'/,
      );
    }
  });
});
