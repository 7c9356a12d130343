import { describe, expect, it } from 'vitest';
import type { EvalDefinition } from './eval-definition.js';
import { expandMatrix } from './matrix.js';
import { validateEvalDefinition } from './validate-eval.js';

const target = (label: string) => ({ label, type: 'openai', model: label, baseUrl: 'http://127.0.0.1:9/v1' });
const def = {
  name: 'm',
  dataset: './cases.jsonl',
  targets: [target('a'), target('b')],
  prompts: [
    { label: 'short', prompt: 'Q: {{input}}' },
    { label: 'long', messages: [{ role: 'user', content: 'Please: {{input}}' }] },
  ],
  graders: [{ type: 'includes' }],
} as unknown as EvalDefinition;

describe('matrix evals', () => {
  it('expands targets × prompts into cells, the prompt replacing the target’s own', () => {
    const cells = expandMatrix(def);
    expect(cells.map((c) => c.label)).toEqual(['a/short', 'a/long', 'b/short', 'b/long']);
    expect(cells[1].definition.target).toEqual({
      type: 'openai',
      model: 'a',
      baseUrl: 'http://127.0.0.1:9/v1',
      messages: [{ role: 'user', content: 'Please: {{input}}' }],
    });
    expect(cells[0].definition.targets).toBeUndefined();
  });

  it('--only keeps cells by cell, target or prompt label, and names the labels when one is unknown', () => {
    expect(expandMatrix(def, ['b']).map((c) => c.label)).toEqual(['b/short', 'b/long']);
    expect(expandMatrix(def, ['long', 'a/short']).map((c) => c.label)).toEqual(['a/short', 'a/long', 'b/long']);
    expect(() => expandMatrix(def, ['shrt'])).toThrow(/--only shrt: no cell, target or prompt has that label/);
  });

  it('reports every problem of targets, prompts and matrix at once', () => {
    let issues: { path: string; message: string; code: string }[] = [];
    try {
      validateEvalDefinition(
        {
          name: 'm',
          dataset: './c.jsonl',
          target: { type: 'openai', model: 'x' },
          targets: [target('a'), { type: 'command', command: 'x', label: 'a' }],
          prompts: [{ label: 'p', promt: 'typo' }],
          matrix: { pairs: 'some', extra: 1 },
          graders: [{ type: 'includes' }],
        },
        'm.eval.yaml',
      );
    } catch (error) {
      issues = (error as { issues: typeof issues }).issues;
    }
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'duplicate m.eval.yaml: targets[1].label',
      'conflict m.eval.yaml: targets',
      'conflict m.eval.yaml: targets[1]',
      'unknown_field m.eval.yaml: prompts[0].promt',
      'missing_field m.eval.yaml: prompts[0]',
      'unknown_field m.eval.yaml: matrix.extra',
      'invalid_value m.eval.yaml: matrix.pairs',
    ]);
    expect(issues[3].message).toMatch(/did you mean 'prompt'/i);
  });
});
