import { AssayError } from '../../core/errors.js';
import type { Case, TargetOutput } from '../../core/types.js';
import type { JudgeChoice } from './choice-prompt.js';
import { buildChoiceRequest, interpretChoice } from './choice-prompt.js';
import type { JudgeDefinition } from './judge-definition.js';
import { samplingOf } from './judge-definition.js';
import { expectedText, inputText, outputText, section } from './prompt-parts.js';
import { factualityJudgeSchema } from './judge-schemas.js';
import { SpecReader } from './spec-reader.js';
import { quoteUntrusted } from './untrusted-text.js';

/** The verdicts of `judge.factuality` and what each scores. A superset adds facts, a subset misses some. */
export const FACTUALITY_CHOICES: readonly JudgeChoice[] = [
  { label: 'same', score: 1, description: 'the output states the same facts as the reference' },
  {
    label: 'differs-immaterially',
    score: 1,
    description: 'the wording or details differ, but not in a way that matters for correctness',
  },
  {
    label: 'superset',
    score: 0.75,
    description: 'the output contains every fact of the reference and more, consistent with it',
  },
  {
    label: 'subset',
    score: 0.5,
    description: 'the output is consistent with the reference but leaves some of its facts out',
  },
  { label: 'contradicts', score: 0, description: 'the output contradicts the reference on at least one fact' },
];

/**
 * `judge.factuality`: the output against the case's expected answer. Needs `expected`.
 *
 * @example
 * // - type: judge.factuality
 * //   threshold: 0.75   # superset, same and differs-immaterially pass
 */
export function factualityJudge(spec: unknown): JudgeDefinition {
  const r = new SpecReader(spec, 'judge.factuality', factualityJudgeSchema);
  const threshold = r.number('threshold', { min: 0, max: 1 }) ?? 0.75;
  r.done('judge.factuality takes an optional `threshold` in [0, 1] (default 0.75).');
  const sampling = samplingOf(spec as { [key: string]: unknown });
  return {
    type: 'judge.factuality',
    name: r.name,
    threshold,
    prompt: (testCase: Case, output: TargetOutput) => {
      const expected = expectedText(testCase);
      if (expected === undefined) {
        throw new AssayError(
          'JUDGE_NEEDS_EXPECTED',
          `Grader '${r.name}' (judge.factuality) needs an expected answer, and case '${testCase.id}' has none.`,
          {
            hint: 'Add `expected` to the case, or use judge.classify for cases without a reference.',
          },
        );
      }
      return buildChoiceRequest({
        task: 'Compare the factual content of the output with the reference answer to the same question. Ignore style and wording; judge only the facts.',
        choices: FACTUALITY_CHOICES,
        sections: [
          section('Question', quoteUntrusted('input', inputText(testCase))),
          section('Reference answer (taken as correct)', quoteUntrusted('reference', expected)),
          section('Output to evaluate', quoteUntrusted('output', outputText(output))),
        ],
        ...sampling,
      });
    },
    interpret: (reply) => interpretChoice(reply, FACTUALITY_CHOICES, threshold),
  };
}
