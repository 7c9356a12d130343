import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { classifyJudge } from './classify-judge.js';
import { rubricJudge } from './rubric-judge.js';

const testCase: Case = {
  id: 'c1',
  input: 'How much paracetamol per day?',
  expected: 'At most 4 g.',
  slice: 'typical',
  metadata: {},
  weight: 1,
};
const userText = (def: ReturnType<typeof rubricJudge>): string =>
  String(def.prompt(testCase, { text: 'Up to 4 g.' }).messages.at(-1)?.content);

describe('includeExpected on rubric and classify judges', () => {
  it('shows the reference answer by default, and leaves it out for a reference-free judge', () => {
    expect(userText(rubricJudge({ type: 'judge.rubric', criteria: 'Helpful?' }))).toContain('At most 4 g.');
    const free = userText(rubricJudge({ type: 'judge.rubric', criteria: 'Helpful?', includeExpected: false }));
    expect(free).not.toContain('At most 4 g.');
    expect(free).not.toContain('Reference answer');
    const classify = classifyJudge({
      type: 'judge.classify',
      prompt: 'Right?',
      choices: { yes: 1, no: 0 },
      includeExpected: false,
    });
    expect(String(classify.prompt(testCase, { text: 'x' }).messages.at(-1)?.content)).not.toContain('At most 4 g.');
  });

  it('refuses a non-boolean includeExpected', () => {
    expect(() => rubricJudge({ type: 'judge.rubric', criteria: 'Helpful?', includeExpected: 'no' })).toThrow(
      /not configured correctly/,
    );
  });
});
