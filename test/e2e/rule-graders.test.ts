import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (p: string) => join(projectRoot, 'test/fixtures/datasets/eval', p);

describe('rule graders from a YAML eval over a CSV dataset', () => {
  it('grades with templates, negation, token F1 and a custom module export', async () => {
    const r = await runCli(['run', fixture('support.eval.yaml'), '--json', '--store', join(dir, 'a.db')]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.counts).toMatchObject({ cases: 4, trials: 4, errors: 0 });
    const rate = (name: string) => s.graders.find((g: { name: string }) => g.name === name)?.passRate.value;
    expect(rate('keyword')).toBe(0.75);
    expect(rate('no-apology')).toBe(0.75);
    expect(rate('overlap')).toBe(0.75);
    expect(rate('endsWithPeriod')).toBe(1);
    expect(rate('length')).toBe(1);
    expect(s.segments).toContainEqual(
      expect.objectContaining({ field: 'tier', value: 'gold', grader: 'keyword', n: 2 }),
    );
  });

  it('refuses a bad grader config, naming the grader and the field', async () => {
    const bad = await runCli(['run', fixture('bad-graders.eval.yaml'), '--store', join(dir, 'b.db')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Grader 'order-id' .*is misconfigured/);
    expect(bad.stderr).toMatch(/pattern: not a valid regular expression: \/\(unclosed\/: Unterminated group/);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    const typo = await runCli(['run', fixture('typo.eval.yaml'), '--store', join(dir, 'c.db')]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/ignorecase: unknown option; did you mean 'ignoreCase'\?/);
  });
});
