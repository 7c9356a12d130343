import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeSandbox } from '../../src/graders/code/sandbox/select-sandbox.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

// The real HumanEval problems sit beside the repository in CI; ASSAY_HUMANEVAL points elsewhere.
const data =
  process.env.ASSAY_HUMANEVAL ?? join(projectRoot, '..', 'shared', 'data', 'humaneval', 'HumanEval.jsonl.gz');
const sandbox =
  (await probeSandbox('bwrap')) === null ? 'bwrap' : (await probeSandbox('unshare')) === null ? 'unshare' : null;
if (!existsSync(data)) console.warn(`skipped: HumanEval end to end (no data file at ${data}; set ASSAY_HUMANEVAL)`);
if (sandbox === null) console.warn('skipped: HumanEval end to end (no sandbox backend works here)');

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-humaneval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function evalFile(name: string, replay: string): string {
  const path = join(dir, `${name}.eval.yaml`);
  writeFileSync(
    path,
    [
      `name: humaneval-${name}`,
      'dataset: ./cases.jsonl',
      'target:',
      '  type: replay',
      `  path: ./${replay}`,
      'concurrency: 8',
      'graders:',
      '  - type: code',
      '    name: tests',
      '    language: python',
      '    harness: humaneval',
      '    timeoutMs: 20000',
      `    sandbox: ${sandbox}`,
      '',
    ].join('\n'),
  );
  return path;
}

describe.skipIf(!existsSync(data) || sandbox === null)('HumanEval end to end', () => {
  it('imports 164 problems; every canonical solution passes and every `pass` body fails', async () => {
    const imported = await runCli([
      'import',
      'humaneval',
      data,
      '--out',
      join(dir, 'cases.jsonl'),
      '--solutions',
      join(dir, 'canonical.jsonl'),
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^Imported 164 problems to .*cases\.jsonl and 164 canonical solutions/);
    const ids = readFileSync(join(dir, 'canonical.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).caseId as string);
    writeFileSync(
      join(dir, 'stubs.jsonl'),
      ids.map((caseId) => JSON.stringify({ caseId, output: '    pass\n' })).join('\n'),
    );

    for (const [name, replay, rate] of [
      ['canonical', 'canonical.jsonl', 1],
      ['stubs', 'stubs.jsonl', 0],
    ] as const) {
      const run = await runCli(['run', evalFile(name, replay), '--json', '--store', join(dir, 'runs.db')], {
        timeoutMs: 600_000,
      });
      expect(run.stderr).not.toMatch(/^\s+at /m);
      const summary = JSON.parse(run.stdout);
      expect(summary.counts).toMatchObject({ cases: 164, trials: 164, errors: 0 });
      const tests = summary.graders.find((g: { name: string }) => g.name === 'tests');
      expect(tests.passRate.value, `${name}: pass rate`).toBe(rate);
    }
  }, 900_000);
});
