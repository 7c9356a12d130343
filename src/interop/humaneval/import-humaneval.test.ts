import { describe, expect, it } from 'vitest';
import { parseHumanEval } from './import-humaneval.js';

const line = (o: object) => JSON.stringify(o);
const good = {
  task_id: 'T/0',
  prompt: 'def f():\n',
  canonical_solution: '    return 1\n',
  test: 'def check(c):\n    assert c() == 1\n',
  entry_point: 'f',
};

describe('parseHumanEval', () => {
  it('maps a problem to a case and its canonical solution to a replay line', () => {
    const { cases, solutions } = parseHumanEval(`${line(good)}\n\n`, 'he.jsonl');
    expect(cases).toEqual([
      {
        id: 'T/0',
        input: 'def f():\n',
        expected: good.test,
        slice: 'typical',
        weight: 1,
        source: 'humaneval',
        metadata: { language: 'python' },
      },
    ]);
    const other = parseHumanEval(line({ ...good, entry_point: 'g' }), 'he.jsonl').cases[0]!;
    expect(other.metadata).toEqual({ language: 'python', entryPoint: 'g' });
    expect(solutions).toEqual([{ caseId: 'T/0', output: '    return 1\n' }]);
  });

  it('reports every bad line at once with its number', () => {
    const text = [line(good), '{oops', line({ ...good, task_id: 'T/1', test: 3 }), line(good)].join('\n');
    expect(() => parseHumanEval(text, 'he.jsonl')).toThrowErrorMatchingInlineSnapshot(
      `[AssayError: he.jsonl has 3 lines that are not HumanEval problems.]`,
    );
    try {
      parseHumanEval(text, 'he.jsonl');
    } catch (error) {
      expect((error as { issues: unknown[] }).issues).toEqual([
        { code: 'invalid_syntax', path: 'he.jsonl:2', message: 'not valid JSON' },
        {
          code: 'missing_field',
          path: 'he.jsonl:3',
          message:
            'needs string fields test (HumanEval format: task_id, prompt, canonical_solution, test, entry_point)',
        },
        { code: 'duplicate', path: 'he.jsonl:4', message: "task_id 'T/0' appears twice" },
      ]);
    }
  });
});
