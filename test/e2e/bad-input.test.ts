import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (p: string) => join(projectRoot, 'test/fixtures/hardening', p);
const ESC = /[\u001B\u0007\u009B]/;

describe('terminal escape injection', () => {
  it('run, show, show --cases and runs print no escape sequence from model output, ids, names or reasons', async () => {
    const store = join(dir, 'escapes.db');
    const run = await runCli([
      'run',
      fixture('escapes.eval.ts'),
      '--store',
      store,
      '--no-progress',
      '--max-error-rate',
      '1',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('escapes::error::boom');
    const runId = run.stdout.match(/run (run_\w+)/)?.[1] ?? '';
    const outputs = [
      run,
      await runCli(['show', runId, '--store', store]),
      await runCli(['show', runId, '--cases', '--store', store]),
      await runCli(['runs', '--store', store]),
    ];
    for (const r of outputs) {
      expect(r.stdout, r.stdout).not.toMatch(ESC);
      expect(r.stderr, r.stderr).not.toMatch(ESC);
      expect(r.stdout).not.toMatch(/^::error::/m);
    }
    expect(outputs[2].stdout).toContain('answer ::error::boom');
    expect(outputs[2].stdout).toContain('target broke');
  });
});

describe('eval files', () => {
  it('name the eval file in target, grader and dataset errors, and give an alias bomb its file:line', async () => {
    const cases = join(dir, 'ok.jsonl');
    writeFileSync(cases, '{"id":"a","input":"hi"}\n');
    const write = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    const target = write(
      'target.eval.yaml',
      `name: t\ndataset: ${cases}\ntarget: { type: mock, temprature: 1 }\ngraders: [{ type: includes }]\n`,
    );
    const grader = write(
      'grader.eval.yaml',
      `name: t\ndataset: ${cases}\ntarget: { type: mock }\ngraders: [{ type: includez }]\n`,
    );
    const dataset = write(
      'dataset.eval.yaml',
      'name: t\ndataset: ./nope.jsonl\ntarget: { type: mock }\ngraders: [{ type: includes }]\n',
    );
    const bomb = write(
      'bomb.eval.yaml',
      [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from(
          { length: 7 },
          (_, i) =>
            `l${i}: &l${i} [${Array(10)
              .fill(i === 0 ? '*a' : `*l${i - 1}`)
              .join(', ')}]`,
        ),
      ].join('\n'),
    );
    for (const [file, expected] of [
      [target, 'target.eval.yaml: The target config is invalid'],
      [grader, 'grader.eval.yaml: '],
      [dataset, 'dataset.eval.yaml: '],
      [bomb, 'bomb.eval.yaml:2: yaml: aliases expand to more than 100,000 values'],
    ]) {
      const r = await runCli(['run', file, '--store', join(dir, 'evals.db')], { cwd: dir });
      expect(r.code, file).toBe(2);
      expect(r.stderr, r.stderr).toContain(expected);
      expect(r.stderr).not.toContain('Unexpected error');
    }
  });
});

describe('read commands and flags', () => {
  it('refuse a missing store and a file that is not a store, clearly', async () => {
    const typo = await runCli(['runs', '--store', join(dir, 'typo.db')]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No store at');
    const jsonl = join(dir, 'cases.jsonl');
    writeFileSync(jsonl, '{"id":"a","input":"x"}\n');
    for (const command of [['runs'], ['show', 'latest'], ['runs', '--json']]) {
      const r = await runCli([...command, '--store', jsonl]);
      expect(r.code, command.join(' ')).toBe(2);
      expect(r.stderr).toContain('is not an Assay store: the file is not a SQLite database');
      expect(r.stderr).not.toContain('Unexpected error');
    }
  });

  it('refuses --limit abc as a usage error', async () => {
    const r = await runCli(['runs', '--limit', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--limit must be a positive whole number, got 'abc'");
  });
});
