import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-behaviour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hung = join(projectRoot, 'test/fixtures/core/hung/hung.eval.ts');

describe('assay run: grader timeouts, --json and reporters', () => {
  it('ends a run whose grader never settles, with an error score, and prints only JSON with the gates in it', async () => {
    const r = await runCli(['run', hung, '--json', '--no-progress', '--store', join(dir, 'a.db')]);
    const s = JSON.parse(r.stdout);
    expect(s.status).toBe('completed');
    const g = s.graders.find((x: { name: string }) => x.name === 'hung');
    expect(g).toMatchObject({ graded: 0, graderErrors: 4, targetErrors: 1, errors: 5 });
    expect(s.counts.graderErrors).toBe(4);
    expect(s.warnings.join('\n')).toMatch(/hung: 4 of 5 scores are grader errors/);
    // Grader errors are never silently left out of a bar: the gate on 'hung' fails and says why.
    expect(s.gates.passed).toBe(false);
    expect(s.gates.results[1].detail).toMatch(/4 grader error\(s\).*no maxErrorRate rule accepts/);
    expect(r.code).toBe(1);
  });

  it('refuses a reporter that would write into the --json output, before running anything', async () => {
    const r = await runCli(['run', hung, '--json', '--reporter', 'markdown', '--store', join(dir, 'b.db')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--reporter markdown needs its own --out file');
  });
});
