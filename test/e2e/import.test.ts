import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEvalFile } from '../../src/config/load-eval-file.js';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { createGrader } from '../../src/graders/registry.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => join('test/fixtures/interop', name);
const notMapped = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('  '));

describe('assay import', () => {
  it('lists every importer under one command', async () => {
    const help = await runCli(['import', '--help']);
    for (const kind of ['openai-evals', 'promptfoo', 'inspect', 'lm-eval']) expect(help.stdout).toContain(kind);
  });

  it('openai-evals: samples become cases; every line that did not map is reported', async () => {
    const out = join(dir, 'oe.jsonl');
    const r = await runCli(['import', 'openai-evals', fixture('openai-evals-samples.jsonl'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Imported 4 cases to ${out}.`);
    expect(notMapped(r.stdout).map((l) => l.replace(/ \(.*\)/, ''))).toEqual([
      '  test/fixtures/interop/openai-evals-samples.jsonl:5: not JSON; line skipped',
      '  test/fixtures/interop/openai-evals-samples.jsonl:3 message 1: a image_url content part has no Assay equivalent; not kept',
      '  test/fixtures/interop/openai-evals-samples.jsonl:3: metadata.tags is a list; Assay segment fields are flat, not kept',
      '  test/fixtures/interop/openai-evals-samples.jsonl:6: input is neither a string nor a list of chat messages; line skipped',
    ]);
    const { cases } = await loadDataset(out, { baseDir: dir });
    expect(cases.map((c) => [c.input, c.expected, c.metadata])).toEqual([
      [
        [
          { role: 'system', content: 'Answer with the capital city only.' },
          { role: 'user', content: 'France?' },
        ],
        'Paris',
        {},
      ],
      [
        [
          { role: 'system', content: 'Answer with the capital city only.' },
          { role: 'user', content: 'Spain?' },
        ],
        ['Madrid', 'madrid'],
        {},
      ],
      [[{ role: 'user', content: 'What is in this picture?' }], 'a cat', { difficulty: 'hard' }],
      ['Plain text prompt: 2+2?', '4', {}],
    ]);
  });

  it('promptfoo: writes eval YAML that Assay loads, maps equivalent assertions and lists the rest', async () => {
    const outDir = join(dir, 'pf');
    const r = await runCli(['import', 'promptfoo', fixture('promptfooconfig.yaml'), '--out-dir', outDir]);
    expect(r.code).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual([
      'capital-cities-1.eval.yaml',
      'capital-cities-2.eval.yaml',
      'capital-cities-3.eval.yaml',
      'capital-cities-4.eval.yaml',
      'cases.jsonl',
    ]);
    const notes = notMapped(r.stdout).join('\n');
    expect(notes.match(/'javascript' has no Assay equivalent/g)).toHaveLength(1);
    expect(notes).toContain("tests[0].assert[1]: 'llm-rubric' has no Assay equivalent");
    expect(notes).toContain('providers[2]: provider "vertex:gemini-1.5-pro" has no Assay target');
    expect(notes).toContain('providers[1].config.tools_choice: provider option has no Assay equivalent');
    expect(notes).toContain("tests[2]: has no 'is-json' assertion");
    const loaded = await loadEvalFile(join(outDir, 'capital-cities-4.eval.yaml'));
    expect(loaded.definition.target).toEqual({
      type: 'anthropic',
      model: 'claude-3-5-haiku-latest',
      temperature: 0,
      maxTokens: 64,
      prompt: 'You are a geography tutor. Reply with the capital of {{input.country}} and nothing else.\n',
    });
    expect(loaded.definition.graders).toEqual([
      { type: 'regex', pattern: "I don't know", negate: true, flags: 'i', name: 'not-icontains' },
      { type: 'includes', ignoreCase: true, name: 'icontains' },
      { type: 'json-valid', name: 'is-json' },
    ]);
    for (const spec of loaded.definition.graders) await createGrader(spec as never, { baseDir: outDir } as never);
    const { cases } = await loadDataset(join(outDir, 'cases.jsonl'), { baseDir: dir });
    expect(cases.map((c) => [c.id, c.input, c.expected])).toEqual([
      ['test-1', { country: 'France' }, 'Paris'],
      ['test-2', { country: 'Japan' }, 'Tokyo'],
      ['test-3', { country: 'Peru' }, 'Lima'],
    ]);
  });

  it('inspect: two logs become runs that show and compare like any run (round trip)', async () => {
    const store = join(dir, 'inspect.db');
    const runIds: string[] = [];
    for (const log of ['inspect-trivia-mini.json', 'inspect-trivia-4o.json']) {
      const r = await runCli(['import', 'inspect', fixture(log), '--store', store]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /Imported 16 trials of 8 cases from .* as run run_\S+ \(eval trivia, model openai\/gpt-4o/,
      );
      expect(r.stdout).toContain(
        'samples[3] scores.confidence: score {"low":0.2,"high":0.9} is not a number in [0, 1]',
      );
      runIds.push(/as run (run_\S+) /.exec(r.stdout)![1]);
    }
    const show = JSON.parse((await runCli(['show', runIds[0], '--json', '--store', store])).stdout);
    expect(show).toMatchObject({
      eval: 'trivia',
      repeats: 2,
      target: { kind: 'replay', source: 'inspect', model: 'openai/gpt-4o-mini' },
    });
    expect(show.counts).toMatchObject({ cases: 8, trials: 16, errors: 1, plannedTrials: 16 });
    // Cases 1, 4 and 7 (ids) fail both epochs; the rest pass, and case 8's errored epoch is left out.
    expect(show.graders[0]).toMatchObject({ name: 'match', passRate: { value: 0.625 } });
    const trials = await runCli(['show', runIds[0], '--cases', '--store', store]);
    expect(trials.stdout).toContain('RateLimitError: too many requests');
    const compare = JSON.parse((await runCli(['compare', runIds[0], runIds[1], '--json', '--store', store])).stdout);
    expect(compare.sharedCases).toBe(8);
    expect(compare.graders[0]).toMatchObject({ name: 'match', delta: { value: 0.25 } });
  });

  it('lm-eval: per-sample logs become a run with a grader per metric and filter', async () => {
    const store = join(dir, 'lm.db');
    const file = fixture('samples_gsm8k_2026-03-01T12-00-00.123456.jsonl');
    const r = await runCli(['import', 'lm-eval', file, '--model', 'llama-3-8b', '--store', store]);
    expect(r.code).toBe(0);
    expect(notMapped(r.stdout)).toEqual([
      `  ${file}:9 bleu: score 37.5 is not a number in [0, 1] or a boolean; not kept`,
    ]);
    const runId = /as run (run_\S+) /.exec(r.stdout)![1];
    const show = JSON.parse((await runCli(['show', runId, '--json', '--store', store])).stdout);
    expect(show).toMatchObject({ eval: 'gsm8k', target: { model: 'llama-3-8b' }, counts: { cases: 5, trials: 5 } });
    const rates = Object.fromEntries(
      show.graders.map((g: { name: string; passRate: { value: number } }) => [g.name, g.passRate.value]),
    );
    expect(rates).toEqual({ 'exact_match,strict-match': 0.75, 'exact_match,flexible-extract': 1, exact_match: 1 });
  });

  it('names a missing or malformed log without a stack trace', async () => {
    const missing = await runCli(['import', 'inspect', 'nope.json', '--store', join(dir, 'x.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read Inspect log nope.json');
    const wrong = await runCli(['import', 'inspect', join(projectRoot, 'package.json'), '--store', join(dir, 'x.db')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('has no eval header or no samples');
  });
});
