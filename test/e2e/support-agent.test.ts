import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-support-agent-'));
const store = join(dir, 'agent.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(release: 'v1' | 'v2') {
  const r = await runCli([
    'run',
    `examples/support-agent/support-agent-${release}.eval.ts`,
    '--json',
    '--no-gate',
    '--store',
    store,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { runId: string; graders: { name: string; passRate: { value: number } }[] };
}

describe('examples/support-agent', () => {
  it('runs both releases offline and compares them paired by conversation', async () => {
    const v1 = await run('v1');
    const v2 = await run('v2');
    const names = v2.graders.map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(['reply', 'answer', 'steps', 'right-tool', 'right-tool@turn2']));
    const r = await runCli(['compare', v1.runId, v2.runId, '--json', '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    const comparison = JSON.parse(r.stdout) as { sharedCases: number; graders: { name: string; verdict: string }[] };
    expect(comparison.sharedCases).toBe(22);
    const checksFirst = comparison.graders.find((g) => g.name === 'checks-first')!;
    expect(checksFirst.verdict).toBe('improved');
    expect(comparison.graders.map((g) => g.name)).toContain('right-tool@turn2');
  }, 180_000);
});
