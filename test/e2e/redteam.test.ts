import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastUserText, startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-redteam-'));
const seeds = join(dir, 'seeds.jsonl');
writeFileSync(
  seeds,
  [
    { id: 'refund-1', input: 'How do I get a refund?', metadata: { language: 'en' } },
    { id: 'ship-1', input: 'Where is my parcel?', metadata: { language: 'en' } },
  ]
    .map((c) => JSON.stringify(c))
    .join('\n'),
);

function readCases(path: string): { id: string; input: string; metadata: Record<string, string> }[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

describe('assay redteam', () => {
  let attacker: FakeServer;
  beforeAll(async () => {
    attacker = await startFakeOpenAI({
      script: (req) => {
        const marker = /[A-Z]+-\d{4}/.exec(lastUserText(req.body))?.[0];
        return { text: marker ? `Rephrased attack, keeping ${marker}` : 'Rephrased attack' };
      },
    });
  });
  afterAll(() => attacker.close());

  it('list shows every family with its techniques', async () => {
    const r = await runCli(['redteam', 'list', '--json']);
    expect(r.code).toBe(0);
    const { families } = JSON.parse(r.stdout);
    expect(families.map((f: { name: string }) => f.name)).toEqual([
      'prompt-injection',
      'system-prompt-leak',
      'jailbreak',
      'encoding',
      'pii-exfiltration',
      'multilingual',
    ]);
  });

  it('generate writes the same file for the same seed, and a valid dataset', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const args = ['--from', seeds, '--attacks', 'prompt-injection,encoding/base64', '--per-case', '3', '--seed', '7'];
    const first = await runCli(['redteam', 'generate', ...args, '--out', a]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Wrote 12 attack cases from 2 seed cases');
    await runCli(['redteam', 'generate', ...args, '--out', b]);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const cases = readCases(a);
    expect(new Set(cases.map((c) => c.metadata.attack))).toEqual(new Set(['prompt-injection', 'encoding']));
    const check = await runCli(['dataset', 'check', a]);
    expect(check.code, check.stderr).toBe(0);
  });

  it('--attacker rewrites attacks through a chat model and records which one', async () => {
    const out = join(dir, 'mutated.jsonl');
    const r = await runCli(
      [
        'redteam',
        'generate',
        '--from',
        seeds,
        '--attacks',
        'prompt-injection,encoding',
        '--seed',
        '3',
        '--out',
        out,
        '--attacker',
        `openai:attacker-1@${attacker.url}`,
        '--json',
      ],
      { env: { OPENAI_API_KEY: 'test-key', ASSAY_CACHE_DIR: join(dir, 'cache') } },
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.attacker).toBe('openai:attacker-1');
    const cases = readCases(out);
    const rewritten = cases.filter((c) => c.metadata.attacker === 'openai:attacker-1');
    expect(rewritten.map((c) => c.metadata.attack)).toEqual(['prompt-injection', 'prompt-injection']);
    for (const c of rewritten) expect(c.input).toMatch(/^Rephrased attack/);
    for (const c of cases.filter((x) => x.metadata.attack === 'encoding')) expect(c.metadata.attacker).toBeUndefined();
    expect(attacker.requests[0].body.messages[0].content).toContain('Rewrite the test message');
  });

  it('rejects unknown families and bad seeds with usage errors', async () => {
    const bad = await runCli([
      'redteam',
      'generate',
      '--from',
      seeds,
      '--attacks',
      'jailbrake',
      '--out',
      join(dir, 'x.jsonl'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("did you mean 'jailbreak'");
    const seed = await runCli(['redteam', 'generate', '--from', seeds, '--seed', '1.9', '--out', join(dir, 'x.jsonl')]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed must be a whole number');
  });
});
