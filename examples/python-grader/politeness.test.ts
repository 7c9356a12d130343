import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli } from '../../test/helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-python-grader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('grades every trial with the Python program', async () => {
  const store = join(dir, 'assay.db');
  const run = await runCli([
    'run',
    'examples/python-grader/politeness.eval.yaml',
    '--json',
    '--no-progress',
    '--store',
    store,
  ]);
  expect(run.stderr).toBe('');
  const summary = JSON.parse(run.stdout);
  expect(summary.graders[0]).toMatchObject({ name: 'polite', n: 3, errors: 0, passRate: { value: 2 / 3 } });
  const cases = await runCli(['show', summary.runId, '--cases', '--store', store]);
  expect(cases.stdout).toContain('FAIL polite 0.00 — missing: greets, thanks, not blunt');
});
